"""A ticket's QR code scanned at the door with a phone's camera opens the check-in page on the person: a GET shows
who it is (and checks nothing in), one button checks them in (the page's POST), a second scan says when; whatever
the address holds, the page says what is wrong and never fails. A scanner that types the whole address into the
ticket code field is understood. Staff without the permission are refused; a signed-out phone is sent to sign in
and back to the address."""

import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone, translation

from registrations import tickets
from registrations.checkin import normalise_ticket_code
from registrations.staff_services import anonymise_registration
from tests.factories import RegistrationFactory
from tests.helpers import admin_url, client_for
from tests.registrations.staff import check_in_url, conference_with_setup
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def door(staff_user):
    return client_for(staff_user("door", REGISTRATION_STAFF))


@pytest.fixture
def setup():
    return conference_with_setup("scan-conf")


@pytest.fixture
def person(setup):
    return RegistrationFactory(
        conference=setup.conference, name="山田 花子", name_kana="ヤマダ ハナコ", organisation="横浜市国際局"
    )


def scanned_path(registration):
    """The address of the ticket's QR code as a phone opens it, on the test server, in Japanese (the language a
    phone without a language cookie or browser language is sent to: see the test of the redirect below)."""
    address = tickets.check_in_address(registration)
    assert address.startswith(settings.SITE_URL + "/admin/")
    return "/ja" + address.removeprefix(settings.SITE_URL)


@pytest.mark.parametrize(
    ("headers", "cookies", "language"),
    [
        ({}, {}, "ja"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}, {}, "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "ja"}, {"django_language": "en"}, "en"),
    ],
)
def test_the_scanned_address_opens_the_page_in_the_language_of_whoever_scans_it(
    door, person, headers, cookies, language
):
    address = tickets.check_in_address(person).removeprefix(settings.SITE_URL)
    door.cookies.load(cookies)
    response = door.get(address, **headers)
    assert response.status_code == 302 and response["Location"] == f"/{language}{address}"
    assert scan_of(door.get(response["Location"])).registration == person


def scan_of(response):
    assert response.status_code == 200
    return response.context["scan"]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_scan_shows_the_person_then_one_tap_checks_in_and_a_second_scan_says_when(door, setup, person):
    response = door.get(scanned_path(person))

    scan = scan_of(response)
    assert (scan.registration, scan.error, scan.notice) == (person, "", "")
    html = response.content.decode()
    with translation.override("ja"):  # the address is in the site's default language
        mode_and_status = (person.get_mode_display(), person.get_status_display())
    for shown in ("山田 花子", "ヤマダ ハナコ", "横浜市国際局", *mode_and_status, person.ticket_code):
        assert shown in html, shown
    assert html.count('class="button default check-in-now"') == 1
    assert f'<input type="hidden" name="ticket_code" value="{person.ticket_code}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert response.context["ticket_form"]["ticket_code"].value() in ("", None)  # the field waits for the next one
    person.refresh_from_db()
    assert person.checked_in_at is None  # a GET checks nobody in
    assert door.get(scanned_path(person)).status_code == 200

    response = door.post(
        check_in_url(), {"conference": setup.conference_id, "ticket_code": person.ticket_code}, follow=True
    )

    person.refresh_from_db()
    assert person.checked_in_at is not None
    time = timezone.localtime(person.checked_in_at).strftime("%H:%M")
    assert messages_of(response) == [f"Checked in: 山田 花子 ({person.ticket_code}, on site) at {time}."]

    response = door.get(check_in_url(conference=setup.conference_id, ticket_code=person.ticket_code))

    html = response.content.decode()
    assert scan_of(response).notice == f"山田 花子 ({person.ticket_code}) was already checked in at {time}."
    assert scan_of(response).notice in html and "check-in-now" not in html
    person.refresh_from_db()
    assert timezone.localtime(person.checked_in_at).strftime("%H:%M") == time  # the second scan changed nothing


@pytest.mark.parametrize("status", ["waiting", "cancelled", "pending_email", "offered"])
def test_a_scan_of_a_registration_that_is_not_confirmed_offers_no_check_in(door, setup, status):
    registration = RegistrationFactory(
        conference=setup.conference,
        status=status,
        waiting_since=timezone.now() if status == "waiting" else None,
        offer_expires_at=timezone.now() + datetime.timedelta(days=2) if status == "offered" else None,
    )
    response = door.get(check_in_url(conference=setup.conference_id, ticket_code=registration.ticket_code))
    scan = scan_of(response)
    assert scan.registration == registration
    assert scan.notice == "Only confirmed registrations can be checked in."
    assert "check-in-now" not in response.content.decode()


