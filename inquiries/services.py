"""Every write with side effects on inquiries: submitting, the staff workflow, emails, anonymising."""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.staff_groups import inquiry_handlers
from inquiries.abuse import client_network, seconds_until_next_slot
from inquiries.attachments import safe_file_name, sha256_of
from inquiries.models import (
    FIRST_ANSWER_STATUSES,
    SUBMITTED_FIELDS,
    Inquiry,
    InquiryAttachment,
    InquiryEmail,
    InquiryEmailKind,
    InquiryEvent,
    InquiryEventKind,
    InquiryReferenceCounter,
    InquiryStatus,
)
from inquiries.replies import fill_placeholders
from inquiries.working_days import first_answer_due, today_in_tokyo
from sitepages.models import SitePage
from yport.outbox import deliver_now, new_message_id, prepare_email, queue_emails, render_text
from yport.storage import STORAGE_ERRORS

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


def submit_inquiry(*, data: dict, language: str, client_address: str, attachments=()) -> Inquiry:
    """Store a validated inquiry (the cleaned data of InquiryForm) with its emails queued for the email worker.

    Side effects, all in one transaction: takes the next reference number (its row lock makes concurrent
    submissions run one after another); creates the Inquiry (due for a first answer INQUIRY_RESPONSE_DAYS working
    days after the day it is received, see working_days.first_answer_due), a "submitted" history entry and one
    pending InquiryEmail per message (the staff notification and the acknowledgement). Nothing is sent here: the worker
    (send_queued_emails) sends them, so a slow or dead mail server never delays or loses a submission.
    A form token that was used before with the same content raises DuplicateSubmission with the first inquiry; with
    different content the inquiry is stored as a new one under a fresh token. When the client's network has no
    submissions left in the window, RateLimitExceeded is raised and nothing is stored.

    ``attachments`` (validated PDF uploads) are written to the private storage last, each with an InquiryAttachment
    row. A file the storage refuses (disk full, bucket down) is left out with an "attachment not stored" history
    entry naming it: the inquiry itself is never lost for a file. If the transaction fails after files were
    written, they are deleted again.
    """
    token = data.get("submission_token") or uuid.uuid4()
    network = client_network(client_address)
    now = timezone.now()
    written = []
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
                InquiryEmail(
                    inquiry=inquiry, kind=kind, next_attempt_at=now, created_at=now, message_id=new_message_id()
                )
                for kind in (InquiryEmailKind.NOTIFICATION, InquiryEmailKind.ACKNOWLEDGEMENT)
            )
            store_attachments(inquiry=inquiry, files=attachments, written=written)
    except BaseException as error:
        delete_written_files(written)
        if not isinstance(error, IntegrityError):
            raise
        # Only when two submissions of one form cross a year boundary do they not wait for each other above.
        earlier = Inquiry.objects.filter(submission_token=token).first()
        if earlier is None:
            raise
        raise DuplicateSubmission(earlier) from None
    return inquiry


def store_attachments(*, inquiry: Inquiry, files, written: list) -> None:
    """Write each file to the private storage under a random name and record it; the names written are appended to
    ``written`` (for delete_written_files). A file the storage refuses gets an "attachment not stored" history entry
    instead. Call inside the transaction that stores the inquiry."""
    for upload in files:
        name = safe_file_name(upload.name)
        attachment = InquiryAttachment(inquiry=inquiry, original_name=name, size=upload.size, sha256=sha256_of(upload))
        try:
            attachment.file.save(name, upload, save=False)
        except STORAGE_ERRORS as error:
            logger.warning("Inquiry %s: attachment %r not stored: %s", inquiry.reference, name, error)
            InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEventKind.ATTACHMENT_FAILED, detail=name)
            continue
        written.append(attachment.file.name)
        attachment.save()


def delete_written_files(names) -> None:
    """Delete files whose rows were rolled back (best effort: a file that stays is an orphan for cleanup_media)."""
    storage = InquiryAttachment._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.warning("Attachment %s of a rolled-back inquiry not deleted; cleanup_media removes it.", name)


# --- Emails -----------------------------------------------------------------------------------------------------


def render_reply(email: InquiryEmail) -> EmailMultiAlternatives:
    """A reply as it goes to the company: the handler's text, Reply-To the programme's mailbox, and threaded under
    the acknowledgement (In-Reply-To and References its Message-ID) when that has one."""
    inquiry = email.inquiry
    headers = {"Message-ID": email.message_id} if email.message_id else {}
    acknowledgement_id = (
        inquiry.emails.filter(kind=InquiryEmailKind.ACKNOWLEDGEMENT)
        .exclude(message_id="")
        .values_list("message_id", flat=True)
        .first()
    )
    if acknowledgement_id:
        headers["In-Reply-To"] = headers["References"] = acknowledgement_id
    reply_to = [settings.INQUIRY_REPLY_TO] if settings.INQUIRY_REPLY_TO else None
    return EmailMultiAlternatives(
        subject=email.subject, body=email.body, to=[inquiry.email], reply_to=reply_to, headers=headers
    )


