"""The inquiries' emails in the outbox (yport.outbox sends and retries them): what each one says, and queuing the
unsent ones again."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from inquiries.models import InquiryEmail, InquiryEmailKind, InquiryEventKind
from yport.outbox import render_text


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
