"""Submitting an inquiry: the reference number, the duplicate and rate checks, the attachments, the queued emails."""

import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from inquiries.abuse import seconds_until_next_slot
from inquiries.attachments import safe_file_name, sha256_of
from inquiries.models import (
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
from inquiries.working_days import first_answer_due
from sitepages.models import SitePage
from yport.abuse import RateLimitExceeded, client_network
from yport.outbox import new_message_id
from yport.storage import STORAGE_ERRORS

logger = logging.getLogger(__name__)


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
    if name in ("city", "project"):
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
