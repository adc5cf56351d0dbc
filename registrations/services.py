"""Every change of a registration's status, in one place: registering, confirming the email address, approval,
the waiting list and its offers, changing mode or the consents, cancelling, erasing on request, expiry and
reminders. Views, admin actions and management commands call these functions.

Every function that changes statuses locks the conference's setup first, then the registration (one order, no
deadlock), and counts seats through registrations.seats under that lock: concurrent confirmations on any number of
app servers never overbook. Mails are queued in the outbox (registrations.emails.queue_email) in the same
transaction; the email worker sends them."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from registrations.emails import queue_email
from registrations.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationEmailKind,
    RegistrationSetup,
    RegistrationStatus,
    new_secret,
    normalise_email,
)
from registrations.seats import (
    confirm_seat,
    has_free_seat,
    locked,
    locked_setup,
    may_move_to,
    offer_free_seats,
    take_seat_or_wait,
)
from registrations.staff_services import anonymise_registration
from sitepages.models import SitePage
from yport.abuse import RateLimitExceeded, client_network, seconds_until_next_slot


class RegistrationClosed(Exception):
    """Registration for the conference is not open now (or not set up)."""


class NoSeatLeft(Exception):
    """The mode asked for has no free seat."""


class NotAllowedNow(Exception):
    """The registration's status does not allow this change (for example cancelling a cancelled one)."""


# Registering again with an address that has a registration mails its manage link, at most once in this time: the
# form cannot be used to flood somebody's mailbox (a new registration counts against the network's rate limit; a
# repeated one stores nothing to count).
MANAGE_LINK_RESENT_AFTER = timedelta(minutes=10)


# --- The registrant ----------------------------------------------------------------------------------------------


def register(*, conference, data: dict, language: str, client_address: str, now: datetime | None = None):
    """Store a registration request (the cleaned data of RegistrationForm) and queue the mail with the link that
    confirms the email address; no seat is held until that link is followed (confirm_email).

    Side effects, in one transaction with the setup locked: when the same form (``submission_token``) was sent
    before, nothing (returns the first registration); when the person already has an active registration for the
    conference (same normalised email), a mail with its manage link is queued instead (unless one was queued in the
    last MANAGE_LINK_RESENT_AFTER) and nothing else is stored
    (returns that one: the page the registrant sees is the same in both cases); otherwise a Registration waiting for
    its email confirmation (expires after the setup's confirmation window) and a CONFIRM_EMAIL mail. Raises
    RegistrationClosed outside the registration window and RateLimitExceeded (nothing stored) when the client's
    network has no registrations left in the window."""
    now = now or timezone.now()
    token = data.get("submission_token") or uuid.uuid4()
    network = client_network(client_address)
    email_normalised = normalise_email(data["email"])
    with transaction.atomic():
        try:
            setup = locked_setup(conference.pk)
        except RegistrationSetup.DoesNotExist:
            raise RegistrationClosed from None
        if not setup.is_open(now):
            raise RegistrationClosed
        earlier = Registration.objects.filter(submission_token=token).first()
        if earlier is not None:
            return earlier
        retry_after = seconds_until_next_slot(
            Registration.objects.filter(client_network=network),
            time_field="created_at",
            limit=settings.REGISTRATION_RATE_LIMIT,
            window=timedelta(seconds=settings.REGISTRATION_RATE_WINDOW_SECONDS),
            now=now,
        )
        if retry_after is not None:
            raise RateLimitExceeded(retry_after)
        existing = (
            Registration.objects.filter(conference=conference, email_normalised=email_normalised).active().first()
        )
        if existing is not None:
            if not existing.emails.filter(
                kind=RegistrationEmailKind.MANAGE_LINK, created_at__gt=now - MANAGE_LINK_RESENT_AFTER
            ).exists():
                queue_email(existing, RegistrationEmailKind.MANAGE_LINK, now=now)
            return existing
        mode = data["mode"] if data["mode"] in setup.modes else setup.modes[0]
        allowed = {"name", "name_kana", "organisation", "position", "country", "email"}
        allowed |= {*setup.consent_fields(), *setup.optional_fields()}
        registration = Registration.objects.create(
            conference=conference,
            mode=mode,
            email_normalised=email_normalised,
            language=language,
            privacy_notice_version=SitePage.objects.privacy_notice_version(),
            consent_given_at=now,
            submission_token=token,
            client_network=network,
            created_at=now,
            confirmation_expires_at=now + setup.email_confirmation_window,
            **{name: value for name, value in data.items() if name in allowed and value not in (None, "")},
        )
        queue_email(registration, RegistrationEmailKind.CONFIRM_EMAIL, now=now, key="confirm-email")
    return registration


