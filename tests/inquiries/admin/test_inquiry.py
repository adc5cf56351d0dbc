import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import FieldOfCooperation
from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState, InquiryEventKind, InquiryStatus
from inquiries.resources import EXPORT_COLUMNS, InquiryResource
from tests.factories import CityFactory, InquiryFactory
from tests.inquiries.utils import admin_url
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS

pytestmark = pytest.mark.django_db


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
        ("inquiries_inquiry_export", ()),
    ):
        assert client.get(admin_url(name, *args)).status_code == 403, name
    response = client.post(
        admin_url("inquiries_inquiry_changelist"), {"action": "export_admin_action", "_selected_action": [inquiry.pk]}
    )
    assert response.status_code == 403
    response = client.post(admin_url("inquiries_inquiry_export"), {"format": "0", "export_items": [inquiry.pk]})
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
    assert {app["app_label"] for app in index.context["app_list"]} == {"cities", "projects", "conferences", "sitepages"}


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


def export_selected(client, inquiries, file_format="0"):
    """Export rows picked in the list: the action shows the choice of format, whose form asks for the file."""
    response = client.post(
        admin_url("inquiries_inquiry_changelist"),
        {"action": "export_admin_action", "_selected_action": [inquiry.pk for inquiry in inquiries]},
    )
    assert response.status_code == 200
    export_items = response.context["form"]["export_items"].value()
    return client.post(response.context["export_url"], {"format": file_format, "export_items": export_items})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_of_selected_inquiries_is_csv_with_bom_and_japanese_text(handler_client):
    inquiry = InquiryFactory(company_name="株式会社横浜", message='=HYPERLINK("http://evil")', department="海外事業部")
    InquiryFactory(company_name="選ばれていない会社")

    response = export_selected(handler_client, [inquiry])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="Inquiry-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response)
    assert rows[0][:3] == ["reference number", "received", "status"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["reference number"], row["company name"], row["department"]) == (
        inquiry.reference,
        "株式会社横浜",
        "海外事業部",
    )
    assert row["message"] == '\'=HYPERLINK("http://evil")'


def test_export_follows_the_list_filters(handler_client):
    closed = InquiryFactory(status=InquiryStatus.CLOSED)
    InquiryFactory(status=InquiryStatus.NEW)
    export_url = admin_url("inquiries_inquiry_export") + "?status__exact=closed"
    changelist = handler_client.get(admin_url("inquiries_inquiry_changelist"), {"status__exact": "closed"})
    assert f'<a href="{export_url}" class="export_link">' in changelist.content.decode()
    assert f'<a href="{admin_url("inquiries_inquiry_overview")}">' in changelist.content.decode()

    assert handler_client.get(export_url).status_code == 200
    rows = csv_rows(handler_client.post(export_url, {"format": "0"}))

    assert [row[0] for row in rows[1:]] == [closed.reference]


def test_export_refuses_selected_rows_outside_the_filtered_list(handler_client):
    closed = InquiryFactory(status=InquiryStatus.CLOSED)
    new = InquiryFactory(status=InquiryStatus.NEW)
    export_url = admin_url("inquiries_inquiry_export") + "?status__exact=closed"

    response = handler_client.post(export_url, {"format": "0", "export_items": [closed.pk, new.pk]})

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert response.context["form"].errors["export_items"]


def test_export_headers_are_in_the_language_of_the_admin(handler_client):
    InquiryFactory()
    with translation.override("ja"):
        url = reverse("admin:inquiries_inquiry_export")
        expected = [str(InquiryResource.column_name(name)) for name in EXPORT_COLUMNS]
    assert url.startswith("/ja/")

    rows = csv_rows(handler_client.post(url, {"format": "0"}))

    assert rows[0] == expected
    assert rows[0][0] != "reference number"


@pytest.mark.parametrize("count", [1, 30])
def test_export_query_count_does_not_grow(handler_client, django_assert_max_num_queries, count):
    city = CityFactory()
    fields = FieldOfCooperation.objects.all()[:2]
    for inquiry in InquiryFactory.create_batch(count, city=city, assignee=handler_client.user):
        inquiry.fields_of_interest.set(fields)
    selected = list(Inquiry.objects.all())
    response = handler_client.post(
        admin_url("inquiries_inquiry_changelist"),
        {"action": "export_admin_action", "_selected_action": [inquiry.pk for inquiry in selected]},
    )
    export_items = response.context["form"]["export_items"].value()

    # Session, user, permissions, the list's filters (fields, assignees, cities, projects; twice: once for the rows,
    # once to check the selection), the ids, a count, the rows with city and assignee, their fields of interest.
    with django_assert_max_num_queries(16):
        response = handler_client.post(response.context["export_url"], {"format": "0", "export_items": export_items})

    assert len(csv_rows(response)) == count + 1


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


