"""Response targets on the records: the due date set on submission, the first answer, the overdue queries, the
admin's due column, filter and per-handler overview, and the export's columns."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from inquiries.models import Inquiry, InquiryEmail, InquiryEmailKind, InquiryEmailState, InquiryStatus, ResponseTarget
from inquiries.resources import InquiryResource
from inquiries.services.submission import submit_inquiry
from inquiries.services.workflow import change_status, record_first_answer
from inquiries.working_days import first_answer_due, today_in_tokyo
from tests.factories import InquiryFactory
from tests.inquiries.utils import admin_url
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2026, 5, 7)  # a Thursday, the first working day after Golden Week
DATA = {
    "company_name": "Acme Water Ltd.",
    "contact_person": "Jane Doe",
    "email": "jane@example.com",
    "country": "VN",
    "message": "We build water treatment plants.",
}


# --- Submission and first answer -----------------------------------------------------------------------------


@pytest.mark.parametrize("days", [3, 5])
def test_submit_inquiry_sets_the_due_date_from_the_setting(settings, days):
    settings.INQUIRY_RESPONSE_DAYS = days
    inquiry = submit_inquiry(data=DATA, language="en", client_address="192.0.2.10")
    inquiry.refresh_from_db()
    assert inquiry.first_answer_due == first_answer_due(inquiry.consent_given_at, days=days)
    assert inquiry.first_answer_due > today_in_tokyo()
    assert inquiry.first_answered_at is None


@pytest.mark.parametrize("status", [InquiryStatus.ANSWERED, InquiryStatus.CLOSED])
def test_change_status_to_answered_or_closed_records_the_first_answer(admin_user, status):
    inquiry = InquiryFactory(status=InquiryStatus.IN_PROGRESS)
    before = timezone.now()
    assert change_status(inquiry=inquiry, status=status, by=admin_user) is True
    after = timezone.now()
    stored = Inquiry.objects.get(pk=inquiry.pk).first_answered_at
    assert before <= stored <= after
    assert inquiry.first_answered_at == stored


@pytest.mark.parametrize("status", [InquiryStatus.IN_PROGRESS, InquiryStatus.SPAM])
def test_change_status_to_other_statuses_records_no_answer(admin_user, status):
    inquiry = InquiryFactory()
    change_status(inquiry=inquiry, status=status, by=admin_user)
    assert Inquiry.objects.get(pk=inquiry.pk).first_answered_at is None


def test_first_answer_is_kept_when_the_inquiry_is_reopened_and_answered_again(admin_user):
    inquiry = InquiryFactory()
    change_status(inquiry=inquiry, status=InquiryStatus.ANSWERED, by=admin_user)
    first = Inquiry.objects.get(pk=inquiry.pk).first_answered_at
    change_status(inquiry=inquiry, status=InquiryStatus.IN_PROGRESS, by=admin_user)
    change_status(inquiry=inquiry, status=InquiryStatus.CLOSED, by=admin_user)
    assert Inquiry.objects.get(pk=inquiry.pk).first_answered_at == first


def test_record_first_answer_from_a_stale_copy_keeps_the_stored_time():
    inquiry = InquiryFactory()
    stale = Inquiry.objects.get(pk=inquiry.pk)
    first = datetime.datetime(2026, 5, 7, 1, 0, tzinfo=datetime.UTC)
    assert record_first_answer(inquiry=inquiry, at=first) is True
    assert record_first_answer(inquiry=stale, at=first + DAY) is False
    assert stale.first_answered_at == first
    assert Inquiry.objects.get(pk=inquiry.pk).first_answered_at == first


# --- Queries -------------------------------------------------------------------------------------------------


@pytest.fixture
def targets():
    """One inquiry in each position against TODAY."""
    return {
        "overdue": InquiryFactory(first_answer_due=TODAY - DAY),
        "overdue_in_progress": InquiryFactory(first_answer_due=TODAY - 10 * DAY, status=InquiryStatus.IN_PROGRESS),
        "due_today": InquiryFactory(first_answer_due=TODAY),
        "on_time": InquiryFactory(first_answer_due=TODAY + DAY),
        "answered_late": InquiryFactory(
            first_answer_due=TODAY - DAY,
            status=InquiryStatus.ANSWERED,
            first_answered_at=datetime.datetime(2026, 5, 7, 1, 0, tzinfo=datetime.UTC),
        ),
        "reopened": InquiryFactory(
            first_answer_due=TODAY - DAY,
            status=InquiryStatus.IN_PROGRESS,
            first_answered_at=datetime.datetime(2026, 5, 1, 1, 0, tzinfo=datetime.UTC),
        ),
        "spam": InquiryFactory(first_answer_due=TODAY - DAY, status=InquiryStatus.SPAM),
    }


def names(targets, queryset):
    found = set(queryset.values_list("pk", flat=True))
    return {name for name, inquiry in targets.items() if inquiry.pk in found}


def test_overdue_is_open_unanswered_and_past_its_due_day(targets):
    assert names(targets, Inquiry.objects.overdue(TODAY)) == {"overdue", "overdue_in_progress"}


def test_overdue_boundary_due_today_becomes_overdue_the_next_day(targets):
    assert names(targets, Inquiry.objects.overdue(TODAY + DAY)) == {"overdue", "overdue_in_progress", "due_today"}
    assert names(targets, Inquiry.objects.overdue(TODAY - DAY)) == {"overdue_in_progress"}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (ResponseTarget.OVERDUE, {"overdue", "overdue_in_progress"}),
        (ResponseTarget.DUE_TODAY, {"due_today"}),
        (ResponseTarget.ON_TIME, {"on_time"}),
        (ResponseTarget.ANSWERED, {"answered_late", "reopened"}),
    ],
)
def test_response_target_queryset_and_instance_agree(targets, target, expected):
    assert names(targets, Inquiry.objects.response_target(target, today=TODAY)) == expected
    assert {name for name, inquiry in targets.items() if inquiry.response_target(today=TODAY) == target} == expected


def test_response_target_queryset_refuses_an_unknown_target():
    with pytest.raises(ValueError, match="'late' is not a valid ResponseTarget"):
        Inquiry.objects.response_target("late", today=TODAY)


def test_spam_without_an_answer_has_no_response_target(targets):
    assert targets["spam"].response_target(today=TODAY) is None


def test_open_and_overdue_per_assignee_counts_in_one_query(django_user_model, django_assert_num_queries):
    sato = django_user_model.objects.create_user("sato", is_staff=True)
    InquiryFactory(assignee=sato, first_answer_due=TODAY - DAY)
    InquiryFactory(assignee=sato, first_answer_due=TODAY)
    InquiryFactory(assignee=sato, first_answer_due=TODAY - DAY, status=InquiryStatus.CLOSED)
    InquiryFactory(first_answer_due=TODAY - DAY)
    with django_assert_num_queries(1):
        counts = Inquiry.objects.open_and_overdue_per_assignee(today=TODAY)
    assert counts == {sato.pk: (2, 1), None: (1, 1)}


# --- Admin ---------------------------------------------------------------------------------------------------


def test_changelist_due_column_says_overdue_and_due_today_in_words(handler_client):
    today = today_in_tokyo()
    late = InquiryFactory(first_answer_due=today - DAY)
    InquiryFactory(first_answer_due=today)
    InquiryFactory(first_answer_due=today + 2 * DAY)
    with translation.override("en"):
        response = handler_client.get(admin_url("inquiries_inquiry_changelist"))
    html = response.content.decode()
    assert html.count('<strong class="response-overdue">overdue</strong>') == 1
    assert html.count('<strong class="response-due_today">due today</strong>') == 1
    assert f"{(today - DAY):%m/%d/%Y}" in html
    assert f"{(today + 2 * DAY):%m/%d/%Y}" in html
    assert late in response.context["cl"].result_list


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("overdue", {"late"}),
        ("due_today", {"today"}),
        ("on_time", {"later"}),
        ("answered", {"answered"}),
        ("", {"late", "today", "later", "answered"}),
        ("nonsense", {"late", "today", "later", "answered"}),
    ],
)
def test_changelist_response_target_filter(handler_client, value, expected):
    today = today_in_tokyo()
    rows = {
        "late": InquiryFactory(first_answer_due=today - DAY),
        "today": InquiryFactory(first_answer_due=today),
        "later": InquiryFactory(first_answer_due=today + DAY),
        "answered": InquiryFactory(first_answer_due=today - DAY, first_answered_at=timezone.now()),
    }
    response = handler_client.get(admin_url("inquiries_inquiry_changelist"), {"response_target": value})
    assert response.status_code == 200
    shown = {inquiry.pk for inquiry in response.context["cl"].result_list}
    assert {name for name, inquiry in rows.items() if inquiry.pk in shown} == expected


def test_changelist_filter_lists_the_response_targets_translated(handler_client):
    response = handler_client.get("/ja/admin/inquiries/inquiry/")
    html = response.content.decode()
    for label in ("期限超過", "本日期限", "期限内", "回答済み"):
        assert label in html


def test_change_page_shows_due_date_and_first_answer_read_only(handler_client):
    inquiry = InquiryFactory(first_answer_due=D(2026, 5, 7))
    response = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "first_answer_due" not in form.fields
    assert "first_answered_at" not in form.fields
    assert "first_answer_due" in response.context["adminform"].readonly_fields


def test_overview_counts_open_and_overdue_per_handler_and_unassigned(handler_client, staff_user):
    today = today_in_tokyo()
    sato = staff_user("sato", INQUIRY_HANDLERS, first_name="Hanako", last_name="Sato")
    staff_user("idle", INQUIRY_HANDLERS)
    former = staff_user("former")  # no longer a handler, still holds an open inquiry
    staff_user("editor", CONTENT_EDITORS)
    InquiryFactory(assignee=sato, first_answer_due=today - DAY)
    InquiryFactory(assignee=sato, first_answer_due=today - 5 * DAY, status=InquiryStatus.IN_PROGRESS)
    InquiryFactory(assignee=sato, first_answer_due=today)
    InquiryFactory(assignee=sato, first_answer_due=today - DAY, status=InquiryStatus.CLOSED)
    InquiryFactory(assignee=former, first_answer_due=today + DAY)
    InquiryFactory(first_answer_due=today - DAY)
    InquiryFactory(first_answer_due=today + DAY)

    response = handler_client.get(admin_url("inquiries_inquiry_overview"))

    rows = [
        (user.get_username() if user else None, open, overdue)
        for user, open, overdue in response.context["per_handler"]
    ]
    assert rows == [("former", 1, 0), ("handler", 0, 0), ("idle", 0, 0), ("sato", 3, 2), (None, 2, 1)]
    assert response.context["overdue_count"] == 3
    html = response.content.decode()
    assert "Hanako Sato" in html
    assert f"?response_target=overdue&amp;assignee__id__exact={sato.pk}" in html
    assert "?response_target=overdue&amp;assignee__isnull=True" in html


def test_overview_links_lead_to_the_overdue_inquiries(handler_client, staff_user):
    today = today_in_tokyo()
    sato = staff_user("sato", INQUIRY_HANDLERS)
    late = InquiryFactory(assignee=sato, first_answer_due=today - DAY)
    InquiryFactory(assignee=sato, first_answer_due=today)
    unassigned_late = InquiryFactory(first_answer_due=today - DAY)
    changelist = admin_url("inquiries_inquiry_changelist")
    for query, expected in (
        ({"response_target": "overdue", "assignee__id__exact": sato.pk}, [late.pk]),
        ({"response_target": "overdue", "assignee__isnull": "True"}, [unassigned_late.pk]),
    ):
        response = handler_client.get(changelist, query)
        assert [inquiry.pk for inquiry in response.context["cl"].result_list] == expected


@pytest.mark.parametrize("count", [1, 20])
def test_overview_query_count_does_not_grow_with_handlers_or_inquiries(
    handler_client, staff_user, django_assert_max_num_queries, count
):
    today = today_in_tokyo()
    for number in range(count):
        handler = staff_user(f"handler{number}", INQUIRY_HANDLERS)
        InquiryFactory(assignee=handler, first_answer_due=today - DAY)
        InquiryFactory(first_answer_due=today - DAY)
    # Session, user, permissions (2); by status, per month; per assignee, the handlers.
    with django_assert_max_num_queries(8):
        response = handler_client.get(admin_url("inquiries_inquiry_overview"))
    assert len(response.context["per_handler"]) == count + 2


def test_overview_is_refused_to_editors(client, staff_user):
    client.force_login(staff_user("editor", CONTENT_EDITORS))
    assert client.get(admin_url("inquiries_inquiry_overview")).status_code == 403


# --- Export --------------------------------------------------------------------------------------------------


def sent_email(inquiry, kind):
    return InquiryEmail.objects.create(inquiry=inquiry, kind=kind, state=InquiryEmailState.SENT, sent_at=timezone.now())


def test_export_has_due_date_first_answer_and_sent_replies():
    answered = InquiryFactory(
        first_answer_due=D(2026, 5, 7),
        status=InquiryStatus.ANSWERED,
        first_answered_at=datetime.datetime(2026, 5, 6, 23, 45, tzinfo=datetime.UTC),  # 08:45 on 7 May in Tokyo
    )
    sent_email(answered, "reply")
    sent_email(answered, InquiryEmailKind.ACKNOWLEDGEMENT)
    failed = InquiryFactory(first_answer_due=D(2026, 5, 8))
    InquiryEmail.objects.create(inquiry=failed, kind="reply", state=InquiryEmailState.FAILED)
    waiting = InquiryFactory(first_answer_due=D(2026, 5, 11))

    with translation.override("en"):
        dataset = InquiryResource().export(queryset=Inquiry.objects.order_by("first_answer_due"))
    rows = [dict(zip(dataset.headers, row, strict=True)) for row in dataset]

    assert [
        (row["reference number"], row["first answer due"], row["first answered"], row["replies sent"]) for row in rows
    ] == [
        (answered.reference, "2026-05-07", "2026-05-07 08:45", "1"),
        (failed.reference, "2026-05-08", "", "0"),
        (waiting.reference, "2026-05-11", "", "0"),
    ]


def test_export_csv_headers_include_the_new_columns_in_japanese(handler_client):
    InquiryFactory()
    with translation.override("ja"):
        url = reverse("admin:inquiries_inquiry_export")
    response = handler_client.post(url, {"format": "0"})
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[4:7] == ["初回回答期限", "初回回答日時", "送信した返信"]
