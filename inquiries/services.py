"""Every write with side effects on inquiries: submitting, the staff workflow, emails, anonymising."""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from inquiries.abuse import client_network, seconds_until_next_slot
from inquiries.models import (
    FIRST_ANSWER_STATUSES,
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
from inquiries.working_days import first_answer_due, today_in_tokyo
from sitepages.models import SitePage
from yport.staff_groups import inquiry_handlers

logger = logging.getLogger(__name__)

class RateLimitExceeded(Exception):
    """The client's network has used up its accepted submissions for the current window; ``retry_after`` is the
    number of seconds until it may send again."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


class DuplicateSubmission(Exception):
    """The same form was already sent with the same content; ``inquiry`` is the inquiry it created."""

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


def _comparable(name: str, value):
    if name == "fields_of_interest":
        return sorted(item.pk for item in value or ())
    if name == "city":
        return value.pk if value else None
    return str(value or "")


def is_same_submission(inquiry: Inquiry, data: dict) -> bool:
    """Whether the submitted data is what the inquiry already holds (a form sent twice, not a changed one)."""
    stored = {name: getattr(inquiry, name) for name in SUBMITTED_FIELDS}
    stored["fields_of_interest"] = inquiry.fields_of_interest.all()
    return all(_comparable(name, stored[name]) == _comparable(name, data.get(name)) for name in SUBMITTED_FIELDS)


def submit_inquiry(*, data: dict, language: str, client_address: str) -> Inquiry:
    """Store a validated inquiry (the cleaned data of InquiryForm) with its emails queued for the email worker.

    Side effects, all in one transaction: takes the next reference number (its row lock makes concurrent
    submissions run one after another); creates the Inquiry (due for a first answer INQUIRY_RESPONSE_DAYS working
    days after the day it is received, see working_days.first_answer_due), a "submitted" history entry and one
    pending InquiryEmail per message (the staff notification and the acknowledgement). Nothing is sent here: the worker
    (send_pending_inquiry_emails) sends them, so a slow or dead mail server never delays or loses a submission.
    A form token that was used before with the same content raises DuplicateSubmission with the first inquiry; with
    different content the inquiry is stored as a new one under a fresh token. When the client's network has no
    submissions left in the window, RateLimitExceeded is raised and nothing is stored.
    """
    token = data.get("submission_token") or uuid.uuid4()
    network = client_network(client_address)
    now = timezone.now()
    try:
        with transaction.atomic():
            reference = next_reference(timezone.localtime(now).year)
            earlier = Inquiry.objects.filter(submission_token=token).first()
            if earlier is not None:
                if is_same_submission(earlier, data):
                    raise DuplicateSubmission(earlier)
                token = uuid.uuid4()
            retry_after = seconds_until_next_slot(network, now=now)
            if retry_after is not None:
                raise RateLimitExceeded(retry_after)
            inquiry = Inquiry.objects.create(
                reference=reference,
                submission_token=token,
                language=language,
                privacy_notice_version=SitePage.objects.privacy_notice_version(),
                consent_given_at=now,
                first_answer_due=first_answer_due(now, days=settings.INQUIRY_RESPONSE_DAYS),
                client_network=network,
                **{name: data[name] for name in SUBMITTED_FIELDS if name != "fields_of_interest" and data.get(name)},
            )
            inquiry.fields_of_interest.set(data.get("fields_of_interest") or [])
            InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEventKind.SUBMITTED, new_status=InquiryStatus.NEW)
            InquiryEmail.objects.bulk_create(
                InquiryEmail(inquiry=inquiry, kind=kind, next_attempt_at=now)
                for kind in (InquiryEmailKind.NOTIFICATION, InquiryEmailKind.ACKNOWLEDGEMENT)
            )
    except IntegrityError:
        # Only when two submissions of one form cross a year boundary do they not wait for each other above.
        earlier = Inquiry.objects.filter(submission_token=token).first()
        if earlier is None:
            raise
        raise DuplicateSubmission(earlier) from None
    return inquiry


# --- Emails -----------------------------------------------------------------------------------------------------


def render_email(email: InquiryEmail) -> EmailMultiAlternatives:
    """The message for an InquiryEmail: the acknowledgement in the language the company used, the staff
    notification in the site's language. The acknowledgement carries only our own text and the reference number:
    nothing the sender typed goes to the address they entered."""
    inquiry = email.inquiry
    if email.kind == InquiryEmailKind.ACKNOWLEDGEMENT:
        language, recipients, reply_to = inquiry.language, [inquiry.email], None
        template = "inquiries/email/acknowledgement"
    else:
        language, recipients, reply_to = settings.LANGUAGE_CODE, list(settings.INQUIRY_NOTIFY_EMAILS), [inquiry.email]
        template = "inquiries/email/notification"
    with translation.override(language):
        context = {
            "inquiry": inquiry,
            "fields": [str(field) for field in inquiry.fields_of_interest.all()],
            "privacy_url": settings.SITE_URL + reverse("inquiries:privacy"),
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=recipients, reply_to=reply_to)


def retry_delay(attempts: int) -> timedelta:
    """How long the worker waits after a failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def deliver_email(email: InquiryEmail, *, now: datetime | None = None) -> bool:
    """Try to send one email and record the outcome (state, attempts, error, next attempt, a history entry). Never
    raises for a mail failure; returns whether it was sent."""
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
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        kind = InquiryEventKind.EMAIL_FAILED
        logger.warning("Inquiry %s: %s email failed: %s", email.inquiry.reference, email.kind, email.error)
    else:
        email.state = InquiryEmailState.SENT
        email.sent_at = now
        email.error = ""
        kind = InquiryEventKind.EMAIL_SENT
    with transaction.atomic():
        email.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at", "state", "sent_at", "error"])
        InquiryEvent.objects.create(
            inquiry=email.inquiry, kind=kind, detail=f"{email.get_kind_display()}: {email.error}".rstrip(": ")
        )
    return email.state == InquiryEmailState.SENT


def claim_due_email(*, now: datetime) -> InquiryEmail | None:
    """Take the next due email for this worker, or None when none is due.

    The row is read with FOR UPDATE SKIP LOCKED (PostgreSQL; other databases ignore it), so workers never wait for
    each other, and claimed by moving its next attempt past the longest a send can take, with an UPDATE that only
    succeeds if nobody claimed it first. Another worker therefore never sends it too, and if this worker dies while
    sending, the email becomes due again after that time."""
    lease = timedelta(seconds=3 * settings.EMAIL_TIMEOUT + 60)
    while True:
        with transaction.atomic():
            email = (
                InquiryEmail.objects.due(now=now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("inquiry")
                .order_by("next_attempt_at", "id")
                .first()
            )
            if email is None:
                return None
            claimed = InquiryEmail.objects.filter(pk=email.pk, next_attempt_at=email.next_attempt_at).update(
                next_attempt_at=now + lease
            )
        if claimed:
            return email


def send_due_emails(*, now: datetime | None = None) -> tuple[int, int]:
    """The email worker's pass: send every due email once (each claimed first, see claim_due_email). A failed one
    is due again later (retry_delay). Returns (sent, failed)."""
    now = now or timezone.now()
    sent = failed = 0
    while (email := claim_due_email(now=now)) is not None:
        if deliver_email(email):
            sent += 1
        else:
            failed += 1
    return sent, failed


def queue_unsent_emails(*, inquiries) -> int:
    """Make the unsent emails of the given inquiries due now, for the worker to send within seconds. Returns how
    many were queued."""
    return InquiryEmail.objects.unsent().filter(inquiry__in=inquiries).update(next_attempt_at=timezone.now())


# --- Staff workflow ---------------------------------------------------------------------------------------------


def change_status(*, inquiry: Inquiry, status: str, by) -> bool:
    """Set the status and record it in the history; the first move to answered or closed records the time of the
    first answer (record_first_answer). Returns False (and records nothing) if it is unchanged."""
    if inquiry.status == status:
        return False
    with transaction.atomic():
        old = inquiry.status
        inquiry.status = status
        inquiry.save(update_fields=["status"])
        InquiryEvent.objects.create(
            inquiry=inquiry, kind=InquiryEventKind.STATUS_CHANGED, actor=by, old_status=old, new_status=status
        )
        if status in FIRST_ANSWER_STATUSES:
            record_first_answer(inquiry=inquiry, at=timezone.now())
    return True


def record_first_answer(*, inquiry: Inquiry, at: datetime) -> bool:
    """Record ``at`` as the time of the inquiry's first answer, unless one is recorded already (also by a concurrent
    request: the update only writes an empty value). Returns whether it was recorded."""
    if inquiry.first_answered_at is not None:
        return False
    recorded = Inquiry.objects.filter(pk=inquiry.pk, first_answered_at__isnull=True).update(first_answered_at=at)
    if recorded:
        inquiry.first_answered_at = at
    else:
        inquiry.first_answered_at = Inquiry.objects.values_list("first_answered_at", flat=True).get(pk=inquiry.pk)
    return bool(recorded)


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


# --- Response targets -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestRun:
    """What send_overdue_digests did: digests sent, digests the mail server did not take, handlers with nothing."""

    sent: int
    failed: int
    silent: int


def admin_url(name: str, *args, query: str = "") -> str:
    """An absolute address in the admin, in the active language (for emails, which have no request)."""
    return settings.SITE_URL + reverse(name, args=args) + (f"?{query}" if query else "")


def render_overdue_digest(*, handler, overdue: list, unassigned: list, today: date) -> EmailMultiAlternatives:
    """The digest for one handler: their overdue inquiries and the open unassigned ones, each with its reference,
    company, due date and the address of its page in the admin; nothing else of what the company sent."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "today": today,
            "overdue": [(inquiry, admin_url("admin:inquiries_inquiry_change", inquiry.pk)) for inquiry in overdue],
            "unassigned": [
                (inquiry, admin_url("admin:inquiries_inquiry_change", inquiry.pk), inquiry.first_answer_due < today)
                for inquiry in unassigned
            ],
            "overdue_list_url": admin_url(
                "admin:inquiries_inquiry_changelist", query=f"response_target=overdue&assignee__id__exact={handler.pk}"
            ),
        }
        subject = " ".join(render_to_string("inquiries/email/overdue_digest_subject.txt", context).split())
        body = render_to_string("inquiries/email/overdue_digest_body.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=[handler.email])


def send_overdue_digests(*, today: date | None = None) -> DigestRun:
    """Mail each inquiry handler (an active staff member of the Inquiry handlers group with an email address) the
    inquiries assigned to them that are overdue on ``today`` (Tokyo's date by default) and every open unassigned
    inquiry; a handler with neither gets nothing.

    Side effects: one email per handler with something to list, sent at once (not through the email queue: it is
    about no single inquiry). Nothing is stored. A mail the server does not take is logged and counted and the next
    handlers still get theirs; nothing is retried, because the next day's run lists the same inquiries again while
    they wait. Three queries, however many handlers and inquiries."""
    today = today or today_in_tokyo()
    handlers = list(inquiry_handlers().exclude(email=""))
    unassigned = list(Inquiry.objects.open().filter(assignee__isnull=True).order_by("first_answer_due", "reference"))
    overdue = {}
    assigned = Inquiry.objects.overdue(today).filter(assignee__in=handlers)
    for inquiry in assigned.order_by("first_answer_due", "reference"):
        overdue.setdefault(inquiry.assignee_id, []).append(inquiry)
    sent = failed = silent = 0
    for handler in handlers:
        own = overdue.get(handler.pk, [])
        if not own and not unassigned:
            silent += 1
            continue
        try:
            render_overdue_digest(handler=handler, overdue=own, unassigned=unassigned, today=today).send(
                fail_silently=False
            )
        except Exception:  # noqa: BLE001 - one refused mail must not keep the digest from the other handlers
            failed += 1
            logger.exception("Overdue digest to %s (user %s) failed", handler.email, handler.pk)
        else:
            sent += 1
    return DigestRun(sent=sent, failed=failed, silent=silent)


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
