"""Approval before publishing: who may publish, proposals to published items, approve and send back."""

import datetime
import io
import time

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from cities.models import City, KeyFigure
from conferences.models import Conference
from editorial.models import ApprovalRequest, ApprovalStatus
from pagecache.generation import local_pages
from tests.admin_forms import admin_change_data
from tests.factories import CityFactory, ConferenceFactory, KeyFigureFactory, SessionFactory
from tests.faults import SilentServer
from tests.helpers import client_for
from tests.servers import SmtpServer, free_port, use_smtp
from yport.models import EmailState, OutgoingEmail
from yport.outbox import send_due_emails
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS, PUBLISHERS

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT


@pytest.fixture
def editor(staff_user):
    return staff_user("editor", CONTENT_EDITORS)


@pytest.fixture
def publisher(staff_user):
    return staff_user("publisher", CONTENT_EDITORS, PUBLISHERS)


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def publisher_client(publisher):
    return client_for(publisher)


def url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def change_url(obj):
    return url(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", obj.pk)


def approval_url(obj):
    return url(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_approval", obj.pk)


def public_page(obj, language="en"):
    with translation.override(language):
        return Client().get(obj.get_absolute_url())


def conference_with_revision(**kwargs):
    import reversion

    with reversion.create_revision():
        conference = ConferenceFactory(**kwargs)
    return conference


# Who may publish


def test_publishers_group_exists_after_migrate_with_the_publish_permission():
    permissions = set(Group.objects.get(name=PUBLISHERS).permissions.values_list("content_type__app_label", "codename"))
    assert permissions == {
        ("editorial", "publish_content"),
        ("cities", "view_city"),
        ("cities", "view_fieldofcooperation"),
        ("cities", "view_opendatalicence"),
        ("cities", "view_sdggoal"),
        ("projects", "view_project"),
        ("projects", "view_financingscheme"),
        ("conferences", "view_conference"),
        ("conferences", "view_speaker"),
        ("sitepages", "view_sitepage"),
    }
    for name in (CONTENT_EDITORS, INQUIRY_HANDLERS):
        assert not Group.objects.get(name=name).permissions.filter(codename="publish_content").exists()


def test_editor_list_offers_no_publish_actions(editor_client):
    for model in ("conferences_conference", "cities_city"):
        response = editor_client.get(url(f"admin:{model}_changelist"))
        choices = [name for name, _label in response.context["action_form"].fields["action"].choices]
        assert "publish" not in choices and "unpublish" not in choices


def test_editor_publish_action_posted_anyway_is_refused(editor_client):
    draft = ConferenceFactory(publication_state=DRAFT)
    published = CityFactory(publication_state=PUBLISHED)
    editor_client.post(
        url("admin:conferences_conference_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    editor_client.post(url("admin:cities_city_changelist"), {"action": "unpublish", "_selected_action": [published.pk]})
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.publication_state, published.publication_state) == (DRAFT, PUBLISHED)


def test_publisher_publishes_with_the_list_action(publisher_client):
    draft = ConferenceFactory(publication_state=DRAFT)
    response = publisher_client.post(
        url("admin:conferences_conference_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication_state == PUBLISHED


def test_editor_change_form_shows_publication_read_only(editor_client):
    conference = ConferenceFactory(publication_state=DRAFT)
    form = editor_client.get(change_url(conference)).context["adminform"].form
    assert not {"publication_state", "publish_from", "publish_until"} & set(form.fields)


def test_editor_change_form_post_cannot_publish_a_draft(editor_client):
    conference = ConferenceFactory(publication_state=DRAFT)
    data = admin_change_data(
        editor_client,
        change_url(conference),
        publication_state="published",
        publish_from_0="2020-01-01",
        publish_from_1="00:00",
    )
    response = editor_client.post(change_url(conference), data)
    assert response.status_code == 302
    conference.refresh_from_db()
    assert (conference.publication_state, conference.publish_from) == (DRAFT, None)
    assert public_page(conference).status_code == 404
    assert not ApprovalRequest.objects.exists()


def test_editor_change_form_post_cannot_unpublish(editor_client):
    conference = conference_with_revision(publication_state=PUBLISHED)
    data = admin_change_data(
        editor_client, change_url(conference), publication_state="draft", publish_until_0="2000-01-01"
    )
    editor_client.post(change_url(conference), data)
    conference.refresh_from_db()
    assert (conference.publication_state, conference.publish_until) == (PUBLISHED, None)
    assert public_page(conference).status_code == 200


def test_editor_add_form_makes_a_draft_whatever_is_posted(editor_client):
    response = editor_client.post(
        url("admin:conferences_conference_add"),
        {
            "edition": "12",
            "title_ja": "第12回会議",
            "title_en": "12th Conference",
            "slug": "ascc-2023",
            "start_date": "2023-11-01",
            "end_date": "2023-11-02",
            "format": "online",
            "publication_state": "published",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Conference.objects.get(slug="ascc-2023").publication_state == DRAFT


def test_editor_restoring_a_published_version_from_the_history_keeps_the_draft(editor_client):
    conference = conference_with_revision(publication_state=PUBLISHED)
    version = Version.objects.get_for_object(conference).get()
    Conference.objects.filter(pk=conference.pk).update(publication_state=DRAFT)  # unpublished by a publisher
    revision_url = url("admin:conferences_conference_revision", conference.pk, version.pk)
    data = admin_change_data(editor_client, change_url(conference))
    response = editor_client.post(revision_url, data)
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.publication_state == DRAFT


def test_editor_recovering_a_deleted_published_item_gets_a_draft(editor_client):
    conference = conference_with_revision(publication_state=PUBLISHED, slug="recovered")
    version = Version.objects.get_for_object(conference).get()
    data = admin_change_data(editor_client, change_url(conference))
    conference.delete()
    response = editor_client.post(url("admin:conferences_conference_recover", version.pk), data)
    assert response.status_code == 302
    assert Conference.objects.get(slug="recovered").publication_state == DRAFT


def test_no_import_touches_the_publication():
    # Conferences and cities have no import; the imports there are (sessions, speakers, key figures) carry no
    # publication fields.
    for model, model_admin in admin.site._registry.items():
        for resource_class in getattr(model_admin, "resource_classes", ()) or ():
            fields = set(resource_class().fields)
            assert not fields & {"publication_state", "publish_from", "publish_until"}, model
        if model in (Conference, City):
            assert not hasattr(model_admin, "import_action")


def test_publisher_change_form_publishes_directly(publisher_client):
    conference = ConferenceFactory(publication_state=DRAFT, title_en="Old")
    data = admin_change_data(publisher_client, change_url(conference), publication_state="published", title_en="New")
    assert publisher_client.post(change_url(conference), data).status_code == 302
    conference.refresh_from_db()
    assert (conference.publication_state, conference.title_en) == (PUBLISHED, "New")
    assert public_page(conference).status_code == 200
    assert not ApprovalRequest.objects.exists()


# Proposals to published items


def test_editor_change_to_a_published_conference_waits_for_approval(editor_client, publisher_client, editor, publisher):
    conference = conference_with_revision(title_en="Approved title")
    session = SessionFactory(conference=conference, title_en="Approved session")
    data = admin_change_data(
        editor_client,
        change_url(conference),
        title_en="Proposed title",
        approval_comment="New English title",
        **{"sessions-0-title_en": "Proposed session"},
    )
    response = editor_client.post(change_url(conference), data)
    assert response.status_code == 302

    conference.refresh_from_db()
    session.refresh_from_db()
    assert (conference.title_en, session.title_en) == ("Approved title", "Approved session")
    page = public_page(conference).content.decode()
    assert "Approved title" in page and "Proposed" not in page
    request = ApprovalRequest.objects.get()
    assert (request.status, request.submitted_by, request.comment) == (
        ApprovalStatus.AWAITING,
        editor,
        "New English title",
    )
    assert send_due_emails() == (1, 0)  # the notice was queued with the request; the email worker sends it
    assert [message.to for message in mail.outbox] == [[publisher.email]]
    assert mail.outbox[0].subject == "決裁待ち: Proposed title"
    assert "New English title" in mail.outbox[0].body
    with translation.override("ja"):
        admin_approval_url = reverse("admin:conferences_conference_approval", args=[conference.pk])
    assert settings.SITE_URL + admin_approval_url in mail.outbox[0].body

    mail.outbox.clear()
    response = publisher_client.post(approval_url(conference), {"comment": "OK", "_approve": "1"})
    assert response.status_code == 302
    conference.refresh_from_db()
    session.refresh_from_db()
    assert (conference.title_en, session.title_en, conference.publication_state) == (
        "Proposed title",
        "Proposed session",
        PUBLISHED,
    )
    assert "Proposed title" in public_page(conference).content.decode()
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decision_comment) == (ApprovalStatus.APPROVED, publisher, "OK")
    assert send_due_emails() == (1, 0)
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "OK" in mail.outbox[0].body


def test_send_back_keeps_the_approved_version(editor_client, publisher_client, editor):
    conference = conference_with_revision(title_en="Approved title")
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed title")
    )
    OutgoingEmail.objects.all().delete()  # the submission's notice to the publishers
    response = publisher_client.post(approval_url(conference), {"comment": "Not yet", "_send_back": "1"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.title_en == "Approved title"
    assert "Proposed title" not in public_page(conference).content.decode()
    request = ApprovalRequest.objects.get()
    assert (request.status, request.decision_comment) == (ApprovalStatus.SENT_BACK, "Not yet")
    assert send_due_emails() == (1, 0)
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Not yet" in mail.outbox[0].body


def test_city_proposal_with_a_new_and_a_changed_figure_applies_only_on_approval(editor_client, publisher_client):
    import reversion

    with reversion.create_revision():
        city = CityFactory(publication_state=PUBLISHED)
        figure = KeyFigureFactory(city=city)
    old_value = figure.value
    data = admin_change_data(editor_client, change_url(city))
    total = int(data["key_figures-TOTAL_FORMS"])
    data["key_figures-0-value"] = "12345"
    new = {f"key_figures-{total}-{name}": data[f"key_figures-0-{name}"] for name in ("kind", "unit", "order")}
    new |= {
        f"key_figures-{total}-city": str(city.pk),
        f"key_figures-{total}-label_ja": "新しい数字",
        f"key_figures-{total}-label_en": "New figure",
        f"key_figures-{total}-kind": "other",
        f"key_figures-{total}-value": "7",
    }
    data.update(new, **{"key_figures-TOTAL_FORMS": str(total + 1)})
    response = editor_client.post(change_url(city), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    figure.refresh_from_db()
    assert figure.value == old_value
    assert not KeyFigure.objects.filter(label_en="New figure").exists()

    publisher_client.post(approval_url(city), {"_approve": "1"})
    figure.refresh_from_db()
    assert figure.value == 12345
    assert KeyFigure.objects.filter(city=city, label_en="New figure").count() == 1


def test_unapproved_change_never_reaches_the_page_cache(editor_client, publisher_client, settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    conference = conference_with_revision(title_en="Approved title")
    assert "Approved title" in public_page(conference).content.decode()  # cached now
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed title")
    )
    assert "Proposed title" not in public_page(conference).content.decode()
    local_pages.clear()
    assert "Proposed title" not in public_page(conference).content.decode()


@pytest.mark.django_db(transaction=True)
def test_approval_shows_at_once_with_the_page_cache_on(settings, staff_client):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    editor_client = staff_client("editor", CONTENT_EDITORS)
    publisher_client = staff_client("publisher", CONTENT_EDITORS, PUBLISHERS)
    conference = conference_with_revision(title_en="Approved title")
    assert "Approved title" in public_page(conference).content.decode()
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed title")
    )
    assert "Proposed title" not in public_page(conference).content.decode()
    publisher_client.post(approval_url(conference), {"_approve": "1"})
    assert "Proposed title" in public_page(conference).content.decode()


def test_a_second_proposal_replaces_the_first(editor_client):
    conference = conference_with_revision(title_en="Approved title")
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="First")
    )
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Second")
    )
    assert list(ApprovalRequest.objects.order_by("pk").values_list("status", flat=True)) == [
        ApprovalStatus.SUPERSEDED,
        ApprovalStatus.AWAITING,
    ]


def test_editor_submits_a_draft_and_the_publisher_schedules_it(editor_client, publisher_client, editor, publisher):
    conference = ConferenceFactory(publication_state=DRAFT, title_en="Draft title")
    data = admin_change_data(editor_client, change_url(conference), approval_comment="Ready", _submit_for_approval="1")
    assert editor_client.post(change_url(conference), data).status_code == 302
    assert ApprovalRequest.objects.awaiting().get().comment == "Ready"
    assert send_due_emails() == (1, 0)
    assert [message.to for message in mail.outbox] == [[publisher.email]]

    response = publisher_client.post(
        approval_url(conference),
        {"_approve": "1", "publish_from_0": "2030-04-01", "publish_from_1": "09:00", "publish_until_0": ""},
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.publication_state == PUBLISHED
    assert timezone.localtime(conference.publish_from).replace(tzinfo=None) == datetime.datetime(2030, 4, 1, 9, 0)
    assert public_page(conference).status_code == 404  # not before its window opens


def test_approval_refuses_a_window_that_ends_before_it_starts(editor_client, publisher_client):
    conference = ConferenceFactory(publication_state=DRAFT)
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), _submit_for_approval="1")
    )
    response = publisher_client.post(
        approval_url(conference),
        {
            "_approve": "1",
            "publish_from_0": "2030-04-01",
            "publish_from_1": "09:00",
            "publish_until_0": "2030-03-01",
            "publish_until_1": "09:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The end of the publish window must be after its start."]
    assert ApprovalRequest.objects.get().status == ApprovalStatus.AWAITING


def test_deciding_twice_is_refused_without_an_error(editor_client, publisher_client):
    conference = conference_with_revision(title_en="Approved title")
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed")
    )
    request = ApprovalRequest.objects.get()
    publisher_client.post(approval_url(conference), {"_send_back": "1"})
    from editorial import approvals

    with pytest.raises(approvals.ApprovalError):
        approvals.approve(request=request, user=get_user_model().objects.get(username="publisher"))
    conference.refresh_from_db()
    assert conference.title_en == "Approved title"


# What publishers see, history, access


def test_admin_index_counts_what_awaits_approval(editor_client, publisher_client):
    conference = conference_with_revision()
    city = CityFactory(publication_state=DRAFT)
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed")
    )
    editor_client.post(change_url(city), admin_change_data(editor_client, change_url(city), _submit_for_approval="1"))
    response = publisher_client.get(url("admin:index"))
    assert [(item["name"], item["count"], item["url"]) for item in response.context["approvals_awaiting"]] == [
        ("partner cities", 1, url("admin:cities_city_changelist") + "?approval=awaiting"),
        ("conferences", 1, url("admin:conferences_conference_changelist") + "?approval=awaiting"),
    ]
    assert "Awaiting approval" in response.content.decode()
    assert editor_client.get(url("admin:index")).context["approvals_awaiting"] == []


def test_awaiting_filter_lists_only_what_awaits(editor_client, publisher_client):
    waiting = conference_with_revision()
    ConferenceFactory()
    editor_client.post(change_url(waiting), admin_change_data(editor_client, change_url(waiting), title_en="Proposed"))
    response = publisher_client.get(url("admin:conferences_conference_changelist") + "?approval=awaiting")
    assert list(response.context["cl"].result_list) == [waiting]


def test_change_page_shows_the_approval_history(editor_client, publisher_client):
    conference = conference_with_revision()
    editor_client.post(
        change_url(conference),
        admin_change_data(editor_client, change_url(conference), title_en="Proposed", approval_comment="Typo"),
    )
    publisher_client.post(approval_url(conference), {"_send_back": "1", "comment": "Needs the Japanese too"})
    page = editor_client.get(change_url(conference)).content.decode()
    assert 'id="approval-history"' in page
    assert "Typo" in page and "Needs the Japanese too" in page and "sent back" in page


def test_approval_page_is_for_publishers_only(editor_client, publisher_client, staff_client):
    conference = conference_with_revision()
    handler_client = staff_client("handler", INQUIRY_HANDLERS)
    response = Client().get(approval_url(conference))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert editor_client.get(approval_url(conference)).status_code == 403
    assert editor_client.post(approval_url(conference), {"_approve": "1"}).status_code == 403
    assert handler_client.get(approval_url(conference)).status_code == 403
    assert handler_client.get(change_url(conference)).status_code == 403
    assert publisher_client.get(approval_url(conference)).status_code == 200
    assert publisher_client.get(url("admin:conferences_conference_approval", 999999)).status_code == 404
    assert publisher_client.get(url("admin:conferences_conference_approval", "junk")).status_code == 404


# Parts of a published item edited on their own pages


def test_editor_change_to_a_session_of_a_published_conference_waits_for_approval(editor_client, publisher_client):
    conference = conference_with_revision()
    session = SessionFactory(conference=conference, title_en="Approved session")
    session_url = url("admin:conferences_session_change", session.pk)
    # no appearance added
    data = admin_change_data(
        editor_client, session_url, title_en="Proposed session", **{"appearances-TOTAL_FORMS": "0"}
    )
    assert editor_client.post(session_url, data).status_code == 302
    session.refresh_from_db()
    assert session.title_en == "Approved session"
    assert "Proposed session" not in public_page(conference).content.decode()
    assert ApprovalRequest.objects.awaiting().get().object_id == conference.pk

    publisher_client.post(approval_url(conference), {"_approve": "1"})
    session.refresh_from_db()
    assert session.title_en == "Proposed session"


def test_editor_change_to_a_key_figure_of_a_published_city_waits_for_approval(editor_client):
    city = CityFactory(publication_state=PUBLISHED)
    figure = KeyFigureFactory(city=city)
    old_value = figure.value
    figure_url = url("admin:cities_keyfigure_change", figure.pk)
    data = admin_change_data(editor_client, figure_url, value="999")
    assert editor_client.post(figure_url, data).status_code == 302
    figure.refresh_from_db()
    assert figure.value == old_value
    assert ApprovalRequest.objects.awaiting().get().object_id == city.pk


def test_editor_deleting_a_part_of_a_published_item_only_proposes_it(editor_client):
    conference = conference_with_revision()
    session = SessionFactory(conference=conference)
    response = editor_client.post(url("admin:conferences_session_delete", session.pk), {"post": "yes"})
    assert response.status_code == 302
    assert conference.sessions.filter(pk=session.pk).exists()
    assert ApprovalRequest.objects.awaiting().count() == 1
    editor_client.post(
        url("admin:conferences_session_changelist"),
        {"action": "delete_selected", "_selected_action": [session.pk], "post": "yes"},
    )
    assert conference.sessions.filter(pk=session.pk).exists()


def test_editor_cannot_delete_a_published_item(editor_client, publisher):
    conference = ConferenceFactory(publication_state=PUBLISHED)
    draft = ConferenceFactory(publication_state=DRAFT)
    assert (
        editor_client.post(url("admin:conferences_conference_delete", conference.pk), {"post": "yes"}).status_code
        == 403
    )
    editor_client.post(
        url("admin:conferences_conference_changelist"),
        {"action": "delete_selected", "_selected_action": [conference.pk, draft.pk], "post": "yes"},
    )
    assert set(Conference.objects.values_list("pk", flat=True)) == {conference.pk, draft.pk}
    editor_client.post(
        url("admin:conferences_conference_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert list(Conference.objects.values_list("pk", flat=True)) == [conference.pk]


FIGURES_CSV = (
    "city,kind,reference_year,value,value_max,unit,label_ja,label_en,source_ja,source_en,order\n"
    "{slug},coastline,2022,92,,km,,,出典,Source,3\n"
)


def import_figures(client, slug):
    upload = io.BytesIO(FIGURES_CSV.format(slug=slug).encode())
    upload.name = "figures.csv"
    return client.post(url("admin:cities_keyfigure_import"), {"import_file": upload, "format": "0", "resource": "0"})


def test_editor_import_refuses_rows_of_a_published_city(editor_client, publisher_client):
    CityFactory(slug="da-nang", publication_state=PUBLISHED)
    CityFactory(slug="draft-city", publication_state=DRAFT)
    response = import_figures(editor_client, "da-nang")
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    [row] = response.context["result"].invalid_rows
    assert row.non_field_specific_errors == [
        "This row changes a published item: a publisher imports it, or change it on the item's page, for approval."
    ]
    assert not KeyFigure.objects.exists()

    # A draft city's figures import as before; a publisher imports those of a published city.
    confirm = import_figures(editor_client, "draft-city").context["confirm_form"].initial
    assert editor_client.post(url("admin:cities_keyfigure_process_import"), confirm).status_code == 302
    confirm = import_figures(publisher_client, "da-nang").context["confirm_form"].initial
    assert publisher_client.post(url("admin:cities_keyfigure_process_import"), confirm).status_code == 302
    assert sorted(KeyFigure.objects.values_list("city__slug", flat=True)) == ["da-nang", "draft-city"]


def test_approval_post_without_a_decision_decides_nothing(editor_client, publisher_client):
    conference = conference_with_revision(title_en="Approved title")
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed")
    )
    response = publisher_client.post(approval_url(conference), {"comment": "Enter pressed"})
    assert response.status_code == 200
    assert ApprovalRequest.objects.get().status == ApprovalStatus.AWAITING
    conference.refresh_from_db()
    assert conference.title_en == "Approved title"


# The notices go through the outbox: stored with the submission or decision, sent by the email worker


def test_submission_with_the_mail_server_hanging_returns_at_once_and_the_worker_sends_the_notice_later(
    editor_client, publisher, settings, django_capture_on_commit_callbacks
):
    conference = conference_with_revision(title_en="Approved title")
    data = admin_change_data(
        editor_client, change_url(conference), title_en="Proposed title", approval_comment="Please check"
    )
    with SilentServer() as silent:
        use_smtp(settings, silent.port, timeout=3)
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(change_url(conference), data)
        seconds = time.monotonic() - started
    assert response.status_code == 302
    assert seconds < 2.5, seconds  # the save does not wait for the mail server (EMAIL_TIMEOUT is 3 s)
    notice = OutgoingEmail.objects.get()
    assert (notice.to, notice.subject, notice.state, notice.language) == (
        publisher.email,
        "決裁待ち: Proposed title",
        EmailState.PENDING,
        "ja",
    )

    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        assert send_due_emails() == (1, 0)
    [message] = smtp.messages
    assert (str(message["To"]), str(message["Subject"])) == (publisher.email, "決裁待ち: Proposed title")
    with translation.override("ja"):
        admin_approval_url = reverse("admin:conferences_conference_approval", args=[conference.pk])
    assert message.get_content().replace("\r\n", "\n") == (
        "editor が「Proposed title」の決裁を申請しました。\n\nコメント: Please check\n\n"
        f"承認または差し戻し: {settings.SITE_URL}{admin_approval_url}\n"
    )
    assert message["Message-ID"] == notice.message_id


def test_decision_with_the_mail_server_down_is_kept_and_sent_once_it_is_back(
    editor_client, publisher_client, editor, settings, django_capture_on_commit_callbacks
):
    conference = conference_with_revision(title_en="Approved title")
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed title")
    )
    OutgoingEmail.objects.all().delete()  # the submission's notice to the publishers
    use_smtp(settings, free_port())  # nothing listens there: every connection is refused
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(approval_url(conference), {"comment": "Fine", "_approve": "1"})
    assert response.status_code == 302
    assert send_due_emails() == (0, 1)
    notice = OutgoingEmail.objects.get()
    assert (notice.to, notice.state, notice.attempts) == (editor.email, EmailState.FAILED, 1)
    assert notice.error.startswith("ConnectionRefusedError")

    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        assert send_due_emails(now=timezone.now() + datetime.timedelta(minutes=2)) == (1, 0)
    [message] = smtp.messages
    assert str(message["Subject"]) == "承認されました: Proposed title"
    with translation.override("ja"):
        admin_approval_url = reverse("admin:conferences_conference_approval", args=[conference.pk])
    assert message.get_content().replace("\r\n", "\n") == (
        "publisher が「Proposed title」を承認し、公開しました。\n\nコメント: Fine\n\n"
        f"{settings.SITE_URL}{admin_approval_url}\n"
    )
    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.error) == (EmailState.SENT, 2, "")


