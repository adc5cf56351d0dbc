"""Where registration for a conference stands, as the public sees it: not open yet, open, full (the waiting list is
open), or closed, with the seats left per mode. Two queries: the setup (by the caller) and the seat counts."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from registrations.models import AttendanceMode, Registration, RegistrationSetup

NOT_YET_OPEN, OPEN, FULL, CLOSED = "not_yet_open", "open", "full", "closed"

# How long a public page may be behind on what changes without a content change: the seats left while registration
# is open, the participant list (a seat confirmed, a consent withdrawn).
SHOWN_FOR = timedelta(seconds=60)


@dataclass
class ModeSeats:
    mode: str
    label: str
    seats_left: int | None  # None: no limit

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0


@dataclass
class RegistrationState:
    state: str
    setup: RegistrationSetup
    modes: list[ModeSeats] = field(default_factory=list)

    @property
    def accepts_registrations(self) -> bool:
        return self.state in (OPEN, FULL)

    @property
    def links_participant_list(self) -> bool:
        """Whether pages about registration link to the participant list: where the setup publishes one, once
        registration has opened."""
        return self.setup.participant_list_public and self.state != NOT_YET_OPEN


def conference_setup(conference) -> RegistrationSetup | None:
    """The conference's registration setup, or None: one query per conference object, since Django keeps the reverse
    one-to-one (or its absence) on it, so the page's JSON-LD offer and its status block read it once."""
    try:
        return conference.registration_setup
    except RegistrationSetup.DoesNotExist:
        return None


def registration_state(setup: RegistrationSetup, *, now: datetime) -> RegistrationState:
    if now < setup.opens_at:
        return RegistrationState(NOT_YET_OPEN, setup)
    if now >= setup.closes_at:
        return RegistrationState(CLOSED, setup)
    taken = Registration.objects.filter(conference_id=setup.conference_id).seats_taken_per_mode()
    modes = []
    for mode in setup.modes:
        capacity = setup.capacity(mode)
        left = None if capacity is None else max(capacity - taken[mode], 0)
        modes.append(ModeSeats(mode, AttendanceMode(mode).label, left))
    state = FULL if all(seats.is_full for seats in modes) else OPEN
    return RegistrationState(state, setup, modes)


def state_shown_until(state: RegistrationState, *, now: datetime) -> datetime | None:
    """Until when a page may show ``state`` as it is: the opening, a minute of seats while open (not past the
    closing), for ever once closed (a change to the setup is a content change, which ends every cached page)."""
    if state.state == NOT_YET_OPEN:
        return state.setup.opens_at
    if state.state == CLOSED:
        return None
    return min(now + SHOWN_FOR, state.setup.closes_at)
