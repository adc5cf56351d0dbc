import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation

from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState, InquiryEventKind, InquiryStatus
from tests.factories import CityFactory, InquiryFactory
from yport.staff_groups import CONTENT_EDITORS, INQUIRY_HANDLERS

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def staff_user(django_user_model):
    def make(username, group_name=None, **extra):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", "pw-long-enough-123", is_staff=True, **extra
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def handler_client(client, staff_user):
    user = staff_user("handler", INQUIRY_HANDLERS)
    client.force_login(user)
    client.user = user
    return client


def test_superuser_admin_pages_load(admin_client):
    inquiry = InquiryFactory(city=CityFactory())
    for name, args in (
        ("inquiries_inquiry_changelist", ()),
        ("inquiries_inquiry_change", (inquiry.pk,)),
        ("inquiries_inquiry_history", (inquiry.pk,)),
        ("inquiries_inquiry_overview", ()),
    ):
        response = admin_client.get(admin_url(name, *args))
        assert response.status_code == 200, name
    response = admin_client.get(admin_url("inquiries_inquiry_changelist"), {"q": "テスト", "status__exact": "new"})
    assert list(response.context["cl"].result_list) == [inquiry]
    assert admin_client.get(admin_url("inquiries_inquiry_add")).status_code == 403


def test_content_editor_gets_403_on_every_inquiry_admin_url(client, staff_user):
    inquiry = InquiryFactory()
    client.force_login(staff_user("editor", CONTENT_EDITORS))
    for name, args in (
        ("inquiries_inquiry_changelist", ()),
        ("inquiries_inquiry_add", ()),
        ("inquiries_inquiry_change", (inquiry.pk,)),
        ("inquiries_inquiry_delete", (inquiry.pk,)),
        ("inquiries_inquiry_history", (inquiry.pk,)),
        ("inquiries_inquiry_overview", ()),
    ):
        assert client.get(admin_url(name, *args)).status_code == 403, name
    response = client.post(
        admin_url("inquiries_inquiry_changelist"), {"action": "export_csv", "_selected_action": [inquiry.pk]}
    )
    assert response.status_code == 403
    index = client.get(admin_url("index"))
    assert index.status_code == 200
    assert "inquiries" not in {app["app_label"] for app in index.context["app_list"]}
    assert "/admin/inquiries/" not in index.content.decode()
    assert client.get(admin_url("app_list", "inquiries")).status_code == 404
    assert not inquiry.events.filter(kind=InquiryEventKind.VIEWED).exists()


def test_inquiry_handler_cannot_change_cities_content(handler_client):
    user = handler_client.user
    assert not any(user.has_perm(f"cities.{action}_city") for action in ("add", "change", "delete", "view"))
    assert not user.has_module_perms("cities") and not user.has_module_perms("conferences")
    city = CityFactory()
    assert handler_client.get(admin_url("cities_city_change", city.pk)).status_code == 403
    assert handler_client.get(admin_url("cities_city_changelist")).status_code == 403
    assert handler_client.get(admin_url("conferences_conference_changelist")).status_code == 403
    index = handler_client.get(admin_url("index"))
    assert {app["app_label"] for app in index.context["app_list"]} == {"inquiries"}


def test_content_editor_edits_conferences_and_cities(client, staff_user):
    city = CityFactory()
    client.force_login(staff_user("editor", CONTENT_EDITORS))
    for name, args in (
        ("cities_city_changelist", ()),
        ("cities_city_change", (city.pk,)),
        ("cities_keyfigure_import", ()),
        ("conferences_conference_add", ()),
        ("conferences_session_add", ()),
        ("conferences_speaker_changelist", ()),
    ):
        assert client.get(admin_url(name, *args)).status_code == 200, name
    index = client.get(admin_url("index"))
    assert {app["app_label"] for app in index.context["app_list"]} == {"cities", "conferences"}