def test_a_scan_of_an_unknown_another_conferences_or_anonymised_ticket_says_so(door, setup):
    other = RegistrationFactory(conference=conference_with_setup("other-conf").conference)
    gone = RegistrationFactory(conference=setup.conference)
    anonymise_registration(registration=gone)

    def error_for(code):
        response = door.get(check_in_url(conference=setup.conference_id, ticket_code=code))
        scan = scan_of(response)
        assert scan.registration is None and "check-in-now" not in response.content.decode()
        assert scan.error in response.content.decode()
        return scan.error

    assert (
        error_for("zzzzzzzzzz") == "No registration has the ticket code ZZZZZZZZZZ. Check the code and type it again."
    )
    assert error_for(other.ticket_code) == f"Ticket {other.ticket_code} is for another conference: {other.conference}."
    assert error_for(gone.ticket_code) == (
        f"The registration with the ticket code {gone.ticket_code} was anonymised: it cannot be checked in."
    )
    assert door.get(check_in_url(conference=setup.conference_id, ticket_code="")).context["scan"] is None


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"ticket_code": "x" * 5000}, "Ensure this value has at most 300 characters (it has 5000)."),
        (
            {"ticket_code": "<script>alert(1)</script>"},
            "No registration has the ticket code <SCRIPT>ALERT(1)</SCRIPT>.",
        ),
        ({"ticket_code": "A\x00B"}, "Null characters are not allowed."),
        ({"ticket_code": "http://[::1"}, "No registration has the ticket code HTTP://[::1."),
    ],
)
def test_junk_and_huge_ticket_codes_in_the_address_are_explained_not_a_500(door, setup, query, error):
    response = door.get(check_in_url(conference=setup.conference_id, **query))
    assert scan_of(response).error.startswith(error.removesuffix("."))
    html = response.content.decode()
    assert "<script>alert" not in html and "<SCRIPT>" not in html  # escaped, in the message and in the field


@pytest.mark.parametrize("conference", ["abc", "-1", "99999999999999999999999", "１", "0x10", "1 OR 1=1"])
def test_a_junk_conference_in_the_address_falls_back_to_the_default_conference(door, setup, person, conference):
    response = door.get(check_in_url(conference=conference, ticket_code=person.ticket_code))
    assert response.context["setup"] == setup
    assert scan_of(response).registration == person


def test_a_scan_by_staff_without_the_check_in_permission_is_refused(staff_user, person):
    client = client_for(staff_user("editor", None))
    assert client.get(scanned_path(person)).status_code == 403
    person.refresh_from_db()
    assert person.checked_in_at is None


def test_a_signed_out_phone_is_sent_to_sign_in_and_back_to_the_scanned_address(client, staff_user, person):
    address = scanned_path(person)

    response = client.get(address)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == admin_url("login", language="ja")
    assert parse_qs(location.query) == {"next": [address]}
    assert f'name="next" value="{address.replace("&", "&amp;")}"' in client.get(response["Location"]).content.decode()

    staff_user("door", REGISTRATION_STAFF)
    from tests.conftest import STAFF_PASSWORD

    signed_in = client.post(response["Location"], {"username": "door", "password": STAFF_PASSWORD, "next": address})
    assert signed_in.status_code == 302 and signed_in["Location"] == address
    assert scan_of(client.get(address)).registration == person


def test_a_scanner_that_types_the_whole_address_into_the_field_checks_in(door, setup, person):
    typed = tickets.check_in_address(person)
    response = door.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": typed}, follow=True)
    person.refresh_from_db()
    assert person.checked_in_at is not None
    assert messages_of(response)[0].startswith(f"Checked in: 山田 花子 ({person.ticket_code}")


def test_only_our_check_in_addresses_give_up_their_ticket_code():
    query = urlencode({"conference": 1, "ticket_code": "k7qw2m9xpa"})
    for address in (
        f"https://portal.example.jp/ja/admin/registrations/registration/check-in/?{query}",
        f"http://127.0.0.1:8000/en/admin/registrations/registration/check-in/?{query}",
        f"/ja/admin/registrations/registration/check-in/?{query}",
        f"ｈｔｔｐｓ：／／portal.example.jp/ja/admin/registrations/registration/check-in/?{query}",
        f"HTTPS://PORTAL.EXAMPLE.JP/JA/ADMIN/REGISTRATIONS/REGISTRATION/CHECK-IN/?{query.upper()}",  # Caps Lock
    ):
        assert normalise_ticket_code(address) == "K7QW2M9XPA", address
    for text in (
        f"https://portal.example.jp/ja/conferences/?{query}",
        f"https://portal.example.jp/ja/admin/registrations/registration/check-in/?{query}&ticket_code=OTHER",
        "https://portal.example.jp/ja/admin/registrations/registration/check-in/?conference=1",
        "http://[::1",
    ):
        assert normalise_ticket_code(text) != "K7QW2M9XPA", text


@pytest.mark.parametrize(
    "typed",
    [
        "https://evil.example/steal?ticket_code={code}",
        "https://portal.example.jp/ja/admin/registrations/registration/check-in/?ticket_code={code}&ticket_code=X",
        "javascript:alert(1)//?ticket_code={code}",
    ],
)
def test_any_other_address_typed_into_the_field_is_an_unknown_code(door, setup, person, typed):
    response = door.post(
        check_in_url(), {"conference": setup.conference_id, "ticket_code": typed.format(code=person.ticket_code)}
    )
    assert response.status_code == 200
    [error] = response.context["ticket_form"].errors.as_data()["ticket_code"]
    assert error.code == "unknown"
    person.refresh_from_db()
    assert person.checked_in_at is None
