"""One person's registration for a conference (Registration, personal data: see the privacy notice) and the reads
of registrations (RegistrationQuerySet)."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from registrations.models.choices import (
    ACTIVE_STATUSES,
    PUBLIC_LIST_FIELDS,
    SEAT_STATUSES,
    AttendanceMode,
    RegistrationStatus,
    new_secret,
    new_ticket_code,
)
from registrations.models.setup import RegistrationSetup
from yport.models import SubmissionRecord


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
            ("erase_registration", _("Can erase a registrant's personal data on request")),
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

    @property
    def has_door_ticket(self) -> bool:
        """Whether the registrant gets the ticket's QR code to show at the door (mails, manage page): confirmed, on
        site."""
        return self.status == RegistrationStatus.CONFIRMED and self.mode == AttendanceMode.ON_SITE

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
