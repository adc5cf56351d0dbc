"""End to end in a real headless Chromium: the demo site's pages run without a single console error (a blocked
script or style under our Content Security Policy shows up there), the language switcher and skip link work, and
the staff admin's translation tabs work with the locally served jQuery UI."""

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cities.models import City
from tests.browser.conftest import console_errors, wait_for_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def demo_content():
    # A transactional test starts with empty tables: put back the reference data (SDGs, fields of cooperation)
    # the way the data migration loads it, then the demo content on top.
    importlib.import_module("cities.migrations.0002_load_reference_data").load_reference_data(apps, None)
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("language", ["ja", "en"])
def test_demo_pages_load_without_console_errors(browser, live_server, demo_content, language):
    from selenium.webdriver.common.by import By

    for page in DEMO_PAGES:
        browser.get(live_server.url + page.format(lang=language))
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, page
        assert browser.find_element(By.TAG_NAME, "h1").text, page
        assert console_errors(browser) == [], page


def test_language_switcher_and_skip_link(browser, live_server, demo_content):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{live_server.url}/ja/cities/da-nang/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "ダナン市"

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip_link = browser.switch_to.active_element
    assert skip_link.get_attribute("href").endswith("#main")
    assert skip_link.is_displayed()

    browser.find_element(By.CSS_SELECTOR, '.language-switcher a[hreflang="en"]').click()
    wait_for_url(browser, f"{live_server.url}/en/cities/da-nang/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Da Nang"
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg[role=img]")) == 1


def test_admin_translation_tabs_work_without_a_cdn(browser, live_server, demo_content):
    from selenium.webdriver.common.by import By

    get_user_model().objects.create_superuser("staff", "staff@example.com", "a-long-password-123")
    browser.get(f"{live_server.url}/en/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys("staff")
    browser.find_element(By.ID, "id_password").send_keys("a-long-password-123")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for_url(browser, f"{live_server.url}/en/admin/")  # signed in before the next page is asked for

    city = City.objects.get(slug="da-nang")
    browser.get(f"{live_server.url}/en/admin/cities/city/{city.pk}/change/")
    tabs = browser.find_elements(By.CSS_SELECTOR, ".ui-tabs-nav a")
    assert [tab.text for tab in tabs[:2]] == ["JA", "EN"]
    # The admin's own language (English here) opens first; the other language waits behind its tab.
    japanese_name = browser.find_element(By.ID, "id_name_ja")
    assert not japanese_name.is_displayed()
    tabs[0].click()
    assert japanese_name.is_displayed()
    assert japanese_name.get_attribute("value") == "ダナン市"
    assert console_errors(browser) == []
