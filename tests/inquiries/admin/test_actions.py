from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState, InquiryEventKind, InquiryStatus
from tests.factories import InquiryFactory
from tests.inquiries.utils import admin_url
from yport.outbox import send_due_emails

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("mark_in_progress", InquiryStatus.IN_PROGRESS),
        ("mark_answered", InquiryStatus.ANSWERED),
        ("mark_closed", InquiryStatus.CLOSED),
        ("mark_spam", InquiryStatus.SPAM),
    ],
)
def test_status_actions_record_history(handler_client, action, status):
    inquiries = InquiryFactory.create_batch(2)
    response = handler_client.post(
        admin_url("inquiries_inquiry_changelist"), {"action": action, "_selected_action": [i.pk for i in inquiries]}
    )
    assert response.status_code == 302
    assert set(Inquiry.objects.values_list("status", flat=True)) == {status}
    for inquiry in inquiries:
        event = inquiry.events.get(kind=InquiryEventKind.STATUS_CHANGED)
        assert (event.actor, event.old_status, event.new_status) == (handler_client.user, "new", status)


def test_assign_to_me_action(handler_client):
    inquiry = InquiryFactory()
    handler_client.post(
        admin_url("inquiries_inquiry_changelist"), {"action": "assign_to_me", "_selected_action": [inquiry.pk]}
    )
    inquiry.refresh_from_db()
    assert inquiry.assignee == handler_client.user
    assert inquiry.events.get(kind=InquiryEventKind.ASSIGNED).actor == handler_client.user


def test_resend_emails_action_queues_failed_ones_for_the_worker(handler_client):
    inquiry = InquiryFactory()
    later = timezone.now() + timedelta(hours=1)
    InquiryEmail.objects.create(
        inquiry=inquiry,
        kind="acknowledgement",
        state=InquiryEmailState.FAILED,
        attempts=1,
        error="x",
        next_attempt_at=later,
    )
    response = handler_client.post(
        admin_url("inquiries_inquiry_changelist"),
        {"action": "resend_emails", "_selected_action": [inquiry.pk]},
        follow=True,
    )
    assert "1 unsent email queued" in response.content.decode()
    assert mail.outbox == []  # the admin request never waits on the mail server
    assert send_due_emails() == (1, 0)
    email = inquiry.emails.get()
    assert (email.state, email.attempts, email.error) == (InquiryEmailState.SENT, 2, "")
    assert [message.to for message in mail.outbox] == [[inquiry.email]]
