import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inquiries.abuse import seconds_until_next_slot
from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState, InquiryReferenceCounter
from inquiries.services.submission import DuplicateSubmission, RateLimitExceeded, next_reference
from tests.factories import FieldOfCooperationFactory
from tests.inquiries.utils import submit
from yport.abuse import client_network

pytestmark = pytest.mark.django_db


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
