"""End to end in a real headless Chromium: the demo site's pages run without a single console error (a blocked
script or style under our Content Security Policy shows up there), the language switcher and skip link work, and
the staff admin's translation tabs work with the locally served jQuery UI."""

import pytest

from tests.browser.conftest import STAFF_PASSWORD, STAFF_USERNAME, console_errors, sign_in_to_admin, wait_for_url

pytestmark = pytest.mark.browser

DEMO_PAGES = (
    "/{lang}/",
    "/{lang}/conferences/",
    "/{lang}/conferences/ascc-2022/",
    "/{lang}/conferences/ascc-2022/sessions/sdgs-vlr-well-being/",
    "/{lang}/speakers/",
    "/{lang}/speakers/le-minh-tuong/",
    "/{lang}/cities/",
    "/{lang}/cities/da-nang/",
    "/{lang}/inquiry/?city=da-nang",
    "/{lang}/privacy/",
)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_demo_pages_load_without_console_errors(browser, demo_site, language):
    from selenium.webdriver.common.by import By

    for page in DEMO_PAGES:
        browser.get(demo_site.url + page.format(lang=language))
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, page
        assert browser.find_element(By.TAG_NAME, "h1").text, page
        assert console_errors(browser) == [], page


def test_language_switcher_and_skip_link(browser, demo_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{demo_site.url}/ja/cities/da-nang/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "ダナン市"

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip_link = browser.switch_to.active_element
    assert skip_link.get_attribute("href").endswith("#main")
    assert skip_link.is_displayed()

    browser.find_element(By.CSS_SELECTOR, '.language-switcher a[hreflang="en"]').click()
    wait_for_url(browser, f"{demo_site.url}/en/cities/da-nang/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Da Nang"
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg[role=img]")) == 1


def test_admin_translation_tabs_work_without_a_cdn(browser, demo_site, django_db_blocker):
    from selenium.webdriver.common.by import By

    from cities.models import City

    sign_in_to_admin(browser, demo_site.url, STAFF_USERNAME, STAFF_PASSWORD)
    with django_db_blocker.unblock():
        city = City.objects.get(slug="da-nang")
    browser.get(f"{demo_site.url}/en/admin/cities/city/{city.pk}/change/")
    tabs = browser.find_elements(By.CSS_SELECTOR, ".ui-tabs-nav a")
    assert [tab.text for tab in tabs[:2]] == ["JA", "EN"]
    # The admin's own language (English here) opens first; the other language waits behind its tab.
    japanese_name = browser.find_element(By.ID, "id_name_ja")
    assert not japanese_name.is_displayed()
    tabs[0].click()
    assert japanese_name.is_displayed()
    assert japanese_name.get_attribute("value") == "ダナン市"
    assert console_errors(browser) == []