def test_opening_change_page_records_who_viewed(handler_client):
    inquiry = InquiryFactory()
    response = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk))
    assert response.status_code == 200
    event = inquiry.events.get(kind=InquiryEventKind.VIEWED)
    assert event.actor == handler_client.user
    html = response.content.decode()
    assert inquiry.company_name in html
    assert 'name="company_name"' not in html  # what the company sent is read-only
    assert 'name="status"' in html and 'name="internal_notes"' in html and 'name="assignee"' in html


def test_change_page_saves_status_assignee_notes_with_history(handler_client):
    inquiry = InquiryFactory()
    response = handler_client.post(
        admin_url("inquiries_inquiry_change", inquiry.pk),
        {
            "status": InquiryStatus.ANSWERED,
            "assignee": handler_client.user.pk,
            "internal_notes": "電話で回答済み",
            "company_name": "tampered",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assignee, inquiry.internal_notes) == (
        InquiryStatus.ANSWERED,
        handler_client.user,
        "電話で回答済み",
    )
    assert inquiry.company_name != "tampered"
    changes = list(
        inquiry.events.exclude(kind=InquiryEventKind.VIEWED).values_list(
            "kind", "actor", "old_status", "new_status", "detail"
        )
    )
    user_pk = handler_client.user.pk
    assert changes == [
        (InquiryEventKind.STATUS_CHANGED, user_pk, "new", "answered", ""),
        (InquiryEventKind.ASSIGNED, user_pk, "", "", "handler"),
        (InquiryEventKind.NOTE, user_pk, "", "", "電話で回答済み"),
    ]


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


def test_resend_emails_action_sends_failed_ones(handler_client):
    inquiry = InquiryFactory()
    InquiryEmail.objects.create(
        inquiry=inquiry, kind="acknowledgement", state=InquiryEmailState.FAILED, attempts=1, error="x"
    )
    handler_client.post(
        admin_url("inquiries_inquiry_changelist"), {"action": "resend_emails", "_selected_action": [inquiry.pk]}
    )
    email = inquiry.emails.get()
    assert (email.state, email.attempts, email.error) == (InquiryEmailState.SENT, 2, "")
    assert [message.to for message in mail.outbox] == [[inquiry.email]]


def test_export_csv_has_bom_and_japanese_text(handler_client):
    inquiry = InquiryFactory(company_name="株式会社横浜", message='=HYPERLINK("http://evil")', department="海外事業部")
    response = handler_client.post(
        admin_url("inquiries_inquiry_changelist"), {"action": "export_csv", "_selected_action": [inquiry.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="inquiries-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["reference number", "received", "status", "company name"]
    assert rows[1][0] == inquiry.reference
    assert rows[1][3] == "株式会社横浜"
    assert rows[1][4] == "海外事業部"
    assert rows[1][-1] == '\'=HYPERLINK("http://evil")'
    assert len(rows) == 2


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


def test_admin_shows_submitted_html_escaped(admin_client):
    inquiry = InquiryFactory(company_name="<script>alert(1)</script>", message="<img src=x onerror=alert(2)>")
    for page in (
        admin_client.get(admin_url("inquiries_inquiry_changelist")),
        admin_client.get(admin_url("inquiries_inquiry_change", inquiry.pk)),
    ):
        html = page.content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x onerror=alert(2)>" not in html


def test_admin_changelist_query_count_does_not_grow(admin_client, django_assert_max_num_queries):
    InquiryFactory(city=CityFactory())
    with django_assert_max_num_queries(14) as one:
        admin_client.get(admin_url("inquiries_inquiry_changelist"))
    InquiryFactory.create_batch(10, city=CityFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(admin_url("inquiries_inquiry_changelist"))


def test_inquiry_handler_cannot_list_staff_accounts(handler_client, admin_user):
    assert handler_client.get("/ja/admin/auth/user/").status_code == 403
    assert handler_client.get(f"/ja/admin/auth/user/{admin_user.pk}/change/").status_code == 403
    assert handler_client.get("/ja/admin/auth/group/").status_code == 403
