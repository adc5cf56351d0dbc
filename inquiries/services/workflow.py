"""The staff workflow of an inquiry: status, assignee, notes, and the history entries each change and each look
at the personal data leaves."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from inquiries.models import FIRST_ANSWER_STATUSES, Inquiry, InquiryAttachment, InquiryEvent, InquiryEventKind


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