def test_history_and_email_records_have_no_admin_of_their_own():
    from django.contrib import admin

    from inquiries.models import InquiryEvent, InquiryReferenceCounter

    registered = set(admin.site._registry)
    assert not {InquiryEvent, InquiryEmail, InquiryReferenceCounter} & registered


def test_inquiry_handler_cannot_change_or_delete_history(handler_client):
    inquiry = InquiryFactory()
    handler_client.post(
        admin_url("inquiries_inquiry_changelist"), {"action": "mark_spam", "_selected_action": [inquiry.pk]}
    )
    event = inquiry.events.get(kind=InquiryEventKind.STATUS_CHANGED)
    email = InquiryEmail.objects.create(inquiry=inquiry, kind="acknowledgement", state=InquiryEmailState.FAILED)
    history = inquiry.events.exclude(kind=InquiryEventKind.VIEWED).values_list("pk", "kind", "detail", "new_status")
    before = list(history)

    for model_name, pk in (("inquiryevent", event.pk), ("inquiryemail", email.pk)):
        for view in ("change", "delete", "history"):
            url = f"/ja/admin/inquiries/{model_name}/{pk}/{view}/"
            assert handler_client.get(url).status_code == 404, url
            assert handler_client.post(url, {"post": "yes"}).status_code == 404, url
    # The inline on the inquiry's page takes no changes or deletions of a history line either.
    response = handler_client.post(
        admin_url("inquiries_inquiry_change", inquiry.pk),
        {
            "status": InquiryStatus.SPAM,
            "assignee": "",
            "internal_notes": "",
            "emails-TOTAL_FORMS": "1",
            "emails-INITIAL_FORMS": "1",
            "emails-0-id": email.pk,
            "emails-0-state": InquiryEmailState.SENT,
            "emails-0-DELETE": "on",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
            "events-0-id": event.pk,
            "events-0-detail": "rewritten",
            "events-0-new_status": InquiryStatus.NEW,
            "events-0-DELETE": "on",
        },
    )

    assert response.status_code == 302
    assert list(history) == before
    email.refresh_from_db()
    assert email.state == InquiryEmailState.FAILED
    user = handler_client.user
    assert not any(user.has_perm(f"inquiries.{action}_inquiryevent") for action in ("add", "change", "delete"))
    assert user.has_perm("inquiries.view_inquiryevent")


@pytest.fixture
def assignable(staff_user, admin_user):
    """Users of every kind, and which of them an inquiry may be assigned to."""
    second_handler = staff_user("handler-b", INQUIRY_HANDLERS)
    staff_user("handler-left", INQUIRY_HANDLERS, is_active=False)
    editor = staff_user("editor", CONTENT_EDITORS)
    nobody = staff_user("nobody")
    return {"handlers": [second_handler], "refused": [editor, nobody, admin_user]}


def test_assignee_choices_are_the_active_handlers(handler_client, assignable):
    inquiry = InquiryFactory()
    response = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk))
    choices = [user for user in response.context["adminform"].form.fields["assignee"].queryset]
    assert choices == sorted([handler_client.user, *assignable["handlers"]], key=lambda user: user.username)
    # The rendered select offers no one else (other rows' ids may appear elsewhere on the page).
    select = re.search(r'<select name="assignee".*?</select>', response.content.decode(), re.DOTALL).group()
    for user in assignable["refused"]:
        assert f'value="{user.pk}"' not in select


