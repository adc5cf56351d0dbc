"""In a real headless Chromium: the Japanese conventions of the inquiry form and the font stacks."""

import pytest

from inquiries.models import Inquiry
from tests.browser.conftest import wait_for_url

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _inquiry_settings(settings, transactional_db):
    settings.INQUIRY_MIN_FILL_SECONDS = 0  # the minimum fill time has its own tests (tests/inquiries)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_japanese_form_shows_badges_and_stores_hiragana_readings_as_katakana(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/ja/inquiry/")
    font = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic UI"')
    label = browser.find_element(By.CSS_SELECTOR, 'label[for="id_company_name_kana"]')
    assert label.text == "会社名（フリガナ） 任意"
    assert browser.find_element(By.CSS_SELECTOR, 'label[for="id_company_name"] .field-badge').text == "必須"
    assert browser.find_elements(By.CSS_SELECTOR, "[placeholder]") == []

    browser.find_element(By.ID, "id_company_name").send_keys("株式会社ヨコハマ水処理")
    browser.find_element(By.ID, "id_company_name_kana").send_keys("かぶしきがいしゃ よこはますいしょり")
    browser.find_element(By.ID, "id_contact_person").send_keys("山田 花子")
    browser.find_element(By.ID, "id_contact_person_kana").send_keys("ﾔﾏﾀﾞ ﾊﾅｺ")
    browser.find_element(By.ID, "id_email").send_keys("hanako@example.co.jp")
    browser.find_element(By.ID, "id_message").send_keys("ダナン市の水環境分野で協力したい。")
    browser.find_element(By.ID, "id_consent").click()
    browser.find_element(By.CSS_SELECTOR, ".inquiry-form button[type=submit]").click()
    wait_for_url(browser, f"{live_server.url}/ja/inquiry/thanks/")

    inquiry = Inquiry.objects.get()
    assert inquiry.company_name_kana == "カブシキガイシャ ヨコハマスイショリ"
    assert inquiry.contact_person_kana == "ヤマダ ハナコ"


def test_english_form_starts_with_the_latin_system_font_and_asks_for_no_kana(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/en/inquiry/")
    assert browser.execute_script("return getComputedStyle(document.body).fontFamily").startswith("system-ui")
    assert browser.find_elements(By.ID, "id_company_name_kana") == []
    assert browser.find_element(By.CSS_SELECTOR, 'label[for="id_department"]').text == "Department Optional"
