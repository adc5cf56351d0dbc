"""Retention: purge_registrations anonymises the registrations of conferences that ended longer ago than their
setup's retention, keeps what statistics need, and changes nothing when run again. The clock is moved by passing
``now`` to the service (no sleeps); the command runs on today's date."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from registrations.models import Registration, RegistrationEmail, RegistrationEmailKind
from registrations.staff_services import purge_registrations
from tests.factories import RegistrationFactory
from tests.registrations.staff import conference_with_setup

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def ended_conference(slug, end_date, retention_days):
    setup = conference_with_setup(slug, retention_days=retention_days)
    conference = setup.conference
    conference.start_date = conference.end_date = end_date
    conference.save()
    return conference


def morning(day):
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=TOKYO)


def test_purge_waits_for_the_retention_then_anonymises_once():
    end = datetime.date(2026, 11, 25)
    conference = ended_conference("purge-conf", end, retention_days=30)
    registration = RegistrationFactory(
        conference=conference,
        name="山田 花子",
        name_kana="ヤマダ ハナコ",
        organisation="横浜市",
        position="課長",
        phone="+81456714703",
        dietary_needs="vegetarian",
        client_network="192.0.2.0/24",
        country="VN",
        mode="online",
    )
    secret = registration.secret
    RegistrationEmail.objects.create(
        registration=registration, kind=RegistrationEmailKind.MESSAGE, subject="s", body="b"
    )

    # The last day of the retention (the conference's end + 30 days): kept.
    assert purge_registrations(now=morning(end + datetime.timedelta(days=30))) == []
    registration.refresh_from_db()
    assert registration.anonymised_at is None and registration.name == "山田 花子"

    # The day after: anonymised.
    now = morning(end + datetime.timedelta(days=31))
    assert purge_registrations(now=now) == [registration.ticket_code]
    registration.refresh_from_db()
    erased = ("name", "name_kana", "organisation", "position", "email", "email_normalised", "dietary_needs")
    assert {name: getattr(registration, name) for name in erased} == dict.fromkeys(erased, "")
    assert (str(registration.phone), registration.client_network, registration.submission_token) == ("", "", None)
    assert registration.secret != secret
    assert registration.anonymised_at == now
    # What statistics need stays.
    assert (registration.conference, registration.status, registration.mode, registration.country.code) == (
        conference,
        "confirmed",
        "online",
        "VN",
    )
    assert str(registration) == registration.ticket_code
    assert list(registration.emails.values_list("subject", "body")) == [("", "")]

    # Again, later: nothing more.
    assert purge_registrations(now=now + datetime.timedelta(days=400)) == []
    registration.refresh_from_db()
    assert registration.anonymised_at == now


def test_each_conference_keeps_its_own_retention():
    end = datetime.date(2026, 6, 1)
    short = RegistrationFactory(conference=ended_conference("purge-short", end, retention_days=10))
    long = RegistrationFactory(conference=ended_conference("purge-long", end, retention_days=100))
    assert purge_registrations(now=morning(end + datetime.timedelta(days=50))) == [short.ticket_code]
    long.refresh_from_db()
    assert long.anonymised_at is None


def test_a_conference_not_yet_ended_is_never_purged():
    today = timezone.localdate()
    conference = ended_conference("purge-future", today + datetime.timedelta(days=3), retention_days=0)
    RegistrationFactory(conference=conference)
    assert purge_registrations(now=morning(today)) == []


def run(*args):
    out = io.StringIO()
    call_command("purge_registrations", *args, stdout=out)
    return out.getvalue()


def test_command_dry_run_then_purge_then_nothing():
    today = timezone.localdate()
    old = RegistrationFactory(
        conference=ended_conference("purge-old", today - datetime.timedelta(days=200), retention_days=180)
    )
    RegistrationFactory(conference=ended_conference("purge-recent", today - datetime.timedelta(days=10), 180))

    assert run("--dry-run") == "Would anonymise 1 registrations. Dry run: nothing was changed.\n"
    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()
    assert run().splitlines() == [
        f"  [1/1] {old.ticket_code}",
        "Done: 1 registrations anonymised; 2 registrations in total.",
    ]
    assert run() == "Done: 0 registrations anonymised; 2 registrations in total.\n"
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.email == ""
