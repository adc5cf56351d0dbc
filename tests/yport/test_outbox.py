"""The mail outbox (yport.outbox): queuing rendered emails, idempotent by key, and one worker pass over every
queue (the kernel's outgoing emails, the inquiries' and the registrations' emails)."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import InquiryEmail
from inquiries.services.submission import submit_inquiry
from registrations.models import RegistrationEmail
from yport.models import EmailState, OutgoingEmail
from yport.outbox import claim_due_email, queue_email, queue_models, send_due_emails

pytestmark = pytest.mark.django_db

DECIDED = {"approved": True, "user": "sato", "item": "Y-PORT Week", "comment": "OK", "url": "https://example.jp/x"}


def queue(**fields):
    return queue_email(
        **{"kind": "test", "to": "editor@example.com", "template": "editorial/email/decided", "context": DECIDED}
        | fields
    )


@pytest.mark.parametrize(
    ("language", "subject"), [("ja", "承認されました: Y-PORT Week"), ("en", "Approved: Y-PORT Week")]
)
def test_queue_email_renders_in_the_recipients_language(language, subject):
    email = queue(language=language)
    email.refresh_from_db()
    assert (email.subject, email.language, email.state, email.attempts) == (subject, language, EmailState.PENDING, 0)
    assert email.message_id.startswith("<") and email.message_id.endswith(">")


def test_queue_email_with_a_key_queues_it_once():
    first = queue(key="test:2026-05-07:1")
    assert queue(key="test:2026-05-07:1") is None
    send_due_emails()
    assert queue(key="test:2026-05-07:1") is None  # also once it is sent
    assert queue(key="test:2026-05-08:1") is not None
    assert queue() is not None and queue() is not None  # without a key, as many as asked
    assert OutgoingEmail.objects.filter(key="test:2026-05-07:1").get().pk == first.pk
    assert OutgoingEmail.objects.count() == 4


def test_one_worker_pass_sends_every_queue(settings):
    settings.INQUIRY_NOTIFY_EMAILS = ["staff@example.com"]
    data = {"company_name": "Acme", "contact_person": "Jane", "email": "jane@example.com", "country": "JP"}
    data["message"] = "Hello"
    submit_inquiry(data=data, language="en", client_address="192.0.2.1")
    queue(language="en")
    assert queue_models() == [InquiryEmail, RegistrationEmail, OutgoingEmail]

    out = io.StringIO()
    call_command("send_queued_emails", stdout=out)

    assert out.getvalue() == "Sent 3 email(s); 0 failed.\n"
    assert sorted(message.subject.split(" ")[0] for message in mail.outbox) == ["Approved:", "[Y-PORT]", "[Y-PORT]"]
    assert OutgoingEmail.objects.get().state == EmailState.SENT
    assert set(InquiryEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}


def test_claimed_outgoing_email_is_not_claimed_again_until_its_lease_ends(settings):
    queue()
    now = timezone.now()
    assert claim_due_email(OutgoingEmail, now=now) is not None
    assert claim_due_email(OutgoingEmail, now=now) is None
    later = now + timedelta(seconds=3 * settings.EMAIL_TIMEOUT + 61)
    assert claim_due_email(OutgoingEmail, now=later) is not None


def test_sent_email_keeps_its_message_id_and_text():
    email = queue()
    send_due_emails()
    [message] = mail.outbox
    email.refresh_from_db()
    assert message.extra_headers["Message-ID"] == email.message_id
    assert (email.state, email.subject) == (EmailState.SENT, "承認されました: Y-PORT Week")
    assert email.sent_at is not None
