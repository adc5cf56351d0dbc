"""The counts against capacity that head the registration list: per conference and attendance mode, the seats held
(confirmed and offered) against the seats there are, and how many wait, are unconfirmed, await approval or have
checked in. Two queries, however many conferences and registrations."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from registrations.models import AttendanceMode, Registration, RegistrationSetup, RegistrationStatus

# The conferences the list's header shows when no conference is chosen: the latest setups.
LATEST_SETUPS = 10


@dataclass
class ModeCounts:
    mode: str
    label: str
    capacity: int | None
    by_status: dict = field(default_factory=dict)
    checked_in: int = 0

    @property
    def seats_taken(self) -> int:
        return self.by_status.get(RegistrationStatus.CONFIRMED, 0) + self.by_status.get(RegistrationStatus.OFFERED, 0)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity

    def count(self, status) -> int:
        return self.by_status.get(status, 0)

    @property
    def confirmed(self) -> int:
        return self.count(RegistrationStatus.CONFIRMED)

    @property
    def offered(self) -> int:
        return self.count(RegistrationStatus.OFFERED)

    @property
    def waiting(self) -> int:
        return self.count(RegistrationStatus.WAITING)

    @property
    def pending_email(self) -> int:
        return self.count(RegistrationStatus.PENDING_EMAIL)

    @property
    def pending_approval(self) -> int:
        return self.count(RegistrationStatus.PENDING_APPROVAL)


@dataclass
class ConferenceCounts:
    setup: RegistrationSetup
    modes: list

    @property
    def conference(self):
        return self.setup.conference


def capacity_summary(setups) -> list[ConferenceCounts]:
    """A ConferenceCounts for each setup (a RegistrationSetup queryset or list, conference selected with it)."""
    setups = list(setups)
    rows = (
        Registration.objects.filter(conference__in=[setup.conference_id for setup in setups])
        .order_by()
        .values_list("conference", "mode", "status")
        .annotate(count=Count("id"), checked_in=Count("id", filter=Q(checked_in_at__isnull=False)))
    )
    counts = {}
    for conference, mode, status, count, checked_in in rows:
        counts.setdefault((conference, mode), []).append((status, count, checked_in))
    summary = []
    for setup in setups:
        modes = []
        for mode in setup.modes:
            mode_counts = ModeCounts(mode=mode, label=AttendanceMode(mode).label, capacity=setup.capacity(mode))
            for status, count, checked_in in counts.get((setup.conference_id, mode), ()):
                mode_counts.by_status[status] = count
                mode_counts.checked_in += checked_in
            modes.append(mode_counts)
        summary.append(ConferenceCounts(setup=setup, modes=modes))
    return summary


def setups_for_list(conference_id=None):
    """The setups whose counts head the list: the chosen conference's, or the latest ones."""
    setups = RegistrationSetup.objects.select_related("conference").order_by("-conference__start_date", "-id")
    if conference_id is not None:
        return setups.filter(conference_id=conference_id)
    return setups[:LATEST_SETUPS]