def render_email(email: InquiryEmail) -> EmailMultiAlternatives:
    """The message for an InquiryEmail: the acknowledgement in the language the company used, the staff
    notification in the site's language, a reply as the handler wrote it (render_reply). The acknowledgement
    carries only our own text, the reference number and the names of the attached files (shortened to letters,
    digits, "_", "-" and spaces, see safe_file_name): nothing else the sender typed goes to the address they
    entered, and never the files themselves."""
    inquiry = email.inquiry
    if email.kind == InquiryEmailKind.REPLY:
        return render_reply(email)
    if email.kind == InquiryEmailKind.NOTIFICATION and not settings.INQUIRY_NOTIFY_EMAILS:
        raise ValueError("no recipients: set INQUIRY_NOTIFY_EMAILS")
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
            "attachments": list(inquiry.attachments.all()),
            "failed_attachments": []
            if email.kind == InquiryEmailKind.ACKNOWLEDGEMENT
            else list(inquiry.events.filter(kind=InquiryEventKind.ATTACHMENT_FAILED).values_list("detail", flat=True)),
            "privacy_url": settings.SITE_URL + reverse("inquiries:privacy"),
        }
    subject, body = render_text(template, context, language=language)
    headers = {"Message-ID": email.message_id} if email.message_id else {}
    return EmailMultiAlternatives(subject=subject, body=body, to=recipients, reply_to=reply_to, headers=headers)


def queue_unsent_emails(*, inquiries) -> int:
    """Make the unsent emails of the given inquiries due now, for the worker to send within seconds. Returns how
    many were queued."""
    return InquiryEmail.objects.filter(inquiry__in=inquiries).send_again_now()


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


def record_download(*, attachment: InquiryAttachment, by) -> InquiryEvent:
    """Record that a staff user downloaded one of the inquiry's attachments."""
    return InquiryEvent.objects.create(
        inquiry=attachment.inquiry, kind=InquiryEventKind.DOWNLOADED, actor=by, detail=attachment.original_name
    )


# --- Response targets -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestRun:
    """What queue_overdue_digests did: digests queued, digests queued for the day before (not again), handlers with
    nothing to report."""

    queued: int
    already_queued: int
    silent: int


def admin_url(name: str, *args, query: str = "") -> str:
    """An absolute address in the admin, in the active language (for emails, which have no request)."""
    return settings.SITE_URL + reverse(name, args=args) + (f"?{query}" if query else "")


def overdue_digest_key(*, handler, today: date) -> str:
    """What makes a digest one of its kind: one per handler and day."""
    return f"inquiries.overdue_digest:{today.isoformat()}:{handler.pk}"


def prepare_overdue_digest(*, handler, overdue: list, unassigned: list, today: date):
    """The digest for one handler, rendered in the site's language: their overdue inquiries and the open unassigned
    ones, each with its reference, company, due date and the address of its page in the admin; nothing else of
    what the company sent. Its text is erased once it is sent (it names companies)."""
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
    return prepare_email(
        kind="inquiries.overdue_digest",
        key=overdue_digest_key(handler=handler, today=today),
        to=handler.email,
        template="inquiries/email/overdue_digest",
        context=context,
        language=settings.LANGUAGE_CODE,
        erase_text_when_sent=True,
    )


def queue_overdue_digests(*, today: date | None = None) -> DigestRun:
    """Queue for each inquiry handler (an active staff member of the Inquiry handlers group with an email address)
    a digest of the inquiries assigned to them that are overdue on ``today`` (Tokyo's date by default) and every
    open unassigned inquiry; a handler with neither gets nothing.

    Side effects: one outgoing email per handler with something to list, in the outbox (yport.outbox): the email
    worker sends it and retries it while the mail server refuses. A handler's digest of a day is queued once, however
    often this runs that day. Six queries, however many handlers and inquiries."""
    today = today or today_in_tokyo()
    handlers = list(inquiry_handlers().exclude(email=""))
    unassigned = list(Inquiry.objects.open().filter(assignee__isnull=True).order_by("first_answer_due", "reference"))
    overdue = {}
    assigned = Inquiry.objects.overdue(today).filter(assignee__in=handlers)
    for inquiry in assigned.order_by("first_answer_due", "reference"):
        overdue.setdefault(inquiry.assignee_id, []).append(inquiry)
    digests = [
        prepare_overdue_digest(handler=handler, overdue=overdue.get(handler.pk, []), unassigned=unassigned, today=today)
        for handler in handlers
        if overdue.get(handler.pk) or unassigned
    ]
    queued = queue_emails(digests)
    return DigestRun(queued=len(queued), already_queued=len(digests) - len(queued), silent=len(handlers) - len(digests))


