from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from inquiries.models import InquiryEmail, InquiryEmailKind, InquiryEmailState, InquiryEventKind, InquiryStatus
from inquiries.services.privacy import anonymise_inquiry
from inquiries.services.replies import ReplyNotPossible, fill_template, reply_subject, send_reply
from inquiries.services.submission import submit_inquiry
from tests.factories import CityFactory, ReplyTemplateFactory
from tests.inquiries.utils import DATA, use_closed_smtp_port
from yport.outbox import send_due_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(staff_user):
    return staff_user("handler", first_name="Taro", last_name="Yokohama")


@pytest.fixture
def acknowledged(settings):
    """An inquiry submitted through the service, its notification and acknowledgement sent."""
    settings.INQUIRY_REPLY_TO = "ki-yport@example.jp"
    inquiry = submit_inquiry(data={**DATA, "city": CityFactory()}, language="en", client_address="192.0.2.1")
    assert send_due_emails() == (2, 0)
    mail.outbox.clear()
    return inquiry


def reply(inquiry, by, status=InquiryStatus.ANSWERED, body="Dear Jane,\n\nthank you.", language="en"):
    return send_reply(inquiry=inquiry, subject="", body=body, language=language, status=status, by=by)


def test_acknowledgement_carries_the_message_id_stored_when_queued(settings):
    inquiry = submit_inquiry(data=DATA, language="en", client_address="192.0.2.1")
    stored = dict(inquiry.emails.values_list("kind", "message_id"))
    assert send_due_emails() == (2, 0)
    sent = {message.to[0]: message.message()["Message-ID"] for message in mail.outbox}
    assert sent == {
        "jane@example.com": stored[InquiryEmailKind.ACKNOWLEDGEMENT],
        "staff@example.com": stored[InquiryEmailKind.NOTIFICATION],
    }
    assert stored[InquiryEmailKind.ACKNOWLEDGEMENT].endswith(f"@{urlsplit(settings.SITE_URL).hostname}>")
    assert stored[InquiryEmailKind.ACKNOWLEDGEMENT] != stored[InquiryEmailKind.NOTIFICATION]


