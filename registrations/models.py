"""Registrations for a conference: how staff set it up (RegistrationSetup), the people who register (Registration,
personal data: see the privacy notice) and the emails about a registration (RegistrationEmail, in the outbox).
Every change of a registration's status goes through registrations.services."""

import logging
import secrets
import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Min, Q, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from yport.models import EmailState, RecordEmail, SubmissionRecord, sent_has_time

logger = logging.getLogger(__name__)


class AttendanceMode(models.TextChoices):
    ON_SITE = "on_site", pgettext_lazy("attendance mode", "on site")
    ONLINE = "online", pgettext_lazy("attendance mode", "online")


class ModesOffered(models.TextChoices):
    ON_SITE = "on_site", pgettext_lazy("modes offered", "on site only")
    ONLINE = "online", pgettext_lazy("modes offered", "online only")
    BOTH = "both", pgettext_lazy("modes offered", "on site and online")


class RegistrationStatus(models.TextChoices):
    PENDING_EMAIL = "pending_email", pgettext_lazy("registration status", "email not confirmed")
    PENDING_APPROVAL = "pending_approval", pgettext_lazy("registration status", "awaiting approval")
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "confirmed")
    WAITING = "waiting", pgettext_lazy("registration status", "on the waiting list")
    OFFERED = "offered", pgettext_lazy("registration status", "seat offered")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "cancelled")
    EXPIRED = "expired", pgettext_lazy("registration status", "expired")
    REJECTED = "rejected", pgettext_lazy("registration status", "rejected")


# A person has at most one registration in these per conference (and normalised email address).
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING_EMAIL,
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.OFFERED,
)
# These hold a seat of their mode: counted against its capacity.
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)

# The optional questions staff may ask on a conference's form: setup flag -> registration field. Written once: the
# form, the admin and the export take this list.
OPTIONAL_QUESTIONS = {
    "ask_phone": "phone",
    "ask_dietary_needs": "dietary_needs",
    "ask_accessibility_needs": "accessibility_needs",
}

# The two consents a registrant gives (and may change on the manage page); the public list only where the setup
# publishes one (RegistrationSetup.consent_fields).
CONSENT_FIELDS = ("list_publicly", "news_opt_in")

# What a person sends through the public form, in the form's order (the optional questions are added when asked;
# the kana reading only on the Japanese form).
SUBMITTED_FIELDS = (
    "name",
    "name_kana",
    "organisation",
    "position",
    "country",
    "email",
    "mode",
    *OPTIONAL_QUESTIONS.values(),
    *CONSENT_FIELDS,
)

# All that the public participant list shows of a person: what the consent on the form names, nothing else.
PUBLIC_LIST_FIELDS = ("name", "organisation")

TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed at the door
TICKET_LENGTH = 10  # 32**10 = 2**50


