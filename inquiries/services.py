"""Every write with side effects on inquiries: submitting, the staff workflow, emails, anonymising."""

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from inquiries.abuse import claim_submission_slot, client_network
from inquiries.models import (
    SUBMITTED_FIELDS,
    Inquiry,
    InquiryEmail,
    InquiryEmailKind,
    InquiryEmailState,
    InquiryEvent,
    InquiryEventKind,
    InquiryReferenceCounter,
    InquiryStatus,
)

logger = logging.getLogger(__name__)

class RateLimitExceeded(Exception):
    """The client address has used up its accepted submissions for the current window."""


class DuplicateSubmission(Exception):
    """The form with this token was already submitted; ``inquiry`` is the inquiry it created."""

    def __init__(self, inquiry):
        super().__init__(inquiry.reference)
        self.inquiry = inquiry


def next_reference(year: int) -> str:
    """Take the next reference number of a year (YP-2026-0001). Call inside a transaction: the counter row stays
    locked until it ends, so concurrent submissions get consecutive, distinct numbers."""
    InquiryReferenceCounter.objects.get_or_create(year=year)
    # The UPDATE locks the row until the transaction ends; the next submission waits for it here.
    InquiryReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = InquiryReferenceCounter.objects.values_list("last_number", flat=True).get(year=year)
    return f"YP-{year}-{number:04d}"


def submit_inquiry(*, data: dict, language: str, client_address: str) -> Inquiry:
    """Store a validated inquiry (the cleaned data of InquiryForm) and send its emails after commit.

    Side effects, all in one transaction: creates the Inquiry with the next reference number, takes a rate-limit slot
    for the client address (none left: RateLimitExceeded and the transaction is rolled back, nothing is stored), a
    "submitted" history entry and one pending InquiryEmail per message. After commit it sends the staff
    notification and the acknowledgement (failures are recorded, never raised). A token that was already used
    raises DuplicateSubmission (the unique token makes a concurrent second insert fail before it takes a slot).
    """
    token = data.get("submission_token") or uuid.uuid4()
    now = timezone.now()
    try:
        with transaction.atomic():
            inquiry = Inquiry.objects.create(
                reference=next_reference(timezone.localtime(now).year),
                submission_token=token,
                language=language,
                privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
                consent_given_at=now,
                client_network=client_network(client_address),
                **{name: data[name] for name in SUBMITTED_FIELDS if name != "fields_of_interest" and data.get(name)},
            )
            # With the database cache the slot is part of this transaction: a rollback frees it again.
            if not claim_submission_slot(client_address):
                raise RateLimitExceeded(client_address)
            inquiry.fields_of_interest.set(data.get("fields_of_interest") or [])
            InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEventKind.SUBMITTED, new_status=InquiryStatus.NEW)
            InquiryEmail.objects.bulk_create(
                InquiryEmail(inquiry=inquiry, kind=kind)
                for kind in (InquiryEmailKind.NOTIFICATION, InquiryEmailKind.ACKNOWLEDGEMENT)
            )
            inquiry_id = inquiry.pk
            transaction.on_commit(lambda: send_inquiry_emails_safely(inquiry_id), robust=True)
    except IntegrityError:
        existing = Inquiry.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        raise DuplicateSubmission(existing) from None
    return inquiry


# --- Emails -----------------------------------------------------------------------------------------------------


def render_email(email: InquiryEmail) -> EmailMultiAlternatives:
    """The message for an InquiryEmail: the acknowledgement in the language the company used, the staff
    notification in the site's language."""
    inquiry = email.inquiry
    if email.kind == InquiryEmailKind.ACKNOWLEDGEMENT:
        language, recipients, reply_to = inquiry.language, [inquiry.email], None
        template = "inquiries/email/acknowledgement"
    else:
        language, recipients, reply_to = settings.LANGUAGE_CODE, list(settings.INQUIRY_NOTIFY_EMAILS), [inquiry.email]
        template = "inquiries/email/notification"
    with translation.override(language):
        context = {"inquiry": inquiry, "fields": [str(field) for field in inquiry.fields_of_interest.all()]}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=recipients, reply_to=reply_to)


