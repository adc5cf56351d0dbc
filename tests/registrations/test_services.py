"""registrations.services: the status changes, the seats, the waiting list, expiry and reminders."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from registrations import services
from registrations.models import Registration, RegistrationEmail, RegistrationStatus
from tests.factories import RegistrationFactory, RegistrationSetupFactory, SessionFactory

pytestmark = pytest.mark.django_db

DATA = {"name": "Jane Doe", "email": "Jane@Example.com", "country": "VN", "mode": "on_site"}


def register(setup, *, email="jane@example.com", mode="on_site", address="192.0.2.1", now=None, **data):
    return services.register(
        conference=setup.conference,
        data={**DATA, "email": email, "mode": mode, **data},
        language="en",
        client_address=address,
        now=now,
    )


def confirmed(setup, *, email, mode="on_site", now=None):
    registration = register(setup, email=email, mode=mode, now=now)
    return services.confirm_email(registration=registration, now=now)


def kinds(registration):
    return list(registration.emails.order_by("id").values_list("kind", flat=True))


def test_register_stores_request_with_normalised_email_and_queues_confirm_mail():
    setup = RegistrationSetupFactory()
    registration = register(setup, email=" Jane@Example.COM ")
    assert (registration.status, registration.email_normalised, registration.client_network) == (
        RegistrationStatus.PENDING_EMAIL,
        "jane@example.com",
        "192.0.2.0/24",
    )
    assert registration.confirmation_expires_at == registration.created_at + timedelta(hours=24)
    assert kinds(registration) == ["confirm_email"]


def test_register_again_with_same_email_sends_manage_link_and_stores_nothing_new():
    setup = RegistrationSetupFactory()
    first = register(setup, email="jane@example.com")
    again = register(setup, email="JANE@example.com", name="Someone Else")
    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    assert kinds(first) == ["confirm_email", "manage_link"]
    first.refresh_from_db()
    assert first.name == "Jane Doe"


def test_registering_again_and_again_mails_the_manage_link_at_most_once_in_ten_minutes():
    setup = RegistrationSetupFactory()
    start = timezone.now()
    first = register(setup, now=start)
    for minutes, address in [(1, "192.0.2.1"), (2, "198.51.100.7"), (9, "203.0.113.9")]:
        register(setup, now=start + timedelta(minutes=minutes), address=address)
    assert kinds(first) == ["confirm_email", "manage_link"]
    register(setup, now=start + timedelta(minutes=12))
    assert kinds(first) == ["confirm_email", "manage_link", "manage_link"]


def test_the_manage_link_mail_carries_the_confirm_link_only_while_the_address_is_unconfirmed():
    setup = RegistrationSetupFactory()
    pending = register(setup, email="pending@example.com")
    register(setup, email="pending@example.com")
    confirmed(setup, email="done@example.com")
    register(setup, email="done@example.com")
    bodies = {
        email.registration.email: email.build_message().body
        for email in RegistrationEmail.objects.filter(kind="manage_link").select_related("registration")
    }
    assert (
        "/register/confirm/" in bodies["pending@example.com"] and "/register/manage/" in bodies["pending@example.com"]
    )
    assert "/register/confirm/" not in bodies["done@example.com"]
    assert pending.status == RegistrationStatus.PENDING_EMAIL


def test_same_form_sent_twice_stores_one_registration_and_one_mail():
    setup = RegistrationSetupFactory()
    token = uuid.uuid4()
    first = register(setup, submission_token=token)
    second = register(setup, submission_token=token)
    assert first.pk == second.pk and RegistrationEmail.objects.count() == 1


def test_database_refuses_second_active_registration_for_one_email():
    setup = RegistrationSetupFactory()
    RegistrationFactory(conference=setup.conference, email="a@example.com")
    with pytest.raises(IntegrityError):
        RegistrationFactory(
            conference=setup.conference, email="a@example.com", status="waiting", waiting_since=timezone.now()
        )


def test_cancelled_person_may_register_again():
    setup = RegistrationSetupFactory()
    first = confirmed(setup, email="jane@example.com")
    services.cancel(registration=first)
    second = register(setup, email="jane@example.com")
    assert second.pk != first.pk and second.status == RegistrationStatus.PENDING_EMAIL


def test_register_outside_window_raises_closed():
    setup = RegistrationSetupFactory(
        closes_at=timezone.now() - timedelta(minutes=1), opens_at=timezone.now() - timedelta(days=2)
    )
    with pytest.raises(services.RegistrationClosed):
        register(setup)
    assert Registration.objects.count() == 0


def test_rate_limit_per_network_stores_nothing_past_limit(settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    setup = RegistrationSetupFactory()
    register(setup, email="a@example.com", address="203.0.113.5")
    register(setup, email="b@example.com", address="203.0.113.6")
    with pytest.raises(services.RateLimitExceeded) as limited:
        register(setup, email="c@example.com", address="203.0.113.7")
    assert 0 < limited.value.retry_after <= 3600
    register(setup, email="d@example.com", address="198.51.100.1")  # another network
    assert Registration.objects.count() == 3


def test_seat_is_taken_only_when_email_is_confirmed():
    setup = RegistrationSetupFactory(on_site_capacity=1)
    unconfirmed = register(setup, email="a@example.com")
    later = confirmed(setup, email="b@example.com")
    assert later.status == RegistrationStatus.CONFIRMED
    assert services.confirm_email(registration=unconfirmed).status == RegistrationStatus.WAITING


def test_confirm_twice_changes_nothing():
    setup = RegistrationSetupFactory()
    registration = confirmed(setup, email="a@example.com")
    again = services.confirm_email(registration=registration)
    assert again.status == RegistrationStatus.CONFIRMED and kinds(again) == ["confirm_email", "confirmed"]


def test_unconfirmed_request_expires_after_window_and_confirm_link_then_expires_it():
    setup = RegistrationSetupFactory()
    now = timezone.now()
    late = register(setup, email="late@example.com", now=now)
    never = register(setup, email="never@example.com", address="198.51.100.1", now=now)
    after = now + timedelta(hours=24, seconds=1)
    assert services.confirm_email(registration=late, now=after).status == RegistrationStatus.EXPIRED
    assert services.expire_due(now=after) == (1, 0)
    assert services.expire_due(now=after) == (0, 0)  # idempotent
    never.refresh_from_db()
    assert never.status == RegistrationStatus.EXPIRED
    assert kinds(never) == ["confirm_email"]  # no second mail to an address never proven


def test_waiting_list_is_served_in_order_and_offer_passes_on_after_validity():
    setup = RegistrationSetupFactory(on_site_capacity=1)
    now = timezone.now()
    holder = confirmed(setup, email="holder@example.com", now=now)
    first = confirmed(setup, email="first@example.com", now=now + timedelta(seconds=1))
    second = confirmed(setup, email="second@example.com", now=now + timedelta(seconds=2))
    assert (first.status, second.status) == (RegistrationStatus.WAITING, RegistrationStatus.WAITING)

    services.cancel(registration=holder, now=now + timedelta(hours=1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RegistrationStatus.OFFERED, RegistrationStatus.WAITING)
    assert first.offer_expires_at == now + timedelta(hours=49)

    assert services.expire_due(now=now + timedelta(hours=48)) == (0, 0)  # still valid
    out = io.StringIO()
    call_command("expire_registrations", stdout=out)  # not due now either
    assert out.getvalue() == "Expired 0 unconfirmed request(s) and 0 offer(s).\n"
    assert services.expire_due(now=now + timedelta(hours=49)) == (0, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RegistrationStatus.EXPIRED, RegistrationStatus.OFFERED)
    assert kinds(first)[-2:] == ["offer", "expired"]
    with pytest.raises(services.NotAllowedNow):
        services.accept_offer(registration=first)
    assert (
        services.accept_offer(registration=second, now=now + timedelta(hours=50)).status == RegistrationStatus.CONFIRMED
    )


def test_new_registrant_does_not_jump_the_waiting_list():
    setup = RegistrationSetupFactory(on_site_capacity=1)
    holder = confirmed(setup, email="holder@example.com")
    waiting = confirmed(setup, email="waiting@example.com")
    services.cancel(registration=holder)
    newcomer = confirmed(setup, email="new@example.com")
    waiting.refresh_from_db()
    assert (waiting.status, newcomer.status) == (RegistrationStatus.OFFERED, RegistrationStatus.WAITING)


def test_change_mode_only_while_seats_allow_and_frees_old_seat():
    setup = RegistrationSetupFactory(on_site_capacity=1, online_capacity=1)
    on_site = confirmed(setup, email="a@example.com", mode="on_site")
    confirmed(setup, email="b@example.com", mode="online")
    with pytest.raises(services.NoSeatLeft):
        services.change_mode(registration=on_site, mode="online")
    on_site.refresh_from_db()
    assert on_site.mode == "on_site"
    waiting = confirmed(setup, email="c@example.com", mode="on_site")
    setup.online_capacity = 2
    setup.save()
    services.change_mode(registration=on_site, mode="online")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED  # the on-site seat left behind


def test_approval_path_holds_no_seat_until_approved_and_reject_mails():
    setup = RegistrationSetupFactory(requires_approval=True, on_site_capacity=1)
    first = confirmed(setup, email="a@example.com")
    second = confirmed(setup, email="b@example.com")
    assert (first.status, second.status) == (RegistrationStatus.PENDING_APPROVAL,) * 2
    assert services.approve(registration=first, user=None).status == RegistrationStatus.CONFIRMED
    assert services.approve(registration=second, user=None).status == RegistrationStatus.WAITING
    assert services.reject(registration=second, user=None).status == RegistrationStatus.REJECTED
    assert kinds(second)[-1] == "rejected"
    with pytest.raises(services.NotAllowedNow):
        services.approve(registration=second, user=None)


def test_staff_raising_capacity_offers_the_new_seats():
    setup = RegistrationSetupFactory(on_site_capacity=1)
    confirmed(setup, email="a@example.com")
    waiting = confirmed(setup, email="b@example.com")
    setup.on_site_capacity = 2
    setup.save()
    assert services.seats_changed(setup=setup) == [waiting]


def test_reminders_are_queued_once_per_offset_and_only_the_latest_due():
    setup = RegistrationSetupFactory(closes_at=timezone.now() + timedelta(days=29))
    session = SessionFactory(conference=setup.conference, starts_at=timezone.now() + timedelta(days=30))
    starts = session.starts_at
    early = confirmed(setup, email="early@example.com", now=starts - timedelta(days=10))
    assert services.send_reminders(now=starts - timedelta(days=8)) == 0
    assert services.send_reminders(now=starts - timedelta(days=7)) == 1
    assert services.send_reminders(now=starts - timedelta(days=6)) == 0  # idempotent
    late = confirmed(setup, email="late@example.com", now=starts - timedelta(days=3))
    assert services.send_reminders(now=starts - timedelta(days=2)) == 0  # confirmed after the 7-day moment
    assert services.send_reminders(now=starts - timedelta(hours=23)) == 2
    assert services.send_reminders(now=starts + timedelta(minutes=1)) == 0
    assert kinds(early).count("reminder") == 2 and kinds(late).count("reminder") == 1