def test_no_notice_is_queued_when_the_submission_is_rolled_back(editor, publisher):
    from django.db import transaction

    from editorial import approvals

    conference = conference_with_revision(title_en="Approved title")
    with pytest.raises(RuntimeError), transaction.atomic():
        approvals.submit(obj=conference, revision=approvals.latest_revision(conference), user=editor)
        raise RuntimeError("the save failed after the submission")
    assert not ApprovalRequest.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_outgoing_email_admin_shows_failed_notices_and_sends_them_again(
    editor_client, editor, publisher, django_user_model, settings
):
    conference = conference_with_revision(title_en="Approved title")
    editor_client.post(
        change_url(conference), admin_change_data(editor_client, change_url(conference), title_en="Proposed title")
    )
    use_smtp(settings, free_port())
    assert send_due_emails() == (0, 1)
    notice = OutgoingEmail.objects.get()
    admin_user = django_user_model.objects.create_superuser("root", "root@example.com", "x" * 16)
    superuser = client_for(admin_user)
    changelist = url("admin:yport_outgoingemail_changelist")

    response = superuser.get(changelist, {"state__exact": "failed"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [notice]
    detail = superuser.get(url("admin:yport_outgoingemail_change", notice.pk)).content.decode()
    assert "ConnectionRefusedError" in detail
    assert editor_client.get(changelist).status_code == 403

    response = superuser.post(changelist, {"action": "send_again_now", "_selected_action": [notice.pk]})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.next_attempt_at <= timezone.now()
    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        assert send_due_emails() == (1, 0)
    assert [str(message["To"]) for message in smtp.messages] == [publisher.email]
