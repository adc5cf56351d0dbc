import io
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from inquiries.abuse import address_key, claim_submission_slot, client_network
from inquiries.models import Inquiry, InquiryEmailState, InquiryEventKind, InquiryReferenceCounter
from inquiries.services import DuplicateSubmission, RateLimitExceeded, next_reference, submit_inquiry
from tests.inquiries.utils import form_data

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


def test_next_reference_counts_per_year():
    assert [next_reference(2026), next_reference(2026), next_reference(2027)] == [
        "YP-2026-0001",
        "YP-2026-0002",
        "YP-2027-0001",
    ]
    assert dict(InquiryReferenceCounter.objects.values_list("year", "last_number")) == {2026: 2, 2027: 1}


def test_submit_inquiry_stores_everything_in_one_go(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inquiry = submit_inquiry(data=DATA, language="en", client_address="2001:db8:1234:5678::1")
    assert len(callbacks) == 1
    assert inquiry.client_network == "2001:db8:1234::/48"
    assert inquiry.emails.filter(state=InquiryEmailState.PENDING).count() == 2
    assert mail.outbox == []


def test_submit_inquiry_same_token_twice_raises_duplicate():
    token = uuid.uuid4()
    first = submit_inquiry(data={**DATA, "submission_token": token}, language="ja", client_address="192.0.2.1")
    with pytest.raises(DuplicateSubmission) as raised:
        submit_inquiry(data={**DATA, "submission_token": token}, language="ja", client_address="192.0.2.1")
    assert raised.value.inquiry == first
    assert Inquiry.objects.count() == 1


def test_submit_inquiry_past_rate_limit_stores_nothing(settings):
    settings.INQUIRY_RATE_LIMIT = 1
    submit_inquiry(data=DATA, language="ja", client_address="192.0.2.1")
    with pytest.raises(RateLimitExceeded):
        submit_inquiry(data=DATA, language="ja", client_address="192.0.2.1")
    assert Inquiry.objects.count() == 1


def test_rate_limit_slots_free_after_the_window(settings):
    settings.INQUIRY_RATE_LIMIT = 2
    assert [claim_submission_slot("192.0.2.9") for _ in range(3)] == [True, True, False]
    key = address_key("192.0.2.9")
    cache.delete(f"inquiry-rate:{key}:0")  # as if the first slot's window had passed
    assert claim_submission_slot("192.0.2.9") is True
    assert claim_submission_slot("192.0.2.9") is False


def test_address_key_does_not_contain_the_address():
    assert "192.0.2.9" not in address_key("192.0.2.9")
    assert address_key("192.0.2.9") != address_key("192.0.2.10")


def test_client_network_shortens_addresses():
    assert client_network("203.0.113.77") == "203.0.113.0/24"
    assert client_network("2001:db8:abcd:12::1") == "2001:db8:abcd::/48"
    assert client_network("unknown") == ""


def test_mail_server_down_keeps_inquiry_and_retry_sends_it(client, settings, django_capture_on_commit_callbacks):
    use_closed_smtp_port(settings)
    with translation.override("en"):
        form_url = reverse("inquiries:inquiry_create")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, form_data())
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    emails = list(inquiry.emails.order_by("kind"))
    assert [(email.kind, email.state, email.attempts) for email in emails] == [
        ("acknowledgement", InquiryEmailState.FAILED, 1),
        ("notification", InquiryEmailState.FAILED, 1),
    ]
    assert all(email.error.startswith("ConnectionRefusedError:") for email in emails)
    assert list(inquiry.events.values_list("kind", flat=True)) == [
        InquiryEventKind.SUBMITTED,
        InquiryEventKind.EMAIL_FAILED,
        InquiryEventKind.EMAIL_FAILED,
    ]
    assert client.get(response["Location"]).status_code == 200

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("send_pending_inquiry_emails", stdout=out)
    assert out.getvalue() == "Sent 2 email(s); 0 failed.\n"
    assert len(mail.outbox) == 2
    assert set(inquiry.emails.values_list("state", "attempts")) == {(InquiryEmailState.SENT, 2)}
    call_command("send_pending_inquiry_emails", stdout=out)
    assert len(mail.outbox) == 2  # nothing is sent twice


def test_notification_without_recipients_is_recorded_as_failed(settings, django_capture_on_commit_callbacks):
    settings.INQUIRY_NOTIFY_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = submit_inquiry(data=DATA, language="en", client_address="192.0.2.1")
    notification = inquiry.emails.get(kind="notification")
    assert notification.state == InquiryEmailState.FAILED
    assert notification.error == "ValueError: no recipients: set INQUIRY_NOTIFY_EMAILS"
    assert [message.to for message in mail.outbox] == [["jane@example.com"]]
