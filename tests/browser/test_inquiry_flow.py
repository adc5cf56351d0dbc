"""End to end in a real headless Chromium: a company fills in and sends the inquiry form in each language."""

import pytest
from django.core import mail

from inquiries.models import Inquiry
from tests.browser.conftest import wait_for_url
from tests.factories import MINIMAL_PDF, CityFactory, FieldOfCooperationFactory
from yport.outbox import send_due_emails

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _inquiry_settings(settings, transactional_db):
    settings.INQUIRY_MIN_FILL_SECONDS = 0  # the minimum fill time has its own tests (tests/inquiries)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INQUIRY_NOTIFY_EMAILS = ["staff@example.com"]


@pytest.mark.parametrize(
    ("language", "field_name", "thanks_heading"),
    [("ja", "水環境", "お問い合わせありがとうございます"), ("en", "Water environment", "Thank you for your inquiry")],
)
def test_company_submits_inquiry_in_browser(browser, live_server, language, field_name, thanks_heading, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    # A transactional test starts with empty tables: create the reference data the form offers.
    FieldOfCooperationFactory(slug="water-environment", name_ja="水環境", name_en="Water environment")
    CityFactory(slug="da-nang", name_ja="ダナン市", name_en="Da Nang")

    browser.get(f"{live_server.url}/{language}/inquiry/?city=da-nang")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    assert not browser.find_element(By.ID, "id_homepage").is_displayed()
    selected_city = Select(browser.find_element(By.ID, "id_city")).first_selected_option.text
    assert selected_city == ("ダナン市" if language == "ja" else "Da Nang")

    browser.find_element(By.ID, "id_company_name").send_keys("株式会社ヨコハマ水処理")
    browser.find_element(By.ID, "id_contact_person").send_keys("Hanako Yamada")
    browser.find_element(By.ID, "id_email").send_keys("hanako@example.co.jp")
    browser.find_element(By.ID, "id_phone").send_keys("045-671-4703")
    browser.find_element(By.ID, "id_message").send_keys("ダナン市の水環境分野で協力したい。")
    browser.find_element(By.XPATH, f"//label[contains(., '{field_name}')]").click()
    profile = tmp_path / "company-profile.pdf"
    profile.write_bytes(MINIMAL_PDF)
    browser.find_element(By.ID, "id_attachments").send_keys(str(profile))
    browser.find_element(By.ID, "id_consent").click()
    browser.find_element(By.CSS_SELECTOR, "form.inquiry-form button[type=submit]").click()

    wait_for_url(browser, f"{live_server.url}/{language}/inquiry/thanks/")
    assert browser.find_element(By.TAG_NAME, "h1").text == thanks_heading
    assert browser.find_element(By.CSS_SELECTOR, ".attachment-list li").text == "company-profile.pdf"
    inquiry = Inquiry.objects.get()
    assert [attachment.original_name for attachment in inquiry.attachments.all()] == ["company-profile.pdf"]
    assert browser.find_element(By.CLASS_NAME, "inquiry-reference").text == inquiry.reference
    assert inquiry.language == language
    assert [field.slug for field in inquiry.fields_of_interest.all()] == ["water-environment"]
    assert inquiry.city.slug == "da-nang"
    assert mail.outbox == []  # the email worker sends them
    assert send_due_emails() == (2, 0)
    assert sorted(message.to[0] for message in mail.outbox) == ["hanako@example.co.jp", "staff@example.com"]
    assert all(inquiry.reference in message.subject for message in mail.outbox)


def test_rate_limited_company_keeps_what_it_typed_and_sends_it_later(browser, live_server, settings):
    from selenium.webdriver.common.by import By

    settings.INQUIRY_RATE_LIMIT = 1
    for company in ("First Co.", "Second Co."):
        browser.get(f"{live_server.url}/en/inquiry/")
        browser.find_element(By.ID, "id_company_name").send_keys(company)
        browser.find_element(By.ID, "id_contact_person").send_keys("Hanako Yamada")
        browser.find_element(By.ID, "id_email").send_keys("hanako@example.co.jp")
        browser.find_element(By.ID, "id_message").send_keys(f"A question from {company}")
        browser.find_element(By.ID, "id_consent").click()
        browser.find_element(By.CSS_SELECTOR, "form.inquiry-form button[type=submit]").click()
        if company == "First Co.":
            wait_for_url(browser, f"{live_server.url}/en/inquiry/thanks/")  # sent before the form is opened again

    assert browser.find_element(By.ID, "rate-limited-heading").text == "Your inquiry was not sent yet"
    assert browser.find_element(By.ID, "id_company_name").get_attribute("value") == "Second Co."
    assert browser.find_element(By.ID, "id_message").get_attribute("value") == "A question from Second Co."
    assert browser.find_element(By.ID, "id_consent").is_selected()
    assert list(Inquiry.objects.values_list("company_name", flat=True)) == ["First Co."]

    settings.INQUIRY_RATE_LIMIT = 2  # as if the window had passed
    browser.find_element(By.CSS_SELECTOR, "form.inquiry-form button[type=submit]").click()
    wait_for_url(browser, f"{live_server.url}/en/inquiry/thanks/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Thank you for your inquiry"
    assert sorted(Inquiry.objects.values_list("company_name", flat=True)) == ["First Co.", "Second Co."]


def test_browser_shows_errors_next_to_fields_and_in_summary(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/en/inquiry/")
    browser.find_element(By.CSS_SELECTOR, "form.inquiry-form button[type=submit]").click()
    summary = browser.find_element(By.CLASS_NAME, "error-summary")
    assert "Company name: This field is required." in summary.text
    summary.find_element(By.LINK_TEXT, "Company name: This field is required.").click()
    assert browser.switch_to.active_element.get_attribute("id") == "id_company_name"
    assert browser.find_element(By.ID, "id_company_name_error").text == "This field is required."
    assert Inquiry.objects.count() == 0
