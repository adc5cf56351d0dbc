"""What registrations are made of: the attendance modes and statuses, which statuses hold a seat, the optional
questions and the consents a form may ask, and the ticket codes and link secrets."""

import secrets
import zoneinfo
from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


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
