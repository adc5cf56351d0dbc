"""The editorial tools in a real browser: the stale-translation marker on the admin's language tab (a static
script under the strict CSP) and a shareable preview link opened without an account."""

import pytest
from django.contrib.auth import get_user_model

from editorial.previews import create_preview_link, preview_url
from editorial.stale_translations import record_translation_edit
from tests.browser.conftest import STAFF_PASSWORD, console_errors, sign_in_to_admin, wait_for_url
from tests.factories import CityFactory
from yport.publishing import PublicationState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stale_english_tab_is_marked_in_the_admin(browser, live_server):
    from selenium.webdriver.common.by import By

    city = CityFactory(summary_ja="概要", summary_en="Summary")
    record_translation_edit(obj=city, changed_fields=["summary_ja"])
    get_user_model().objects.create_superuser("staff", "staff@example.com", STAFF_PASSWORD)
    sign_in_to_admin(browser, live_server.url, "staff", STAFF_PASSWORD)

    browser.get(f"{live_server.url}/en/admin/cities/city/{city.pk}/change/")
    tab = browser.find_element(By.CSS_SELECTOR, 'a[href="#tab_id_summary_en"]')
    assert "stale-translation-tab" in tab.find_element(By.XPATH, "..").get_attribute("class").split()
    assert tab.get_attribute("title").startswith("Possibly out of date")
    name_tab = browser.find_element(By.CSS_SELECTOR, 'a[href="#tab_id_name_en"]')
    assert "stale-translation-tab" not in name_tab.find_element(By.XPATH, "..").get_attribute("class").split()
    assert console_errors(browser) == []


def test_preview_link_opens_without_an_account(browser, live_server):
    from selenium.webdriver.common.by import By

    city = CityFactory(publication_state=PublicationState.DRAFT, name_ja="ダナン市", name_en="Da Nang")
    _link, token = create_preview_link(obj=city, user=None, language="ja")
    browser.get(live_server.url + preview_url(token, "ja"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "ダナン市"
    assert "プレビュー — 未公開" in browser.find_element(By.CSS_SELECTOR, ".preview-notice").text
    browser.find_element(By.CSS_SELECTOR, '.language-switcher a[hreflang="en"]').click()
    wait_for_url(browser, live_server.url + preview_url(token, "en"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Da Nang"
    assert console_errors(browser) == []
