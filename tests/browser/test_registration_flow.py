"""End to end in a real headless Chromium: a person registers for a conference in each language, confirms from the
mail, downloads the calendar, changes mode and cancels; axe finds nothing on the form and the manage page. A listed
person withdraws from the public participant list on the manage page; axe finds nothing on the list (with people
and empty) nor on the manage page's consents form. A person erases their personal data from the manage page; axe
finds nothing on the question nor on the answer."""

import pytest
from django.core import mail

from registrations import links
from registrations.models import Registration, RegistrationStatus
from tests.browser.accessibility import Audit
from tests.browser.conftest import wait_for_url
from tests.factories import RegistrationFactory, RegistrationSetupFactory
from tests.registrations.utils import link_in
from yport.outbox import send_due_emails

pytestmark = pytest.mark.browser

HEADINGS = {
    "ja": {"sent": "メールをご確認ください", "manage": "ご登録", "cancelled": "キャンセル済み"},
    "en": {"sent": "Please check your email", "manage": "Your registration", "cancelled": "Cancelled"},
}


@pytest.fixture(autouse=True)
def _registration_settings(settings, transactional_db):
    settings.REGISTRATION_MIN_FILL_SECONDS = 0  # the minimum fill time has its own tests (tests/registrations)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def next_mail_link(kind):
    mail.outbox.clear()
    send_due_emails()
    [message] = mail.outbox
    return link_in(message, kind)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_person_registers_confirms_downloads_calendar_changes_mode_and_cancels(browser, live_server, language):
    from selenium.webdriver.common.by import By

    setup = RegistrationSetupFactory(on_site_capacity=10, online_capacity=None)
    audit = Audit(browser=browser, base=live_server.url)
    base = live_server.url

    browser.get(f"{base}/{language}/conferences/{setup.conference.slug}/")
    browser.find_element(By.CSS_SELECTOR, ".registration-status a.button").click()
    wait_for_url(browser, f"{base}/{language}/conferences/{setup.conference.slug}/register/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    assert audit.axe() == []
    browser.find_element(By.ID, "id_name").send_keys("山田 花子")
    if language == "ja":
        browser.find_element(By.ID, "id_name_kana").send_keys("やまだ はなこ")
    browser.find_element(By.ID, "id_organisation").send_keys("横浜市")
    browser.find_element(By.ID, "id_email").send_keys("hanako@example.jp")
    browser.find_element(By.ID, "id_mode_0").click()
    browser.find_element(By.ID, "id_consent").click()
    browser.find_element(By.CSS_SELECTOR, "form.registration-form button[type=submit]").click()
    wait_for_url(browser, f"{base}/{language}/conferences/{setup.conference.slug}/register/sent/")
    assert browser.find_element(By.TAG_NAME, "h1").text == HEADINGS[language]["sent"]

    browser.get(base + next_mail_link("confirm"))
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    browser.find_element(By.CLASS_NAME, "ticket-code")  # the implicit wait covers the redirect
    manage_url = browser.current_url
    assert "/register/manage/" in manage_url
    registration = Registration.objects.get()
    assert (registration.status, registration.mode, registration.language) == ("confirmed", "on_site", language)
    assert browser.find_element(By.CLASS_NAME, "ticket-code").text == registration.ticket_code
    assert audit.axe() == []

    calendar = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        fetch(document.querySelector('a.calendar-link').href).then(r => r.text()).then(done, e => done(String(e)));
        """
    )
    assert calendar.startswith("BEGIN:VCALENDAR") and setup.conference.slug in calendar

    browser.find_element(By.CSS_SELECTOR, "form[action$='/mode/'] button").click()
    browser.find_element(By.CSS_SELECTOR, ".message-success")
    registration.refresh_from_db()
    assert registration.mode == "online"

    browser.find_element(By.CSS_SELECTOR, "a[href$='/cancel/']").click()
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    browser.find_element(By.CSS_SELECTOR, ".message-success")
    assert browser.find_element(By.CLASS_NAME, "registration-status-value").text == HEADINGS[language]["cancelled"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert browser.current_url == manage_url


@pytest.mark.parametrize("language", ["ja", "en"])
def test_listed_person_withdraws_from_the_participant_list(browser, live_server, language):
    from selenium.webdriver.common.by import By

    setup = RegistrationSetupFactory()
    person = RegistrationFactory(
        conference=setup.conference, name="山田 花子", organisation="横浜市", list_publicly=True, language=language
    )
    audit = Audit(browser=browser, base=live_server.url)
    base = live_server.url
    list_path = f"/{language}/conferences/{setup.conference.slug}/participants/"

    browser.get(f"{base}/{language}/conferences/{setup.conference.slug}/")
    browser.find_element(By.CSS_SELECTOR, ".registration-status a.participant-list-link").click()
    wait_for_url(browser, base + list_path)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.participant-list tbody tr")
    assert [row.text for row in rows] == ["山田 花子 横浜市"]
    assert audit.axe() == []

    token = links.make_token(person, links.MANAGE)
    browser.get(f"{base}/{language}/conferences/{setup.conference.slug}/register/manage/{token}/")
    box = browser.find_element(By.ID, "id_list_publicly")
    assert box.is_selected() and not browser.find_element(By.ID, "id_news_opt_in").is_selected()
    assert audit.axe() == []
    box.click()
    browser.find_element(By.CSS_SELECTOR, "form[action$='/consents/'] button[type=submit]").click()
    browser.find_element(By.CSS_SELECTOR, ".message-success")
    assert not browser.find_element(By.ID, "id_list_publicly").is_selected()
    person.refresh_from_db()
    assert (person.list_publicly, person.news_opt_in) == (False, False)

    browser.get(base + list_path)
    browser.find_element(By.CLASS_NAME, "participant-list-empty")
    assert browser.find_elements(By.CSS_SELECTOR, "table.participant-list") == []
    assert audit.axe() == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_person_erases_their_personal_data_from_the_manage_page(browser, live_server, language):
    from selenium.webdriver.common.by import By

    setup = RegistrationSetupFactory()
    person = RegistrationFactory(conference=setup.conference, name="山田 花子", language=language)
    audit = Audit(browser=browser, base=live_server.url)
    base = live_server.url
    register = f"/{language}/conferences/{setup.conference.slug}/register/"
    manage = f"{base}{register}manage/{links.make_token(person, links.MANAGE)}/"

    browser.get(manage)
    browser.find_element(By.CSS_SELECTOR, "a[href$='/erase/']").click()
    wait_for_url(browser, manage + "erase/")
    assert audit.axe() == []
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_url(browser, f"{base}{register}erased/")
    assert audit.axe() == []
    person.refresh_from_db()
    assert person.anonymised_at is not None and person.status == RegistrationStatus.CANCELLED
    browser.get(manage)
    assert "山田 花子" not in browser.page_source  # the link is gone with the data
