"""What staff do with registrations beyond the registrants' own steps (registrations.services): check a person in at
the door, mail the confirmed registrants of a mode, and erase personal data after the retention period. Views,
admin actions and management commands call these functions; each lists its side effects."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from registrations.models import (
    AttendanceMode,
    Registration,
    RegistrationEmail,
    RegistrationEmailKind,
    RegistrationSetup,
    RegistrationStatus,
)
from yport.outbox import new_message_id

logger = logging.getLogger(__name__)


# --- Check-in -----------------------------------------------------------------------------------------------------


class CheckInOutcome:
    CHECKED_IN = "checked_in"
    ALREADY = "already"
    NOT_CONFIRMED = "not_confirmed"


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    outcome: str

    @property
    def checked_in_at(self) -> datetime | None:
        return self.registration.checked_in_at


def check_in_refused(registration: Registration) -> str | None:
    """Why ``registration`` as it stands is not checked in (CheckInOutcome.ALREADY or NOT_CONFIRMED), or None when
    check_in would check it in: the condition of check_in's UPDATE, for a page that shows it before anyone acts."""
    if registration.checked_in_at is not None:
        return CheckInOutcome.ALREADY
    if registration.status != RegistrationStatus.CONFIRMED or registration.anonymised_at is not None:
        return CheckInOutcome.NOT_CONFIRMED
    return None


def check_in(*, registration: Registration, by, now: datetime | None = None) -> CheckIn:
    """Record that a confirmed registrant arrived, once: the first check-in sets ``checked_in_at``; a second one
    changes nothing and says when the first was (also when two staff members check the same person in at once: a
    single conditional UPDATE decides). A registration that holds no confirmed seat is not checked in.

    Side effects: ``checked_in_at`` of the registration; a log line with the ticket code and the staff member (no
    personal data)."""
    now = now or timezone.now()
    updated = Registration.objects.filter(
        pk=registration.pk,
        status=RegistrationStatus.CONFIRMED,
        checked_in_at__isnull=True,
        anonymised_at__isnull=True,
    ).update(checked_in_at=now)
    registration.refresh_from_db(fields=["status", "checked_in_at", "anonymised_at"])
    if updated:
        logger.info("Registration %s checked in by %s", registration.ticket_code, by.get_username())
        return CheckIn(registration, CheckInOutcome.CHECKED_IN)
    return CheckIn(registration, check_in_refused(registration) or CheckInOutcome.NOT_CONFIRMED)


# --- A message to the registrants of a mode ---------------------------------------------------------------------------


def message_recipients(*, conference, mode: str):
    """The registrations a message to a mode goes to: confirmed, of that mode, with their personal data."""
    return Registration.objects.filter(
        conference=conference, mode=mode, status=RegistrationStatus.CONFIRMED, anonymised_at__isnull=True
    )


def message_key(*, conference, mode: str, texts: dict[str, tuple[str, str]]) -> str:
    """The same message (conference, mode, texts) has the same key: sent twice, it is queued once per registrant."""
    content = "\0".join(
        [str(conference.pk), mode, *(part for language in sorted(texts) for part in (language, *texts[language]))]
    )
    return "message-" + hashlib.sha256(content.encode()).hexdigest()[:40]


def mail_registrants(*, conference, mode: str, texts: dict[str, tuple[str, str]], by) -> int:
    """Queue a message staff wrote to every confirmed registrant of ``mode`` at ``conference``, each in their own
    language: ``texts`` is {language: (subject, body)} and must hold every language the site has.

    Side effects: one RegistrationEmail (kind MESSAGE, the text in the registrant's language, ``created_by``) per
    recipient, in one transaction, for the email worker to send; a registrant who has this same message queued
    already is left out. Returns how many emails were queued."""
    if mode not in AttendanceMode.values:
        raise ValueError(f"Unknown attendance mode {mode!r}")
    key = message_key(conference=conference, mode=mode, texts=texts)
    with transaction.atomic():
        recipients = list(message_recipients(conference=conference, mode=mode).only("pk", "language"))
        already = set(
            RegistrationEmail.objects.filter(key=key, registration__in=recipients).values_list(
                "registration_id", flat=True
            )
        )
        emails = [
            RegistrationEmail(
                registration=registration,
                kind=RegistrationEmailKind.MESSAGE,
                key=key,
                created_by=by,
                subject=texts[registration.language][0],
                body=texts[registration.language][1],
                message_id=new_message_id(),
            )
            for registration in recipients
            if registration.pk not in already
        ]
        # A concurrent send of the same message may have queued some meanwhile: the database keeps one (unique key).
        RegistrationEmail.objects.bulk_create(emails, ignore_conflicts=True)
    return len(emails)


# --- Retention ------------------------------------------------------------------------------------------------------

# What an anonymised registration keeps: conference, status, mode, country, language, the dates and the ticket code
# (counts and statistics); everything else a person sent or that leads to them is erased.
ANONYMISED_FIELDS = {
    "name": "",
    "name_kana": "",
    "organisation": "",
    "position": "",
    "email": "",
    "email_normalised": "",
    "phone": "",
    "dietary_needs": "",
    "accessibility_needs": "",
    "client_network": "",
    "submission_token": None,
}


def default_retention_days() -> int:
    """For registrations of a conference whose setup is gone: the setup's default."""
    return RegistrationSetup._meta.get_field("retention_days").default


def purgeable_registrations(*, today: date):
    """Registrations with personal data of conferences that ended more than their setup's retention days before
    ``today`` (a conference ends at the end of its last day)."""
    default = default_retention_days()
    # One row per conference that still has personal data (few), the date arithmetic here rather than in SQL,
    # which SQLite and PostgreSQL write differently.
    conferences = (
        Registration.objects.not_anonymised()
        .order_by()
        .values_list("conference", "conference__end_date", "conference__registration_setup__retention_days")
        .distinct()
    )
    due = [
        conference
        for conference, end_date, retention_days in conferences
        if end_date + timedelta(days=default if retention_days is None else retention_days) < today
    ]
    return Registration.objects.not_anonymised().filter(conference__in=due)


def anonymise_registration(*, registration: Registration, now: datetime | None = None) -> bool:
    """Erase the personal data of one registration, keeping what statistics need (see ANONYMISED_FIELDS); a new
    link secret makes every link sent to the person invalid. Idempotent: an anonymised registration is left alone.

    Side effects: the registration's fields, ``anonymised_at``; the subject and text of its emails (unsent ones are
    no longer sent: the outbox skips anonymised registrations). Returns whether it changed anything."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.anonymised_at is not None:
            return False
        for name, value in ANONYMISED_FIELDS.items():
            setattr(registration, name, value)
        registration.secret = Registration._meta.get_field("secret").default()
        registration.anonymised_at = now
        registration.save(update_fields=[*ANONYMISED_FIELDS, "secret", "anonymised_at"])
        registration.emails.update(subject="", body="")
    return True


def purge_registrations(*, now: datetime | None = None) -> list[str]:
    """Anonymise every registration past its retention (purgeable_registrations on the Tokyo date of ``now``).
    Running it again changes nothing. Returns the ticket codes of the registrations anonymised now."""
    now = now or timezone.now()
    anonymised = []
    for registration in purgeable_registrations(today=timezone.localdate(now)).order_by("pk"):
        if anonymise_registration(registration=registration, now=now):
            anonymised.append(registration.ticket_code)
    return anonymised