def deliver_email(email: InquiryEmail, *, now: datetime | None = None) -> bool:
    """Try to send one email and record the outcome (state, attempts, error, a history entry). Never raises for a
    mail failure; returns whether it was sent."""
    now = now or timezone.now()
    email.attempts += 1
    email.last_attempt_at = now
    try:
        message = render_email(email)
        if not message.to:
            raise ValueError("no recipients: set INQUIRY_NOTIFY_EMAILS")
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any mail failure is recorded, the inquiry is already safe
        email.state = InquiryEmailState.FAILED
        email.error = f"{type(exc).__name__}: {exc}"[:2000]
        kind = InquiryEventKind.EMAIL_FAILED
        logger.warning("Inquiry %s: %s email failed: %s", email.inquiry.reference, email.kind, email.error)
    else:
        email.state = InquiryEmailState.SENT
        email.sent_at = now
        email.error = ""
        kind = InquiryEventKind.EMAIL_SENT
    email.save(update_fields=["attempts", "last_attempt_at", "state", "sent_at", "error"])
    InquiryEvent.objects.create(
        inquiry=email.inquiry, kind=kind, detail=f"{email.get_kind_display()}: {email.error}".rstrip(": ")
    )
    return email.state == InquiryEmailState.SENT


def send_inquiry_emails_safely(inquiry_id: int) -> None:
    """The after-commit step of submit_inquiry: whatever goes wrong is logged, never raised into the response
    (the emails stay pending or failed for send_pending_inquiry_emails)."""
    try:
        send_pending_emails(inquiries=[inquiry_id])
    except Exception:
        logger.exception("Inquiry %s: sending the emails failed", inquiry_id)


def send_pending_emails(*, inquiries=None) -> tuple[int, int]:
    """Send every email not sent yet (pending or failed) of the given inquiries (objects or ids), or of all; sent
    ones are never sent twice. Returns (sent, failed)."""
    emails = InquiryEmail.objects.unsent().filter(inquiry__anonymised_at__isnull=True).select_related("inquiry")
    if inquiries is not None:
        emails = emails.filter(inquiry__in=inquiries)
    sent = failed = 0
    for email in emails.order_by("inquiry_id", "kind"):
        if deliver_email(email):
            sent += 1
        else:
            failed += 1
    return sent, failed


# --- Staff workflow ---------------------------------------------------------------------------------------------


def change_status(*, inquiry: Inquiry, status: str, by) -> bool:
    """Set the status and record it in the history. Returns False (and records nothing) if it is unchanged."""
    if inquiry.status == status:
        return False
    with transaction.atomic():
        old = inquiry.status
        inquiry.status = status
        inquiry.save(update_fields=["status"])
        InquiryEvent.objects.create(
            inquiry=inquiry, kind=InquiryEventKind.STATUS_CHANGED, actor=by, old_status=old, new_status=status
        )
    return True


def assign(*, inquiry: Inquiry, assignee, by) -> bool:
    """Set the assignee (a staff user or None) and record it in the history."""
    if inquiry.assignee_id == (assignee.pk if assignee else None):
        return False
    with transaction.atomic():
        inquiry.assignee = assignee
        inquiry.save(update_fields=["assignee"])
        InquiryEvent.objects.create(
            inquiry=inquiry,
            kind=InquiryEventKind.ASSIGNED,
            actor=by,
            detail=assignee.get_username() if assignee else "",
        )
    return True


def update_notes(*, inquiry: Inquiry, notes: str, by) -> bool:
    """Replace the internal notes and record the new text in the history."""
    if inquiry.internal_notes == notes:
        return False
    with transaction.atomic():
        inquiry.internal_notes = notes
        inquiry.save(update_fields=["internal_notes"])
        InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEventKind.NOTE, actor=by, detail=notes)
    return True


def update_inquiry(*, inquiry: Inquiry, status: str, assignee, notes: str, by) -> None:
    """What staff may edit on the change page: status, assignee, notes; each change recorded."""
    with transaction.atomic():
        change_status(inquiry=inquiry, status=status, by=by)
        assign(inquiry=inquiry, assignee=assignee, by=by)
        update_notes(inquiry=inquiry, notes=notes, by=by)


def record_view(*, inquiry: Inquiry, by) -> InquiryEvent:
    """Record that a staff user opened the inquiry's personal data."""
    return InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEventKind.VIEWED, actor=by)


# --- Retention --------------------------------------------------------------------------------------------------

ANONYMISED_FIELDS = {
    "company_name": "",
    "department": "",
    "contact_person": "",
    "email": "",
    "phone": "",
    "website": "",
    "message": "",
    "internal_notes": "",
    "client_network": "",
}


def anonymise_inquiry(*, inquiry: Inquiry, now: datetime | None = None) -> None:
    """Erase the personal data of one inquiry, keeping what statistics need (reference, dates, status, country,
    city, fields, language). Notes in the history are erased too."""
    now = now or timezone.now()
    with transaction.atomic():
        for name, value in ANONYMISED_FIELDS.items():
            setattr(inquiry, name, value)
        inquiry.anonymised_at = now
        inquiry.save(update_fields=[*ANONYMISED_FIELDS, "anonymised_at"])
        inquiry.events.exclude(detail="").update(detail="")
        InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEventKind.ANONYMISED)
