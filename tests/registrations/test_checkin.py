"""The check-in page at the door: by ticket code (typed in any case or full-width, or scanned) or from a search;
once only (a second check-in says when the first was); POST with CSRF; nothing changes on a GET."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone

from registrations.staff_services import CheckInOutcome, check_in
from tests.factories import RegistrationFactory
from tests.helpers import client_for
from tests.registrations.staff import check_in_url, conference_with_setup
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def door(staff_user):
    return client_for(staff_user("door", REGISTRATION_STAFF))


@pytest.fixture
def setup():
    return conference_with_setup("checkin-conf")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_check_in_by_ticket_code_then_again_says_when(door, setup):
    registration = RegistrationFactory(conference=setup.conference, name="山田 花子")
    code = registration.ticket_code

    response = door.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": code.lower()}, follow=True)

    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    first = registration.checked_in_at
    time = timezone.localtime(first).strftime("%H:%M")
    assert messages_of(response) == [f"Checked in: 山田 花子 ({code}, on site) at {time}."]
    assert response.redirect_chain == [(check_in_url(conference=setup.conference_id), 302)]

    response = door.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": code}, follow=True)

    registration.refresh_from_db()
    assert registration.checked_in_at == first
    assert messages_of(response) == [f"山田 花子 ({code}) was already checked in at {time}."]


def test_full_width_and_spaced_ticket_code_is_found(door, setup):
    registration = RegistrationFactory(conference=setup.conference)
    code = registration.ticket_code
    typed = " ".join([code[:5], code[5:]]).translate({ord(c): ord(c) + 0xFEE0 for c in code})  # ＡＢＣ…
    door.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": typed})
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_unknown_code_and_another_conferences_code_are_form_errors(door, setup):
    other = RegistrationFactory(conference=conference_with_setup("other-conf").conference)
    response = door.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": "ZZZZZZZZZZ"})
    assert response.status_code == 200
    assert response.context["ticket_form"].errors["ticket_code"] == [
        "No registration has the ticket code ZZZZZZZZZZ. Check the code and type it again."
    ]
    response = door.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": other.ticket_code})
    assert response.context["ticket_form"].errors["ticket_code"] == [
        f"Ticket {other.ticket_code} is for another conference: {other.conference}."
    ]
    response = door.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": " - "})
    assert response.context["ticket_form"].errors["ticket_code"] == ["Enter a ticket code."]
    other.refresh_from_db()
    assert other.checked_in_at is None


@pytest.mark.parametrize("status", ["waiting", "cancelled", "pending_email", "offered"])
def test_only_confirmed_registrations_are_checked_in(door, setup, status):
    registration = RegistrationFactory(
        conference=setup.conference,
        status=status,
        name="Ana",
        waiting_since=timezone.now() if status == "waiting" else None,
        offer_expires_at=timezone.now() + datetime.timedelta(days=2) if status == "offered" else None,
    )
    response = door.post(
        check_in_url(), {"conference": setup.conference_id, "ticket_code": registration.ticket_code}, follow=True
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert messages_of(response) == [
        f"Ana ({registration.ticket_code}) is not checked in: the registration is {registration.get_status_display()}."
    ]


def test_search_by_hiragana_reading_then_check_in_from_the_results(door, setup):
    registration = RegistrationFactory(conference=setup.conference, name="山田 花子", name_kana="ヤマダ ハナコ")
    RegistrationFactory(conference=setup.conference, name="佐藤 一郎", name_kana="サトウ イチロウ")
    RegistrationFactory(conference=conference_with_setup("other-conf").conference, name_kana="ヤマダ タロウ")

    response = door.get(check_in_url(conference=setup.conference_id, q="やまだ"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # the admin's never_cache
    assert response.context["results"] == [registration]
    html = response.content.decode()
    assert "Check in 山田 花子" in html
    assert 'name="csrfmiddlewaretoken"' in html
    registration.refresh_from_db()
    assert registration.checked_in_at is None  # a GET changes nothing

    response = door.post(
        check_in_url(), {"conference": setup.conference_id, "registration": registration.pk, "q": "やまだ"}
    )
    assert response.status_code == 302
    assert response["Location"] == check_in_url(conference=setup.conference_id, q="やまだ")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    html = door.get(response["Location"]).content.decode()
    assert "Checked in at" in html and "Check in 山田 花子" not in html


@pytest.mark.parametrize("field", ["organisation", "email", "ticket_code"])
def test_search_finds_by_organisation_email_and_ticket_code(door, setup, field):
    registration = RegistrationFactory(conference=setup.conference, organisation="Da Nang People's Committee")
    RegistrationFactory(conference=setup.conference, organisation="横浜市")
    text = {"organisation": "da nang", "email": registration.email, "ticket_code": registration.ticket_code}[field]
    assert door.get(check_in_url(conference=setup.conference_id, q=text)).context["results"] == [registration]


def test_a_registration_of_another_conference_cannot_be_checked_in_from_the_list(door, setup):
    other = RegistrationFactory(conference=conference_with_setup("other-conf").conference)
    response = door.post(check_in_url(), {"conference": setup.conference_id, "registration": other.pk}, follow=True)
    assert messages_of(response) == ["This registration is not one of this conference's."]
    door.post(check_in_url(), {"conference": setup.conference_id, "registration": "junk"})
    other.refresh_from_db()
    assert other.checked_in_at is None


def test_check_in_needs_the_csrf_token(staff_user, setup):
    registration = RegistrationFactory(conference=setup.conference)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user("door", REGISTRATION_STAFF))
    response = client.post(check_in_url(), {"conference": setup.conference_id, "ticket_code": registration.ticket_code})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_the_page_chooses_the_conference_held_today(door):
    today = timezone.localdate()
    past = conference_with_setup("past-conf")
    past.conference.start_date = past.conference.end_date = today - datetime.timedelta(days=30)
    past.conference.save()
    current = conference_with_setup("current-conf")
    current.conference.start_date, current.conference.end_date = today, today + datetime.timedelta(days=1)
    current.conference.save()
    response = door.get(check_in_url())
    assert response.context["setup"] == current
    assert door.get(check_in_url(conference=past.conference_id)).context["setup"] == past
    assert door.get(check_in_url(conference="junk")).context["setup"] == current


def test_the_page_without_any_setup_says_so(door):
    response = door.get(check_in_url())
    assert response.status_code == 200
    assert "No conference has registration set up yet." in response.content.decode()


def test_two_check_ins_at_once_record_the_first_time_only(setup, staff_user):
    registration = RegistrationFactory(conference=setup.conference)
    user = staff_user("door", REGISTRATION_STAFF)
    first_time = datetime.datetime(2026, 11, 24, 9, 30, tzinfo=TOKYO)
    stale_copy = type(registration).objects.get(pk=registration.pk)

    first = check_in(registration=registration, by=user, now=first_time)
    second = check_in(registration=stale_copy, by=user, now=first_time + datetime.timedelta(minutes=3))

    assert (first.outcome, second.outcome) == (CheckInOutcome.CHECKED_IN, CheckInOutcome.ALREADY)
    assert second.checked_in_at == first_time


@pytest.mark.parametrize("rows", [1, 20])
def test_search_queries_do_not_grow_with_the_results(door, setup, django_assert_max_num_queries, rows):
    RegistrationFactory.create_batch(rows, conference=setup.conference, organisation="横浜市")
    with django_assert_max_num_queries(10):
        response = door.get(check_in_url(conference=setup.conference_id, q="横浜"))
    assert len(response.context["results"]) == rows
