import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("inquiries", "0003_rate_limit_by_network_and_email_queue")]
AFTER = [("inquiries", "0006_first_answer_due_required")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_afterwards():
    """Migrates the test database forward to the latest migrations again afterwards: the tests that run later (in
    the same database) need every table."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_afterwards")
def test_migration_fills_due_dates_and_first_answers_of_existing_inquiries():
    apps = migrate(BEFORE)
    Inquiry = apps.get_model("inquiries", "Inquiry")
    InquiryEvent = apps.get_model("inquiries", "InquiryEvent")
    received = {
        "golden_week": datetime.datetime(2026, 4, 28, 1, 0, tzinfo=datetime.UTC),  # Tuesday 10:00 in Tokyo
        "saturday_in_tokyo": datetime.datetime(2026, 4, 24, 15, 30, tzinfo=datetime.UTC),
        "year_end": datetime.datetime(2026, 12, 25, 8, 0, tzinfo=datetime.UTC),
    }
    rows = {}
    for number, (name, created_at) in enumerate(received.items(), start=1):
        inquiry = Inquiry.objects.create(
            reference=f"YP-2026-{number:04d}",
            submission_token=uuid.uuid4(),
            company_name="株式会社テスト",
            contact_person="担当者",
            email="test@example.com",
            country="JP",
            message="相談したい。",
            language="ja",
            privacy_notice_version="2026-11",
            consent_given_at=created_at,
            status="closed" if name == "golden_week" else "new",
        )
        Inquiry.objects.filter(pk=inquiry.pk).update(created_at=created_at)
        rows[name] = inquiry.pk
    answered = datetime.datetime(2026, 5, 7, 2, 0, tzinfo=datetime.UTC)
    for kind, new_status, at in (
        ("status_changed", "in_progress", answered - datetime.timedelta(days=2)),
        ("status_changed", "answered", answered),
        ("status_changed", "closed", answered + datetime.timedelta(days=3)),
    ):
        event = InquiryEvent.objects.create(inquiry_id=rows["golden_week"], kind=kind, new_status=new_status)
        InquiryEvent.objects.filter(pk=event.pk).update(created_at=at)

    apps = migrate(AFTER)
    Inquiry = apps.get_model("inquiries", "Inquiry")

    filled = {
        name: Inquiry.objects.values_list("first_answer_due", "first_answered_at").get(pk=pk)
        for name, pk in rows.items()
    }
    assert filled == {
        "golden_week": (datetime.date(2026, 5, 7), answered),
        "saturday_in_tokyo": (datetime.date(2026, 5, 1), None),
        "year_end": (datetime.date(2027, 1, 5), None),
    }