def test_send_reply_sends_the_mail_threaded_under_the_acknowledgement(
    acknowledged, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = reply(acknowledged, handler)
    acknowledgement_id = acknowledged.emails.get(kind=InquiryEmailKind.ACKNOWLEDGEMENT).message_id
    [message] = mail.outbox
    headers = message.message()
    assert message.to == ["jane@example.com"]
    assert message.subject == f"Re: [Y-PORT] Your inquiry {acknowledged.reference}"
    assert message.reply_to == ["ki-yport@example.jp"]
    assert message.body == "Dear Jane,\n\nthank you."
    assert headers["In-Reply-To"] == headers["References"] == acknowledgement_id
    assert headers["Message-ID"] == email.message_id != acknowledgement_id
    email.refresh_from_db()
    assert (email.kind, email.state, email.attempts, email.created_by, email.language) == (
        InquiryEmailKind.REPLY,
        InquiryEmailState.SENT,
        1,
        handler,
        "en",
    )


def test_send_reply_records_the_text_and_sets_the_status_answered(acknowledged, handler):
    reply(acknowledged, handler)
    acknowledged.refresh_from_db()
    assert acknowledged.status == InquiryStatus.ANSWERED
    events = list(
        acknowledged.events.exclude(kind__in=[InquiryEventKind.SUBMITTED, InquiryEventKind.EMAIL_SENT]).values_list(
            "kind", "actor", "old_status", "new_status", "detail"
        )
    )
    assert events == [
        (
            InquiryEventKind.REPLIED,
            handler.pk,
            "",
            "",
            f"Re: [Y-PORT] Your inquiry {acknowledged.reference}\n\nDear Jane,\n\nthank you.",
        ),
        (InquiryEventKind.STATUS_CHANGED, handler.pk, "new", "answered", ""),
    ]


def test_send_reply_keeps_the_status_the_handler_chose(acknowledged, handler):
    reply(acknowledged, handler, status=InquiryStatus.IN_PROGRESS)
    reply(acknowledged, handler, status=InquiryStatus.IN_PROGRESS)
    acknowledged.refresh_from_db()
    assert acknowledged.status == InquiryStatus.IN_PROGRESS
    assert acknowledged.emails.filter(kind=InquiryEmailKind.REPLY).count() == 2
    assert acknowledged.events.filter(kind=InquiryEventKind.STATUS_CHANGED).count() == 1


def test_send_reply_is_retried_by_the_worker_after_an_smtp_failure(
    acknowledged, handler, settings, django_capture_on_commit_callbacks
):
    use_closed_smtp_port(settings)
    with django_capture_on_commit_callbacks(execute=True):
        email = reply(acknowledged, handler)
    email.refresh_from_db()
    assert (email.state, email.attempts) == (InquiryEmailState.FAILED, 1)
    assert email.error.startswith("ConnectionRefusedError")
    assert acknowledged.events.filter(kind=InquiryEventKind.EMAIL_FAILED).count() == 1
    assert send_due_emails() == (0, 0)  # not due again before retry_delay(1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails(now=timezone.now() + timedelta(minutes=1, seconds=1)) == (1, 0)
    email.refresh_from_db()
    assert (email.state, email.attempts, email.error) == (InquiryEmailState.SENT, 2, "")
    [message] = mail.outbox
    assert message.message()["Message-ID"] == email.message_id
    assert message.subject == f"Re: [Y-PORT] Your inquiry {acknowledged.reference}"


def test_send_reply_refuses_an_anonymised_inquiry(acknowledged, handler):
    anonymise_inquiry(inquiry=acknowledged)
    with pytest.raises(ReplyNotPossible):
        reply(acknowledged, handler)
    assert not InquiryEmail.objects.filter(kind=InquiryEmailKind.REPLY).exists()


def test_anonymising_erases_the_text_of_replies_and_stops_their_delivery(acknowledged, handler):
    email = reply(acknowledged, handler)
    anonymise_inquiry(inquiry=acknowledged)
    email.refresh_from_db()
    assert (email.subject, email.body) == ("", "")
    assert send_due_emails() == (0, 0)
    assert mail.outbox == []


def test_reply_subject_keeps_one_line_and_the_reference(acknowledged):
    ref = acknowledged.reference
    assert reply_subject(inquiry=acknowledged, subject="Hello\r\nBcc: x@example.com", language="en") == (
        f"Hello Bcc: x@example.com [{ref}]"
    )
    assert reply_subject(inquiry=acknowledged, subject=f"About {ref}", language="en") == f"About {ref}"
    assert reply_subject(inquiry=acknowledged, subject="  ", language="ja") == f"Re: [Y-PORT] お問い合わせ {ref}"


def test_fill_template_uses_the_reply_language(acknowledged, handler):
    acknowledged.city.name_ja, acknowledged.city.name_en = "ダナン市", "Da Nang"
    acknowledged.city.save()
    template = ReplyTemplateFactory()
    ref = acknowledged.reference
    assert fill_template(template=template, inquiry=acknowledged, language="ja", by=handler) == (
        f"お問い合わせ（{ref}）について",
        "Acme Water Ltd.\nJane Doe 様\n\nダナン市についてのお問い合わせにお答えします。\n\nTaro Yokohama",
    )
    assert fill_template(template=template, inquiry=acknowledged, language="en", by=handler) == (
        f"Your inquiry ({ref})",
        "Dear Jane Doe (Acme Water Ltd.),\n\nabout Da Nang: our answer.\n\nTaro Yokohama",
    )


def test_an_acknowledgement_queued_without_message_id_gets_one_when_sent(handler, settings):
    inquiry = submit_inquiry(data=DATA, language="en", client_address="192.0.2.1")
    inquiry.emails.update(message_id="")  # as queued before Message-IDs were stored
    assert send_due_emails() == (2, 0)
    acknowledgement = inquiry.emails.get(kind=InquiryEmailKind.ACKNOWLEDGEMENT)
    [sent] = [message for message in mail.outbox if message.to == ["jane@example.com"]]
    assert sent.message()["Message-ID"] == acknowledgement.message_id != ""
    mail.outbox.clear()
    send_reply(inquiry=inquiry, subject="", body="b", language="en", status="answered", by=handler)
    assert send_due_emails() == (1, 0)
    assert mail.outbox[0].message()["In-Reply-To"] == acknowledgement.message_id