class ReplyNotPossible(Exception):
    """The inquiry cannot be answered from the portal (its personal data is erased)."""


def reply_values(*, inquiry: Inquiry, language: str, by) -> dict:
    """What the placeholders of a reply stand for (inquiries.replies.PLACEHOLDERS), in the reply's language."""
    with translation.override(language):
        city = str(inquiry.city.name) if inquiry.city_id else ""
    return {
        "reference": inquiry.reference,
        "company": inquiry.company_name,
        "contact_name": inquiry.contact_person,
        "city": city,
        "handler_name": (by.get_full_name() or by.get_username()) if by else "",
    }


def reply_subject(*, inquiry: Inquiry, subject: str, language: str) -> str:
    """The subject a reply goes with: on one line, and always with the reference number (added if missing)."""
    subject = " ".join(subject.split())
    if not subject:
        with translation.override(language):
            subject = gettext("Re: [Y-PORT] Your inquiry %(reference)s") % {"reference": inquiry.reference}
    if inquiry.reference not in subject:
        subject = f"{subject} [{inquiry.reference}]"
    return subject


def fill_template(*, template, inquiry: Inquiry, language: str, by) -> tuple[str, str]:
    """(subject, text) of a reply template in the given language with its placeholders filled in."""
    values = reply_values(inquiry=inquiry, language=language, by=by)
    with translation.override(language):
        subject, body = template.subject, template.body
    return fill_placeholders(subject, values), fill_placeholders(body, values)


def send_reply(*, inquiry: Inquiry, subject: str, body: str, language: str, status: str, by) -> InquiryEmail:
    """Answer the company from the portal.

    Side effects, in one transaction: a queued InquiryEmail of kind "reply" holding the subject (see
    reply_subject), the text, the language, the writer and its own Message-ID; a "replied" history entry with the
    full text and the sender; the status set to the given one (recorded if it changes); the time of the first
    answer if none is recorded yet. After the commit the email is sent right away (deliver_now); if that fails the
    email worker retries it like every other email. Raises ReplyNotPossible when the inquiry is anonymised."""
    if inquiry.anonymised_at is not None or not inquiry.email:
        raise ReplyNotPossible(inquiry.reference)
    subject = reply_subject(inquiry=inquiry, subject=subject, language=language)
    now = timezone.now()
    with transaction.atomic():
        email = InquiryEmail.objects.create(
            inquiry=inquiry,
            kind=InquiryEmailKind.REPLY,
            message_id=new_message_id(),
            created_at=now,
            created_by=by,
            next_attempt_at=now,
            language=language,
            subject=subject,
            body=body,
        )
        InquiryEvent.objects.create(
            inquiry=inquiry, kind=InquiryEventKind.REPLIED, actor=by, detail=f"{subject}\n\n{body}"
        )
        change_status(inquiry=inquiry, status=status, by=by)
        record_first_answer(inquiry=inquiry, at=now)  # a reply answers, whatever status the handler chose
        transaction.on_commit(lambda: deliver_now(InquiryEmail, email.pk))
    return email


# --- Retention --------------------------------------------------------------------------------------------------

ANONYMISED_FIELDS = {
    "company_name": "",
    "company_name_kana": "",
    "department": "",
    "contact_person": "",
    "contact_person_kana": "",
    "email": "",
    "phone": "",
    "website": "",
    "message": "",
    "internal_notes": "",
    "client_network": "",
}


def anonymise_inquiry(*, inquiry: Inquiry, now: datetime | None = None) -> None:
    """Erase the personal data of one inquiry, keeping what statistics need (reference, dates, status, country,
    city, fields, language). Notes in the history are erased too, and the attachments deleted: their rows now, their
    files by django-cleanup once the change commits (a file the storage cannot delete then is an orphan for
    cleanup_media)."""
    now = now or timezone.now()
    with transaction.atomic():
        for name, value in ANONYMISED_FIELDS.items():
            setattr(inquiry, name, value)
        inquiry.anonymised_at = now
        inquiry.save(update_fields=[*ANONYMISED_FIELDS, "anonymised_at"])
        inquiry.events.exclude(detail="").update(detail="")
        inquiry.emails.update(subject="", body="")
        inquiry.attachments.all().delete()
        InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEventKind.ANONYMISED)