def local_midnight(day) -> datetime:
    """The start of ``day`` in the site's time zone (a conference's days are the site's)."""
    return datetime.combine(day, time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def new_ticket_code() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def new_secret() -> str:
    return secrets.token_hex(16)


def normalise_email(address: str) -> str:
    """The address as compared for "one registration per person": trimmed and lower case (the local part included:
    no mail server we know of tells two people apart by case)."""
    return address.strip().lower()


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


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def holding_seats(self):
        return self.filter(status__in=SEAT_STATUSES)

    def waiting_in_order(self):
        """The waiting list, first in line first."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("waiting_since", "id")

    def seats_taken_per_mode(self) -> dict[str, int]:
        """{mode: seats held} for every AttendanceMode; one query."""
        counts = dict(self.holding_seats().order_by().values_list("mode").annotate(count=Count("id")))
        return {mode: counts.get(mode, 0) for mode in AttendanceMode.values}

    def counts_by_status(self) -> dict[str, int]:
        """The number of registrations of each status (every status, in the order of RegistrationStatus)."""
        counts = dict(self.order_by().values_list("status").annotate(count=Count("id")))
        return {status: counts.get(status, 0) for status in RegistrationStatus.values}

    def unconfirmed_expired(self, *, now):
        return self.filter(status=RegistrationStatus.PENDING_EMAIL, confirmation_expires_at__lte=now)

    def offers_expired(self, *, now):
        return self.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def public_participants(self):
        """The entries of the public participant list: name and organisation only (PUBLIC_LIST_FIELDS) of the
        confirmed registrations that agreed to appear, by organisation (people without one last), then reading,
        then name."""
        return (
            self.filter(status=RegistrationStatus.CONFIRMED, list_publicly=True, anonymised_at__isnull=True)
            .order_by(Case(When(organisation="", then=1), default=0), "organisation", "name_kana", "name", "pk")
            .values(*PUBLIC_LIST_FIELDS)
        )


class Registration(SubmissionRecord):
    """One person's registration for a conference. Personal data: see the privacy notice; anonymised
    (purge_registrations) once the conference ended longer ago than its setup's retention."""

    conference = models.ForeignKey(
        "conferences.Conference",
        verbose_name=_("conference"),
        related_name="registrations",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING_EMAIL,
    )
    mode = models.CharField(verbose_name=_("attendance mode"), max_length=10, choices=AttendanceMode.choices)
    name = models.CharField(verbose_name=_("name"), max_length=150, blank=True)
    name_kana = models.CharField(
        verbose_name=_("name (kana)"),
        max_length=150,
        blank=True,
        help_text=_("The reading of the name in katakana, as given on the Japanese form."),
    )
    organisation = models.CharField(verbose_name=_("organisation"), max_length=200, blank=True)
    position = models.CharField(verbose_name=_("position"), max_length=200, blank=True)
    country = CountryField(verbose_name=_("country"), blank=True)
    email = models.EmailField(verbose_name=_("email address"), max_length=254, blank=True)
    email_normalised = models.CharField(
        verbose_name=_("email address (normalised)"), max_length=254, blank=True, editable=False, db_index=True
    )
    phone = PhoneNumberField(verbose_name=_("phone number"), blank=True)
    dietary_needs = models.CharField(verbose_name=_("dietary needs"), max_length=500, blank=True)
    accessibility_needs = models.CharField(verbose_name=_("accessibility needs"), max_length=500, blank=True)
    list_publicly = models.BooleanField(verbose_name=_("may appear on the public participant list"), default=False)
    news_opt_in = models.BooleanField(verbose_name=_("wants news about future conferences"), default=False)
    ticket_code = models.CharField(
        verbose_name=_("ticket code"), max_length=16, unique=True, default=new_ticket_code, editable=False
    )
    secret = models.CharField(
        verbose_name=_("link secret"),
        max_length=64,
        default=new_secret,
        editable=False,
        help_text=_("Part of the signed links in the registrant's mails; a new secret makes the old links invalid."),
    )
    submission_token = models.UUIDField(
        verbose_name=_("submission token"),
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("One per shown form, so sending the same form twice creates one registration."),
    )
    created_at = models.DateTimeField(verbose_name=_("received"), default=timezone.now, db_index=True)
    confirmation_expires_at = models.DateTimeField(
        verbose_name=_("email confirmation due by"), null=True, blank=True, editable=False
    )
    email_confirmed_at = models.DateTimeField(verbose_name=_("email confirmed"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(verbose_name=_("seat confirmed"), null=True, blank=True, editable=False)
    waiting_since = models.DateTimeField(
        verbose_name=_("on the waiting list since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The waiting list is served in this order."),
    )
    offer_expires_at = models.DateTimeField(verbose_name=_("offer valid until"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or rejected by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    decided_at = models.DateTimeField(verbose_name=_("approved or rejected at"), null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField(verbose_name=_("checked in"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(verbose_name=_("cancelled"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at", "-id"]
        # What the staff side does beyond viewing and changing (registrations/admin/): each its own permission, so
        # that a helper at the door may check people in without exporting or mailing them.
        permissions = [
            ("check_in_registration", _("Can check in registrants")),
            ("export_registration", _("Can export registrations")),
            ("mail_registrants", _("Can mail the registrants of a mode")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "email_normalised"],
                condition=Q(status__in=ACTIVE_STATUSES, anonymised_at__isnull=True),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(condition=Q(status__in=RegistrationStatus.values), name="registration_status_valid"),
            models.CheckConstraint(condition=Q(mode__in=AttendanceMode.values), name="registration_mode_valid"),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False) | (~Q(name="") & ~Q(email="") & ~Q(email_normalised="")),
                name="registration_personal_data_present_unless_anonymised",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="registration_offer_has_expiry",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.WAITING) | Q(waiting_since__isnull=False),
                name="registration_waiting_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["conference", "status", "mode"], name="registration_conf_status_mode"),
            models.Index(fields=["client_network", "created_at"], name="registration_network_received"),
        ]

    def __str__(self):
        if self.anonymised_at:
            return self.ticket_code
        return f"{self.ticket_code} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES

    def changeable_consents(self, *, setup: RegistrationSetup) -> list[str]:
        """The consents the registrant may change now: news always; the public list where the setup publishes one,
        while the registration may still be listed (active) or to withdraw it."""
        return [
            name for name in setup.consent_fields() if name != "list_publicly" or self.is_active or self.list_publicly
        ]

    def online_join_url(self, *, setup: RegistrationSetup, now) -> str:
        """The online join link for this registrant now: only a confirmed online registrant gets it, and only from
        the release time; otherwise "". The one place that decides (manage page and mails)."""
        if self.status != RegistrationStatus.CONFIRMED or self.mode != AttendanceMode.ONLINE:
            return ""
        if not setup.online_join_url or now < setup.online_link_released_at():
            return ""
        return setup.online_join_url


class RegistrationEmailKind(models.TextChoices):
    CONFIRM_EMAIL = "confirm_email", _("please confirm your email address")
    MANAGE_LINK = "manage_link", _("already registered: the manage link")
    PENDING_APPROVAL = "pending_approval", _("received, awaiting approval")
    CONFIRMED = "confirmed", _("seat confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFER = "offer", _("seat offered")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")
    REJECTED = "rejected", _("not accepted")
    MODE_CHANGED = "mode_changed", _("attendance mode changed")
    REMINDER = "reminder", _("reminder")
    MESSAGE = "message", _("message from the organisers")


class RegistrationEmail(RecordEmail):
    """One email to a registrant, in the outbox (see RecordEmail: the email worker sends and retries it). Rendered
    when it is sent, in the registrant's language, from the registration as it is then (so that a link or a status
    is current, and nothing is sent once the registration is anonymised); a message staff wrote keeps its subject
    and text here. A ``key`` makes queuing idempotent (one email per reminder, per offer)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), related_name="emails", on_delete=models.CASCADE
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=RegistrationEmailKind.choices)
    key = models.CharField(verbose_name=_("key"), max_length=100, blank=True, editable=False)

    outbox_record = "registration"
    outbox_select_related = ("registration", "registration__conference")

    class Meta:
        verbose_name = _("registration email")
        verbose_name_plural = _("registration emails")
        ordering = ["registration", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "key"], condition=~Q(key=""), name="registration_email_unique_key"
            ),
            sent_has_time("registration_email_sent_has_time"),
        ]

    def __str__(self):
        return f"{self.registration.ticket_code} {self.get_kind_display()} ({self.get_state_display()})"

    def build_message(self):
        from registrations.emails import render_email  # the mails build on these models

        return render_email(self)

    def record_attempt(self) -> None:
        if self.state != EmailState.SENT:
            # The ticket code and kind only: no address or name in a log line.
            logger.warning("Registration %s: %s email failed: %s", self.registration.ticket_code, self.kind, self.error)
