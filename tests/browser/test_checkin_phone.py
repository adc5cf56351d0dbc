"""The check-in page on a phone-sized screen in a real headless Chromium, in each language: a registration staff
member checks a person in by ticket code, is told the second time that they were already checked in and when, and
finds a person by the reading of their name; a door helper opens the address of a ticket's QR code (as a phone's
camera app does), signs in, and checks the person in with one tap; axe-core finds nothing at any step, nothing
scrolls sideways at 375 px, and the page runs no script of its own (it works without JavaScript)."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from registrations import tickets
from registrations.models import Registration
from tests.browser.accessibility import AXE_DIR, PHONE_WIDTH, Audit
from tests.browser.conftest import STAFF_PASSWORD, console_errors, sign_in_to_admin, wait_for_url
from tests.factories import ConferenceFactory, RegistrationFactory, RegistrationSetupFactory
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def describe(violations):
    return "\n".join(f"{v['id']}: {v['help']} {[node['target'] for node in v['nodes']]}" for v in violations)


def assert_accessible(audit, step):
    violations = audit.axe()
    assert violations == [], f"{step}:\n{describe(violations)}"
    assert audit.broken_references() == [], step
    assert audit.horizontal_overflow() == [], step


@pytest.mark.parametrize("language", ["ja", "en"])
def test_check_in_on_a_phone(browser, live_server, language):
    from selenium.webdriver.common.by import By

    if not (AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    today = timezone.localdate()
    conference = ConferenceFactory(
        slug="checkin-browser", start_date=today, end_date=today + datetime.timedelta(days=1)
    )
    RegistrationSetupFactory(conference=conference)
    person = RegistrationFactory(
        conference=conference, name="山田 花子", name_kana="ヤマダ ハナコ", organisation="横浜市国際局"
    )
    staff = get_user_model().objects.create_user("door", "door@example.com", STAFF_PASSWORD, is_staff=True)
    staff.groups.add(Group.objects.get(name=REGISTRATION_STAFF))

    audit = Audit(browser=browser, base=live_server.url)
    audit.set_width(PHONE_WIDTH)
    sign_in_to_admin(browser, live_server.url, "door", STAFF_PASSWORD, language)
    browser.get(f"{live_server.url}/{language}/admin/registrations/registration/check-in/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    assert_accessible(audit, "the empty page")

    code = browser.find_element(By.ID, "id_ticket_code")
    code.send_keys(person.ticket_code.lower() + "\n")  # as a scanner types it, Enter included
    message = browser.find_element(By.CSS_SELECTOR, ".messagelist .success").text
    assert person.ticket_code in message and "山田 花子" in message
    first = Registration.objects.get(pk=person.pk).checked_in_at
    assert first is not None
    assert_accessible(audit, "after a check-in")

    browser.find_element(By.ID, "id_ticket_code").send_keys(person.ticket_code + "\n")
    again = browser.find_element(By.CSS_SELECTOR, ".messagelist .warning").text
    assert timezone.localtime(first).strftime("%H:%M") in again
    assert Registration.objects.get(pk=person.pk).checked_in_at == first
    assert_accessible(audit, "after a second check-in")

    browser.find_element(By.ID, "id_q").send_keys("やまだ\n")
    result = browser.find_element(By.CSS_SELECTOR, ".check-in-results li")
    assert "山田 花子" in result.text and "横浜市国際局" in result.text
    assert_accessible(audit, "search results")

    browser.find_element(By.ID, "id_ticket_code").send_keys("NOSUCHCODE\n")
    assert "NOSUCHCODE" in browser.find_element(By.CSS_SELECTOR, ".errorlist").text
    assert_accessible(audit, "an unknown ticket code")
    assert console_errors(browser) == []


def test_a_door_helper_scans_a_ticket_with_the_phone_camera_and_checks_in_with_one_tap(browser, live_server):
    """The camera app opens the address of the ticket's QR code (registrations.tickets): a signed-out phone signs in
    and comes back to it; the page shows the person; one tap checks them in; scanning again says when."""
    from selenium.webdriver.common.by import By

    if not (AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    today = timezone.localdate()
    conference = ConferenceFactory(slug="scan-browser", start_date=today, end_date=today + datetime.timedelta(days=1))
    RegistrationSetupFactory(conference=conference)
    person = RegistrationFactory(
        conference=conference, name="山田 花子", name_kana="ヤマダ ハナコ", organisation="横浜市国際局"
    )
    staff = get_user_model().objects.create_user("door", "door@example.com", STAFF_PASSWORD, is_staff=True)
    staff.groups.add(Group.objects.get(name=REGISTRATION_STAFF))
    scanned = live_server.url + tickets.check_in_address(person).removeprefix(settings.SITE_URL)

    audit = Audit(browser=browser, base=live_server.url)
    audit.set_width(PHONE_WIDTH)
    browser.get(scanned)  # no language in the address: the page opens in the browser's
    [landing] = parse_qs(urlsplit(browser.current_url).query)["next"]
    assert landing.endswith(scanned.removeprefix(live_server.url)) and landing.startswith(("/ja/admin/", "/en/admin/"))
    browser.find_element(By.NAME, "username").send_keys("door")
    browser.find_element(By.NAME, "password").send_keys(STAFF_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "#login-form input[type=submit]").click()
    wait_for_url(browser, live_server.url + landing)

    card = browser.find_element(By.CSS_SELECTOR, ".check-in-scan")
    for shown in ("山田 花子", "ヤマダ ハナコ", "横浜市国際局", person.ticket_code):
        assert shown in card.text
    assert Registration.objects.get(pk=person.pk).checked_in_at is None  # opening the address checks nobody in
    assert_accessible(audit, "a scanned ticket")

    browser.find_element(By.CSS_SELECTOR, ".check-in-scan button.check-in-now").click()
    message = browser.find_element(By.CSS_SELECTOR, ".messagelist .success").text
    assert person.ticket_code in message and "山田 花子" in message
    first = Registration.objects.get(pk=person.pk).checked_in_at
    assert first is not None
    assert_accessible(audit, "after the tap")

    browser.get(scanned)
    notice = browser.find_element(By.CSS_SELECTOR, ".check-in-scan .check-in-notice").text
    assert timezone.localtime(first).strftime("%H:%M") in notice
    assert browser.find_elements(By.CSS_SELECTOR, ".check-in-now") == []
    assert Registration.objects.get(pk=person.pk).checked_in_at == first
    assert_accessible(audit, "a ticket scanned again")
    assert console_errors(browser) == []


def test_registration_list_and_mail_page_have_no_accessibility_violations(browser, live_server):
    """The other staff pages of registrations: the list with its counts against capacity, the page that asks again
    before erasing on request, and the mail page with its preview, on a desktop screen."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    if not (AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    setup = RegistrationSetupFactory(conference=ConferenceFactory(slug="list-browser"), on_site_capacity=1)
    RegistrationFactory(conference=setup.conference, name="山田 花子", mode="online")
    staff = get_user_model().objects.create_user("registrar", "r@example.com", STAFF_PASSWORD, is_staff=True)
    staff.groups.add(Group.objects.get(name=REGISTRATION_STAFF))
    audit = Audit(browser=browser, base=live_server.url)
    sign_in_to_admin(browser, live_server.url, "registrar", STAFF_PASSWORD)

    browser.get(f"{live_server.url}/en/admin/registrations/registration/?conference__id__exact={setup.conference_id}")
    assert "no limit" in browser.find_element(By.CSS_SELECTOR, ".registration-capacity").text
    violations = audit.axe()
    assert violations == [], describe(violations)

    # Erasing on request asks again on a page of its own (the keyboard reaches both of its choices).
    browser.find_element(By.CSS_SELECTOR, "input.action-select").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("erase_selected")
    browser.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    browser.find_element(By.NAME, "erase_confirmed")  # waits for the page that asks again
    assert "山田 花子" in browser.find_element(By.ID, "content").text
    violations = audit.axe()
    assert violations == [], describe(violations)
    assert Registration.objects.get(name="山田 花子").anonymised_at is None

    browser.get(f"{live_server.url}/en/admin/registrations/registration/mail/?conference={setup.conference_id}")
    browser.find_element(By.CSS_SELECTOR, "input[name=mode][value=online]").click()
    for name, text in (("subject_ja", "ご案内"), ("body_ja", "本文"), ("subject_en", "Details"), ("body_en", "Text")):
        browser.find_element(By.NAME, name).send_keys(text)
    browser.find_element(By.NAME, "_preview").click()
    assert "To 1 confirmed registrant" in browser.find_element(By.ID, "mail-preview").text
    violations = audit.axe()
    assert violations == [], describe(violations)
    assert console_errors(browser) == []