def confirm_email(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Follow the confirm link: the email address is proven, and only now a seat is taken (or, with approval on,
    staff are asked). Idempotent: a registration past this step is returned as it is. An unconfirmed one past its
    confirmation window expires instead.

    Side effects, with the setup locked: the registration becomes CONFIRMED (CONFIRMED mail), WAITING when its mode
    is full or others wait for it (WAITING mail), or PENDING_APPROVAL (PENDING_APPROVAL mail); or EXPIRED."""
    now = now or timezone.now()
    with transaction.atomic():
        setup = locked_setup(registration.conference_id)
        registration = locked(registration)
        if registration.status != RegistrationStatus.PENDING_EMAIL:
            return registration
        if registration.confirmation_expires_at and registration.confirmation_expires_at <= now:
            expire_unconfirmed(registration, now=now)
            return registration
        registration.email_confirmed_at = now
        registration.save(update_fields=["email_confirmed_at"])
        if setup.requires_approval:
            registration.status = RegistrationStatus.PENDING_APPROVAL
            registration.save(update_fields=["status"])
            queue_email(registration, RegistrationEmailKind.PENDING_APPROVAL, now=now, key="pending-approval")
        else:
            take_seat_or_wait(setup, registration, now=now)
    return registration


def accept_offer(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Take the seat offered from the waiting list while the offer is valid (CONFIRMED mail); an offer past its
    time expires (and passes on). Raises NotAllowedNow when nothing is on offer."""
    now = now or timezone.now()
    with transaction.atomic():
        setup = locked_setup(registration.conference_id)
        registration = locked(registration)
        if registration.status != RegistrationStatus.OFFERED:
            raise NotAllowedNow
        if registration.offer_expires_at <= now:
            expire_offer(setup, registration, now=now)
            return registration
        confirm_seat(registration, now=now)
    return registration


def change_mode(*, registration: Registration, mode: str, now: datetime | None = None) -> Registration:
    """Move a confirmed registration (or one awaiting approval) to the other attendance mode while that mode has a
    free seat nobody is waiting for; the seat left behind is offered to the next person waiting for it. Raises
    NoSeatLeft (nothing changed) or NotAllowedNow. Side effect: a MODE_CHANGED mail."""
    now = now or timezone.now()
    with transaction.atomic():
        setup = locked_setup(registration.conference_id)
        registration = locked(registration)
        allowed = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_APPROVAL)
        if registration.status not in allowed or mode not in setup.modes:
            raise NotAllowedNow
        if mode == registration.mode:
            return registration
        if not may_move_to(setup, registration, mode):
            raise NoSeatLeft
        held_seat = registration.status == RegistrationStatus.CONFIRMED
        old_mode = registration.mode
        registration.mode = mode
        registration.save(update_fields=["mode"])
        queue_email(registration, RegistrationEmailKind.MODE_CHANGED, now=now)
        if held_seat:
            offer_free_seats(setup, old_mode, now=now)
    return registration


