"""How staff set up registration for one conference (RegistrationSetup): its window, modes and seats, approval,
the online link, the times of the mails, the questions and consents asked, the texts and the retention."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from registrations.models.choices import (
    CONSENT_FIELDS,
    OPTIONAL_QUESTIONS,
    AttendanceMode,
    ModesOffered,
    local_midnight,
)


class RegistrationSetupQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class RegistrationSetup(models.Model):
    """Registration for one conference as staff set it up: when it is open, which attendance modes with how many
    seats, whether staff approve each registration, the online link and the times of the mails."""

    conference = models.OneToOneField(
        "conferences.Conference",
        verbose_name=_("conference"),
        related_name="registration_setup",
        on_delete=models.CASCADE,
    )
    opens_at = models.DateTimeField(verbose_name=_("registration opens"))
    closes_at = models.DateTimeField(verbose_name=_("registration closes"))
    modes_offered = models.CharField(
        verbose_name=_("attendance modes"), max_length=10, choices=ModesOffered.choices, default=ModesOffered.BOTH
    )
    on_site_capacity = models.PositiveIntegerField(
        verbose_name=_("seats on site"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    online_capacity = models.PositiveIntegerField(
        verbose_name=_("seats online"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    requires_approval = models.BooleanField(
        verbose_name=_("staff approve each registration"),
        default=False,
        help_text=_("A registration holds a seat only once staff approved it."),
    )
    online_join_url = models.URLField(
        verbose_name=_("online join link"),
        max_length=500,
        blank=True,
        help_text=_(
            "Shown only to confirmed online registrants, on their manage page and in their mails, from the release "
            "time. Never on a public page."
        ),
    )
    online_link_release_before = models.DurationField(
        verbose_name=_("online link released before the start"),
        default=timedelta(hours=24),
        help_text=_("For example 24:00:00 for one day before the conference starts."),
    )
    first_reminder_before = models.DurationField(
        verbose_name=_("first reminder before the start"),
        null=True,
        blank=True,
        default=timedelta(days=7),
        help_text=_("Empty: no reminder. For example 7 00:00:00 for seven days."),
    )
    second_reminder_before = models.DurationField(
        verbose_name=_("second reminder before the start"),
        null=True,
        blank=True,
        default=timedelta(days=1),
        help_text=_("Empty: no second reminder."),
    )
    email_confirmation_window = models.DurationField(
        verbose_name=_("time to confirm the email address"),
        default=timedelta(hours=24),
        help_text=_("A registration whose email address is not confirmed within this time expires."),
    )
    offer_validity = models.DurationField(
        verbose_name=_("offer valid for"),
        default=timedelta(hours=48),
        help_text=_("How long a seat offered to the next person on the waiting list is kept for them."),
    )
    retention_days = models.PositiveIntegerField(
        verbose_name=_("retention in days"),
        default=180,
        help_text=_("Registrations are anonymised this many days after the conference ends."),
    )
    ask_phone = models.BooleanField(verbose_name=_("ask for a phone number"), default=False)
    ask_dietary_needs = models.BooleanField(verbose_name=_("ask about dietary needs"), default=False)
    ask_accessibility_needs = models.BooleanField(verbose_name=_("ask about accessibility needs"), default=False)
    participant_list_public = models.BooleanField(
        verbose_name=_("publish a list of participants"),
        default=True,
        help_text=_(
            "Confirmed registrants who agreed to it appear on a public page with their name and organisation. Off: "
            "there is no such page and the form does not ask."
        ),
    )
    page_text = models.TextField(
        verbose_name=_("text on the registration page"),
        blank=True,
        help_text=_("Shown above the form: who may register, fees, what to bring."),
    )
    confirmation_text = models.TextField(
        verbose_name=_("text of the confirmation email"),
        blank=True,
        help_text=_("Added to the email that confirms a seat."),
    )
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = RegistrationSetupQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration setup")
        verbose_name_plural = _("registration setups")
        ordering = ["-opens_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="registration_setup_window"),
            models.CheckConstraint(
                condition=Q(modes_offered__in=ModesOffered.values), name="registration_setup_modes_valid"
            ),
        ]

    def __str__(self):
        return str(self.conference)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {
                    "closes_at": ValidationError(
                        _("Registration must close after it opens."), code="closes_before_opening"
                    )
                }
            )
        if self.closes_at and self.conference_id and self.closes_at > self.conference_ends_at():
            raise ValidationError(
                {
                    "closes_at": ValidationError(
                        _("Registration must close by the end of the conference's last day (%(end)s)."),
                        code="closes_after_conference",
                        params={"end": date_format(self.conference.end_date)},
                    )
                }
            )

    @property
    def modes(self) -> tuple[str, ...]:
        """The attendance modes (AttendanceMode values) a registrant may choose."""
        if self.modes_offered == ModesOffered.BOTH:
            return (AttendanceMode.ON_SITE, AttendanceMode.ONLINE)
        return (self.modes_offered,)

    def capacity(self, mode: str) -> int | None:
        """The seats of a mode (None: no limit)."""
        return self.on_site_capacity if mode == AttendanceMode.ON_SITE else self.online_capacity

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def starts_at(self):
        """When the conference starts: its first timed session, or the start of its first day (site's time zone)."""
        first_session = self.conference.sessions.filter(starts_at__isnull=False).aggregate(first=Min("starts_at"))
        if first_session["first"] is not None:
            return first_session["first"]
        return local_midnight(self.conference.start_date)

    def conference_ends_at(self):
        """The end of the conference's last day (site's time zone): registration, on site included, closes by then."""
        return local_midnight(self.conference.end_date + timedelta(days=1))

    def online_link_released_at(self):
        return self.starts_at() - self.online_link_release_before

    def optional_fields(self) -> list[str]:
        """The Registration fields of the optional questions this setup asks, in form order."""
        return [field for flag, field in OPTIONAL_QUESTIONS.items() if getattr(self, flag)]

    def consent_fields(self) -> list[str]:
        """The consents (Registration fields) this setup asks for: the public list only while it publishes one."""
        return [name for name in CONSENT_FIELDS if name != "list_publicly" or self.participant_list_public]
