import io
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from inquiries.abuse import client_network, seconds_until_next_slot
from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState, InquiryEventKind, InquiryReferenceCounter
from inquiries.services.outbox import queue_unsent_emails
from inquiries.services.privacy import anonymise_inquiry
from inquiries.services.submission import DuplicateSubmission, RateLimitExceeded, next_reference, submit_inquiry
from tests.factories import FieldOfCooperationFactory
from tests.inquiries.utils import form_data
from yport.outbox import claim_due_email, retry_delay, send_due_emails

pytestmark = pytest.mark.django_db

DATA = {
    "company_name": "Acme Water Ltd.",
    "contact_person": "Jane Doe",
    "email": "jane@example.com",
    "country": "VN",
    "message": "We build water treatment plants.",
}


def use_closed_smtp_port(settings):
    """A real SMTP backend pointed at a port where nothing listens: sending fails with a refused connection."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def submit(address="192.0.2.1", **data):
    return submit_inquiry(data={**DATA, **data}, language="en", client_address=address)


def test_next_reference_counts_per_year():
    assert [next_reference(2026), next_reference(2026), next_reference(2027)] == [
        "YP-2026-0001",
        "YP-2026-0002",
        "YP-2027-0001",
    ]
    assert dict(InquiryReferenceCounter.objects.values_list("year", "last_number")) == {2026: 2, 2027: 1}


def test_submit_inquiry_stores_everything_and_sends_nothing_itself(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        inquiry = submit(address="2001:db8:1234:5678::1")
    assert callbacks == []
    assert inquiry.client_network == "2001:db8:1234::/48"
    assert sorted(inquiry.emails.values_list("kind", "state")) == [
        ("acknowledgement", InquiryEmailState.PENDING),
        ("notification", InquiryEmailState.PENDING),
    ]
    assert mail.outbox == []


def test_submit_inquiry_same_token_and_content_raises_duplicate():
    token = uuid.uuid4()
    fields = [FieldOfCooperationFactory(), FieldOfCooperationFactory()]
    first = submit(submission_token=token, fields_of_interest=fields)
    with pytest.raises(DuplicateSubmission) as raised:
        submit(submission_token=token, fields_of_interest=list(reversed(fields)))
    assert raised.value.inquiry == first
    assert Inquiry.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [{"message": "We build water treatment plants. And pumps."}, {"email": "other@example.com"}, {"country": "JP"}],
)
def test_submit_inquiry_same_token_other_content_is_stored_as_its_own_inquiry(change):
    token = uuid.uuid4()
    first = submit(submission_token=token)
    second = submit(submission_token=token, **change)
    assert second.pk != first.pk
    assert second.reference != first.reference
    assert second.submission_token != token
    assert Inquiry.objects.count() == 2


def test_submit_inquiry_same_token_other_fields_of_interest_is_its_own_inquiry():
    token = uuid.uuid4()
    submit(submission_token=token, fields_of_interest=[FieldOfCooperationFactory()])
    submit(submission_token=token, fields_of_interest=[])
    assert Inquiry.objects.count() == 2


def test_submit_inquiry_past_rate_limit_stores_nothing(settings):
    settings.INQUIRY_RATE_LIMIT = 1
    submit()
    with pytest.raises(RateLimitExceeded):
        submit()
    assert Inquiry.objects.count() == 1
    assert InquiryEmail.objects.count() == 2


@pytest.mark.parametrize(
    ("first", "neighbour", "stranger"),
    [
        ("127.0.0.1", "127.0.0.2", "127.0.1.1"),
        ("203.0.113.7", "203.0.113.250", "203.0.114.7"),
        ("2001:db8:1:2::1", "2001:db8:1:ffff:1234::9", "2001:db8:2::1"),
        ("::ffff:198.51.100.1", "198.51.100.99", "198.51.101.1"),
    ],
)
def test_rate_limit_holds_across_the_network(settings, first, neighbour, stranger):
    settings.INQUIRY_RATE_LIMIT = 2
    submit(address=first)
    submit(address=first)
    with pytest.raises(RateLimitExceeded):
        submit(address=neighbour)
    submit(address=stranger)
    assert Inquiry.objects.count() == 3


def test_rate_limit_says_when_the_oldest_inquiry_leaves_the_window(settings):
    settings.INQUIRY_RATE_LIMIT = 2
    settings.INQUIRY_RATE_WINDOW_SECONDS = 3600
    older, newer = submit(), submit()
    now = timezone.now()
    Inquiry.objects.filter(pk=older.pk).update(created_at=now - timedelta(seconds=1000))
    Inquiry.objects.filter(pk=newer.pk).update(created_at=now - timedelta(seconds=10))
    with pytest.raises(RateLimitExceeded) as raised:
        submit()
    assert 2599 <= raised.value.retry_after <= 2601
    assert seconds_until_next_slot("192.0.2.0/24", now=now + timedelta(seconds=2601)) is None


def test_rate_limit_frees_a_slot_after_the_window(settings):
    settings.INQUIRY_RATE_LIMIT = 1
    first = submit()
    Inquiry.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(seconds=3601))
    submit()
    assert Inquiry.objects.count() == 2


def test_client_network_shortens_addresses():
    assert client_network("203.0.113.77") == "203.0.113.0/24"
    assert client_network("2001:db8:abcd:12::1") == "2001:db8:abcd::/48"
    assert client_network("::ffff:203.0.113.77") == "203.0.113.0/24"
    assert client_network("unknown") == ""


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


def test_anonymising_blanks_the_kana_readings():
    inquiry = submit_inquiry(
        data={**DATA, "company_name_kana": "アクメウォーター", "contact_person_kana": "ジェーン ドウ"},
        language="ja",
        client_address="192.0.2.1",
    )
    assert (inquiry.company_name_kana, inquiry.contact_person_kana) == ("アクメウォーター", "ジェーン ドウ")
    anonymise_inquiry(inquiry=inquiry)
    inquiry.refresh_from_db()
    assert (inquiry.company_name_kana, inquiry.contact_person_kana, inquiry.company_name) == ("", "", "")
    assert Inquiry.objects.filter(company_name_kana="アクメウォーター").count() == 0
