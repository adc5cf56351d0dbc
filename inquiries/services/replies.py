"""Answering a company from the portal: the reply's subject, a reply template filled in, and sending it."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from inquiries.models import Inquiry, InquiryEmail, InquiryEmailKind, InquiryEvent, InquiryEventKind
from inquiries.replies import fill_placeholders
from inquiries.services.workflow import change_status, record_first_answer
from yport.outbox import deliver_now, new_message_id


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
