"""The inquiries' emails through the outbox: queued on submission, sent and retried by the worker, what they say."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState, InquiryEventKind
from inquiries.services.outbox import queue_unsent_emails
from inquiries.services.submission import submit_inquiry
from tests.inquiries.utils import DATA, form_data, submit, use_closed_smtp_port
from yport.outbox import claim_due_email, retry_delay, send_due_emails

pytestmark = pytest.mark.django_db


def test_mail_server_down_keeps_inquiry_and_a_later_pass_sends_it(client, settings):
    use_closed_smtp_port(settings)
    with translation.override("en"):
        form_url = reverse("inquiries:inquiry_create")
    response = client.post(form_url, form_data())
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert client.get(response["Location"]).status_code == 200

    before = timezone.now()
    assert send_due_emails() == (0, 2)
    emails = list(inquiry.emails.order_by("kind"))
    assert [(email.kind, email.state, email.attempts) for email in emails] == [
        ("acknowledgement", InquiryEmailState.FAILED, 1),
        ("notification", InquiryEmailState.FAILED, 1),
    ]
    assert all(email.error.startswith("ConnectionRefusedError:") for email in emails)
    assert all(email.next_attempt_at >= before + retry_delay(1) for email in emails)
    assert list(inquiry.events.values_list("kind", flat=True)) == [
        InquiryEventKind.SUBMITTED,
        InquiryEventKind.EMAIL_FAILED,
        InquiryEventKind.EMAIL_FAILED,
    ]
    assert send_due_emails() == (0, 0)  # not due again yet

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails(now=timezone.now() + retry_delay(1)) == (2, 0)
    assert len(mail.outbox) == 2
    assert set(inquiry.emails.values_list("state", "attempts")) == {(InquiryEmailState.SENT, 2)}
    assert send_due_emails(now=timezone.now() + timedelta(days=1)) == (0, 0)  # nothing is sent twice
    assert len(mail.outbox) == 2


def test_retry_delay_grows_to_an_hour():
    assert [retry_delay(attempts).total_seconds() / 60 for attempts in (1, 2, 3, 4, 7, 8, 30)] == [
        1,
        2,
        4,
        8,
        60,
        60,
        60,
    ]


def test_queue_unsent_emails_makes_failed_ones_due_now(settings):
    use_closed_smtp_port(settings)
    inquiry = submit()
    send_due_emails()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails() == (0, 0)
    assert queue_unsent_emails(inquiries=Inquiry.objects.all()) == 2
    assert send_due_emails() == (2, 0)
    assert queue_unsent_emails(inquiries=[inquiry]) == 0


def test_claimed_email_is_not_claimed_again_until_its_lease_ends(settings):
    submit()
    now = timezone.now()
    first = claim_due_email(InquiryEmail, now=now)
    second = claim_due_email(InquiryEmail, now=now)
    assert {first.kind, second.kind} == {"acknowledgement", "notification"}
    assert claim_due_email(InquiryEmail, now=now) is None
    later = now + timedelta(seconds=3 * settings.EMAIL_TIMEOUT + 61)
    # A worker that died while sending: the email is due again.
    assert claim_due_email(InquiryEmail, now=later) is not None


def test_anonymised_inquiry_emails_are_never_sent():
    inquiry = submit()
    Inquiry.objects.filter(pk=inquiry.pk).update(anonymised_at=timezone.now())
    assert send_due_emails() == (0, 0)
    assert mail.outbox == []


def test_send_queued_emails_command_reports(settings):
    submit()
    out = io.StringIO()
    call_command("send_queued_emails", stdout=out)
    assert out.getvalue() == "Sent 2 email(s); 0 failed.\n"


def test_send_pending_inquiry_emails_is_the_worker_under_its_former_name(settings):
    submit()
    out, err = io.StringIO(), io.StringIO()
    call_command("send_pending_inquiry_emails", stdout=out, stderr=err)
    assert out.getvalue() == "Sent 2 email(s); 0 failed.\n"
    assert err.getvalue() == "send_pending_inquiry_emails is deprecated; use send_queued_emails.\n"


def test_notification_without_recipients_is_recorded_as_failed(settings):
    settings.INQUIRY_NOTIFY_EMAILS = []
    inquiry = submit()
    send_due_emails()
    notification = inquiry.emails.get(kind="notification")
    assert notification.state == InquiryEmailState.FAILED
    assert notification.error == "ValueError: no recipients: set INQUIRY_NOTIFY_EMAILS"
    assert [message.to for message in mail.outbox] == [["jane@example.com"]]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_acknowledgement_carries_nothing_the_sender_typed(language):
    typed = {
        "company_name": "Spam <b>Corp</b> https://spam.example",
        "department": "Buy now",
        "contact_person": '"><img src=x onerror=alert(1)> Visit https://spam.example',
        "message": "Cheap pills at https://spam.example",
        "website": "https://spam.example/",
    }
    inquiry = submit_inquiry(data={**DATA, **typed}, language=language, client_address="192.0.2.1")
    send_due_emails()
    acknowledgement = next(message for message in mail.outbox if message.to == ["jane@example.com"])
    text = acknowledgement.subject + acknowledgement.body + "".join(str(part) for part in acknowledgement.alternatives)
    for value in (*typed.values(), "spam", "img", "Jane"):
        assert value not in text
    assert inquiry.reference in acknowledgement.subject
    assert inquiry.reference in acknowledgement.body
    assert f"http://127.0.0.1:8000/{language}/privacy/" in acknowledgement.body
    assert acknowledgement.reply_to == []
