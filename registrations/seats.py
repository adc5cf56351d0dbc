"""The seats of a conference: how many each mode has left, who waits for them, and the lock that orders every
change. Seats are counted in the database inside the transaction that takes one, after the conference's
RegistrationSetup row is locked (``locked_setup``; SQLite's writers take the database lock when their transaction
begins): so concurrent confirmations on any number of app servers count one after another and never overbook.
Whoever changes statuses (registrations.services) locks the setup first, then the registration (one order, no
deadlock), and calls these with the setup locked."""

from datetime import datetime

from registrations.emails import queue_email
from registrations.models import Registration, RegistrationEmailKind, RegistrationSetup, RegistrationStatus


def locked_setup(conference_id: int) -> RegistrationSetup:
    """The conference's setup, its row locked until the transaction ends: the one lock that orders every seat
    change of the conference."""
    return RegistrationSetup.objects.select_for_update().select_related("conference").get(conference_id=conference_id)


def locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("conference").get(pk=registration.pk)


def seats_left(setup: RegistrationSetup, mode: str) -> int | None:
    """Free seats of a mode now (None: no limit). Exact only while the setup row is locked."""
    capacity = setup.capacity(mode)
    if capacity is None:
        return None
    taken = Registration.objects.filter(conference_id=setup.conference_id, mode=mode).holding_seats().count()
    return max(capacity - taken, 0)


def has_free_seat(setup: RegistrationSetup, mode: str) -> bool:
    left = seats_left(setup, mode)
    return left is None or left > 0


def anyone_waiting(setup: RegistrationSetup, mode: str) -> bool:
    return Registration.objects.filter(conference_id=setup.conference_id, mode=mode).waiting_in_order().exists()


def seat_for_newcomer(setup: RegistrationSetup, mode: str) -> bool:
    """Whether someone who does not hold a seat of ``mode`` may take one now: a free seat that nobody on the
    waiting list is waiting for (people on the list come first)."""
    return has_free_seat(setup, mode) and not anyone_waiting(setup, mode)


def may_move_to(setup: RegistrationSetup, registration: Registration, mode: str) -> bool:
    """Whether the registration may move to the other mode ``mode`` now: one awaiting approval holds no seat and
    may; a confirmed one needs a seat for a newcomer in that mode. Exact while the setup is locked; read without the
    lock (the manage page), a guess that change_mode checks again."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return True
    return seat_for_newcomer(setup, mode)


def confirm_seat(registration: Registration, *, now: datetime) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
    queue_email(registration, RegistrationEmailKind.CONFIRMED, now=now, key=f"confirmed-{registration.mode}")


def take_seat_or_wait(setup: RegistrationSetup, registration: Registration, *, now: datetime) -> None:
    """A seat when its mode has one for a newcomer; otherwise the end of the waiting list. Call with the setup
    locked."""
    if seat_for_newcomer(setup, registration.mode):
        confirm_seat(registration, now=now)
        return
    registration.status = RegistrationStatus.WAITING
    registration.waiting_since = now
    registration.save(update_fields=["status", "waiting_since"])
    queue_email(registration, RegistrationEmailKind.WAITING, now=now, key=f"waiting-{registration.mode}")


def offer_free_seats(setup: RegistrationSetup, mode: str, *, now: datetime) -> list[Registration]:
    """Offer each free seat of a mode to the next person waiting for it, by mail, valid for the setup's offer
    validity. Returns those offered. Call with the setup locked."""
    offered = []
    while has_free_seat(setup, mode):
        waiting = (
            Registration.objects.select_for_update()
            .filter(conference_id=setup.conference_id, mode=mode)
            .waiting_in_order()
            .first()
        )
        if waiting is None:
            break
        waiting.status = RegistrationStatus.OFFERED
        waiting.offer_expires_at = now + setup.offer_validity
        waiting.save(update_fields=["status", "offer_expires_at"])
        queue_email(waiting, RegistrationEmailKind.OFFER, now=now, key=f"offer-{waiting.offer_expires_at.isoformat()}")
        offered.append(waiting)
    return offered
