"""The inquiries' own admin pages (inquiries.admin.views); the attachment download is tested with the attachments
(tests/inquiries/test_attachments.py), the overview per handler with the response targets."""

import datetime

import pytest

from inquiries.models import Inquiry, InquiryStatus
from tests.factories import InquiryFactory
from tests.inquiries.utils import admin_url

pytestmark = pytest.mark.django_db


def test_overview_counts_open_inquiries_per_status_and_month(handler_client):
    InquiryFactory.create_batch(2)
    InquiryFactory(status=InquiryStatus.IN_PROGRESS)
    InquiryFactory(status=InquiryStatus.CLOSED)
    response = handler_client.get(admin_url("inquiries_inquiry_overview"))
    assert response.status_code == 200
    assert response.context["open_count"] == 3
    assert dict(response.context["statuses"])["new"] == 2
    [month] = response.context["per_month"]
    assert (month["open"], month["total"], month["counts"]) == (3, 4, [2, 1, 0, 1, 0])


def test_overview_months_are_local_and_newest_first(handler_client):
    # 2026-09-30 16:00 UTC is already October in Tokyo.
    for when, status in (
        (datetime.datetime(2026, 9, 30, 16, 0, tzinfo=datetime.UTC), InquiryStatus.NEW),
        (datetime.datetime(2026, 9, 30, 14, 0, tzinfo=datetime.UTC), InquiryStatus.SPAM),
        (datetime.datetime(2026, 8, 1, 3, 0, tzinfo=datetime.UTC), InquiryStatus.ANSWERED),
    ):
        Inquiry.objects.filter(pk=InquiryFactory(status=status).pk).update(created_at=when)

    months = handler_client.get(admin_url("inquiries_inquiry_overview")).context["per_month"]

    assert [(row["month"].strftime("%Y-%m"), row["counts"], row["open"], row["total"]) for row in months] == [
        ("2026-10", [1, 0, 0, 0, 0], 1, 1),
        ("2026-09", [0, 0, 0, 0, 1], 0, 1),
        ("2026-08", [0, 0, 1, 0, 0], 0, 1),
    ]
    assert Inquiry.objects.counts_by_status() == {"new": 1, "in_progress": 0, "answered": 1, "closed": 0, "spam": 1}