def cancel(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Cancel an active registration (by the registrant, or by staff for them). Its seat, if it held one, is offered
    to the next person waiting. Side effect: a CANCELLED mail. Cancelling a cancelled one changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        setup = locked_setup(registration.conference_id)
        registration = locked(registration)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        if registration.status not in ACTIVE_STATUSES:
            raise NotAllowedNow
        held_seat = registration.holds_seat
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
        queue_email(registration, RegistrationEmailKind.CANCELLED, now=now, key="cancelled")
        if held_seat:
            offer_free_seats(setup, registration.mode, now=now)
    return registration


def erasing_cancels(registration: Registration, setup: RegistrationSetup, *, now: datetime) -> bool:
    """Whether erasing the registration now cancels it first: an active one, until the conference ends."""
    return registration.is_active and now < setup.conference_ends_at()


def erase(*, registration: Registration, now: datetime | None = None) -> bool:
    """Erase a registrant's personal data on their request (their manage page, or staff they asked): before the
    conference ends an active registration is cancelled first (its seat offered to the next person waiting), then
    its personal data is erased as the retention would (staff_services.anonymise_registration), so every link sent
    to the person stops working and no mail still queued for them is sent (the cancellation's neither). After the
    conference the status stays as it was, for the statistics. Returns whether anything was erased (False when it
    was already)."""
    now = now or timezone.now()
    with transaction.atomic():
        setup = locked_setup(registration.conference_id)
        registration = locked(registration)
        if registration.anonymised_at is not None:
            return False
        if erasing_cancels(registration, setup, now=now):
            cancel(registration=registration, now=now)
        return anonymise_registration(registration=registration, now=now)


def change_consents(*, registration: Registration, consents: dict[str, bool]) -> Registration:
    """Record the registrant's new choices about the public participant list and news of future conferences (from
    the manage page). Only the consents the registration may change now (Registration.changeable_consents) are
    applied; any other name is ignored. No mail. Withdrawing from the list shows once the page cache renews the
    list (status.SHOWN_FOR). Raises NotAllowedNow once the registration is anonymised."""
    with transaction.atomic():
        registration = locked(registration)
        if registration.anonymised_at is not None:
            raise NotAllowedNow
        setup = RegistrationSetup.objects.get(conference_id=registration.conference_id)
        changed = {
            name: bool(consents[name])
            for name in registration.changeable_consents(setup=setup)
            if name in consents and bool(consents[name]) != getattr(registration, name)
        }
        for name, value in changed.items():
            setattr(registration, name, value)
        if changed:
            registration.save(update_fields=list(changed))
    return registration


def revoke_links(*, registration: Registration) -> None:
    """A new secret: every confirm and manage link sent so far stops working (for a forwarded or leaked mail)."""
    Registration.objects.filter(pk=registration.pk).update(secret=new_secret())


# --- Staff ---------------------------------------------------------------------------------------------------------


def approve(*, registration: Registration, user, now: datetime | None = None) -> Registration:
    """Staff approve a registration awaiting approval: it takes a seat, or the end of the waiting list when its mode
    is full. Raises NotAllowedNow for another status."""
    now = now or timezone.now()
    with transaction.atomic():
        setup = locked_setup(registration.conference_id)
        registration = locked(registration)
        if registration.status != RegistrationStatus.PENDING_APPROVAL:
            raise NotAllowedNow
        registration.decided_by, registration.decided_at = user, now
        registration.save(update_fields=["decided_by", "decided_at"])
        take_seat_or_wait(setup, registration, now=now)
    return registration


def reject(*, registration: Registration, user, now: datetime | None = None) -> Registration:
    """Staff reject a registration awaiting approval or on the waiting list (REJECTED mail). Raises NotAllowedNow
    for another status."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_setup(registration.conference_id)
        registration = locked(registration)
        if registration.status not in (RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.WAITING):
            raise NotAllowedNow
        registration.status = RegistrationStatus.REJECTED
        registration.decided_by, registration.decided_at = user, now
        registration.save(update_fields=["status", "decided_by", "decided_at"])
        queue_email(registration, RegistrationEmailKind.REJECTED, now=now, key="rejected")
    return registration


def promote(*, registration: Registration, user, now: datetime | None = None) -> Registration:
    """Staff offer a seat to a person on the waiting list out of turn (OFFER mail, valid for the setup's offer
    validity). Raises NoSeatLeft when the mode has no free seat, NotAllowedNow when the person is not waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        setup = locked_setup(registration.conference_id)
        registration = locked(registration)
        if registration.status != RegistrationStatus.WAITING:
            raise NotAllowedNow
        if not has_free_seat(setup, registration.mode):
            raise NoSeatLeft
        registration.status = RegistrationStatus.OFFERED
        registration.offer_expires_at = now + setup.offer_validity
        registration.decided_by, registration.decided_at = user, now
        registration.save(update_fields=["status", "offer_expires_at", "decided_by", "decided_at"])
        queue_email(
            registration, RegistrationEmailKind.OFFER, now=now, key=f"offer-{registration.offer_expires_at.isoformat()}"
        )
    return registration


def seats_changed(*, setup: RegistrationSetup, now: datetime | None = None) -> list[Registration]:
    """After staff changed a setup (more seats): offer the new free seats to the people waiting. Returns them."""
    now = now or timezone.now()
    offered = []
    with transaction.atomic():
        setup = locked_setup(setup.conference_id)
        for mode in setup.modes:
            offered += offer_free_seats(setup, mode, now=now)
    return offered


# --- Time-driven (management commands) -----------------------------------------------------------------------------


def expire_unconfirmed(registration: Registration, *, now: datetime) -> None:
    """An unconfirmed request past its window: EXPIRED, no mail (the address was never proven). It held no seat."""
    registration.status = RegistrationStatus.EXPIRED
    registration.save(update_fields=["status"])


def expire_offer(setup: RegistrationSetup, registration: Registration, *, now: datetime) -> None:
    """An offer past its time: EXPIRED (EXPIRED mail), and the seat is offered to the next person waiting."""
    registration.status = RegistrationStatus.EXPIRED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at"])
    queue_email(registration, RegistrationEmailKind.EXPIRED, now=now, key="expired")
    offer_free_seats(setup, registration.mode, now=now)


def expire_due(*, now: datetime | None = None) -> tuple[int, int]:
    """Expire the unconfirmed requests past their window and the offers past their time (each offer's seat goes to
    the next person waiting). Idempotent: each row is checked again under its lock. Returns (requests, offers)."""
    now = now or timezone.now()
    requests = offers = 0
    for registration_id, conference_id in Registration.objects.unconfirmed_expired(now=now).values_list(
        "pk", "conference_id"
    ):
        with transaction.atomic():
            locked_setup(conference_id)
            registration = Registration.objects.select_for_update().get(pk=registration_id)
            if registration.status == RegistrationStatus.PENDING_EMAIL and registration.confirmation_expires_at <= now:
                expire_unconfirmed(registration, now=now)
                requests += 1
    for registration_id, conference_id in Registration.objects.offers_expired(now=now).values_list(
        "pk", "conference_id"
    ):
        with transaction.atomic():
            setup = locked_setup(conference_id)
            registration = Registration.objects.select_for_update().get(pk=registration_id)
            if registration.status == RegistrationStatus.OFFERED and registration.offer_expires_at <= now:
                expire_offer(setup, registration, now=now)
                offers += 1
    return requests, offers


def reminder_key(offset: timedelta) -> str:
    return f"reminder-{int(offset.total_seconds())}"


def send_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminders that are due: for each setup offset (first and second reminder before the start) whose
    moment has passed and the conference not yet started, one REMINDER mail per confirmed registrant, once (keyed
    by the offset), and only the latest due (a person confirmed after a reminder's moment does not get that one).
    Returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    setups = RegistrationSetup.objects.select_related("conference").filter(
        conference__end_date__gte=timezone.localdate(now) - timedelta(days=1)
    )
    for setup in setups:
        starts_at = setup.starts_at()
        if now >= starts_at:
            continue
        offsets = [offset for offset in (setup.first_reminder_before, setup.second_reminder_before) if offset]
        due = sorted(offset for offset in offsets if starts_at - offset <= now)
        if not due:
            continue
        offset = due[0]  # the nearest to the start of those due
        moment = starts_at - offset
        registrations = setup.conference.registrations.filter(
            status=RegistrationStatus.CONFIRMED, confirmed_at__lte=moment, anonymised_at__isnull=True
        ).exclude(emails__key=reminder_key(offset))
        for registration in registrations:
            try:
                with transaction.atomic():
                    if queue_email(registration, RegistrationEmailKind.REMINDER, now=now, key=reminder_key(offset)):
                        queued += 1
            except IntegrityError:  # queued by a concurrent run in between
                continue
    return queued
