"""Retention: erasing the personal data of an inquiry while keeping what statistics need."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from inquiries.models import Inquiry, InquiryEvent, InquiryEventKind

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