def test_assigning_someone_outside_the_handlers_is_refused(handler_client, assignable):
    inquiry = InquiryFactory()
    for user in assignable["refused"]:
        response = handler_client.post(
            admin_url("inquiries_inquiry_change", inquiry.pk),
            {
                "status": InquiryStatus.NEW,
                "assignee": user.pk,
                "internal_notes": "",
                "emails-TOTAL_FORMS": "0",
                "emails-INITIAL_FORMS": "0",
                "events-TOTAL_FORMS": "0",
                "events-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200, user.username
        assert "assignee" in response.context["adminform"].form.errors
        inquiry.refresh_from_db()
        assert inquiry.assignee is None
        assert not inquiry.events.filter(kind=InquiryEventKind.ASSIGNED).exists()


def test_saving_keeps_an_assignee_outside_the_handlers(handler_client, admin_user):
    inquiry = InquiryFactory(assignee=admin_user)  # e.g. a superuser's "Assign to me"
    response = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk))
    assert admin_user in response.context["adminform"].form.fields["assignee"].queryset

    response = handler_client.post(
        admin_url("inquiries_inquiry_change", inquiry.pk),
        {
            "status": InquiryStatus.IN_PROGRESS,
            "assignee": admin_user.pk,
            "internal_notes": "",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assignee) == (InquiryStatus.IN_PROGRESS, admin_user)


# --- Readings in katakana (フリガナ) ------------------------------------------------------------------------------


def test_handlers_find_inquiries_by_kana_reading_in_katakana_or_hiragana(handler_client):
    yamada = InquiryFactory(company_name="山田商事株式会社", contact_person_kana="ヤマダ ハナコ")
    yokohama = InquiryFactory(company_name_kana="ヨコハマスイショリ")
    InquiryFactory(company_name="株式会社その他")
    changelist = admin_url("inquiries_inquiry_changelist")
    searches = (("ヤマダ", [yamada]), ("やまだ はなこ", [yamada]), ("よこはま", [yokohama]), ("山田", [yamada]))
    for term, found in searches:
        response = handler_client.get(changelist, {"q": term})
        assert list(response.context["cl"].result_list) == found, term


def test_inquiry_list_sorts_by_the_company_reading(handler_client):
    sakura = InquiryFactory(company_name="桜建設", company_name_kana="サクラケンセツ")
    aoba = InquiryFactory(company_name="青葉電機", company_name_kana="アオバデンキ")
    kanagawa = InquiryFactory(company_name="神奈川水道", company_name_kana="カナガワスイドウ")
    changelist = admin_url("inquiries_inquiry_changelist")
    response = handler_client.get(changelist)
    column = [field for field in response.context["cl"].list_display].index("company_name_kana")
    headers = list(response.context["result_headers"])
    assert (headers[column]["text"], headers[column]["sortable"]) == ("company name (kana)", True)
    ascending = handler_client.get(changelist, {"o": str(column)})  # the action checkbox is column 0
    assert list(ascending.context["cl"].result_list) == [aoba, kanagawa, sakura]
    descending = handler_client.get(changelist, {"o": f"-{column}"})
    assert list(descending.context["cl"].result_list) == [sakura, kanagawa, aoba]


def test_change_page_shows_each_reading_beside_its_name(handler_client):
    inquiry = InquiryFactory(
        company_name="株式会社ヨコハマ水処理",
        company_name_kana="カブシキガイシャヨコハマスイショリ",
        contact_person="山田 花子",
        contact_person_kana="ヤマダ ハナコ",
    )
    response = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk))
    html = response.content.decode()
    form = response.context["adminform"].form
    assert "company_name_kana" not in form.fields and "contact_person_kana" not in form.fields  # read-only
    company_line = html.split('class="form-row field-company_name field-company_name_kana"', 1)[1].split(
        'class="form-row', 1
    )[0]
    assert '<div class="readonly">株式会社ヨコハマ水処理</div>' in company_line
    assert '<div class="readonly">カブシキガイシャヨコハマスイショリ</div>' in company_line
    person_line = html.split('class="form-row field-contact_person field-contact_person_kana"', 1)[1].split(
        'class="form-row', 1
    )[0]
    assert '<div class="readonly">山田 花子</div>' in person_line
    assert '<div class="readonly">ヤマダ ハナコ</div>' in person_line


def test_export_has_the_readings(handler_client):
    inquiry = InquiryFactory(company_name_kana="ヨコハマスイショリ", contact_person_kana="ヤマダ ハナコ")
    rows = csv_rows(export_selected(handler_client, [inquiry]))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert rows[0][rows[0].index("company name") + 1] == "company name (kana)"
    assert rows[0][rows[0].index("contact person") + 1] == "contact person (kana)"
    assert (row["company name (kana)"], row["contact person (kana)"]) == ("ヨコハマスイショリ", "ヤマダ ハナコ")
