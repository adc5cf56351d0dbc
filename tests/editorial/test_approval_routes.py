"""The approval rule on every route that changes content (editorial.approvals.needs_approval): a change is a proposal
when any item involved, before or after it, is published. Parts of items (sessions, key figures, SDG evaluations) moved,
added, restored or recovered into a published item through the change and add forms, inlines, the import and the
history; and the content with no publication of its own (speakers, site pages, fields of cooperation, goal names,
the open-data licence)."""

import io

import pytest
import reversion
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from cities.licence import OpenDataLicence
from cities.models import FieldOfCooperation, KeyFigure, SDGEvaluation, SDGGoal
from conferences.models import Session, Speaker
from editorial.models import ApprovalRequest, ApprovalStatus
from pagecache.generation import local_pages
from sitepages.models import SitePage, SitePageSlug
from tests.admin_forms import admin_change_data
from tests.factories import (
    AppearanceFactory,
    CityFactory,
    ConferenceFactory,
    FieldOfCooperationFactory,
    KeyFigureFactory,
    SDGEvaluationFactory,
    SessionFactory,
    SitePageFactory,
    SpeakerFactory,
)
from tests.helpers import admin_url
from tests.uploads import media_files, picture_upload
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS, PUBLISHERS

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT
MARKER = "Zebra marker 4711"


@pytest.fixture
def editor_client(staff_client):
    return staff_client("editor", CONTENT_EDITORS)


@pytest.fixture
def publisher_client(staff_client):
    return staff_client("publisher", CONTENT_EDITORS, PUBLISHERS)


def get(path):
    with translation.override("en"):
        return Client().get(path)


def public_text(parent):
    """Everything the public sees of a conference or city: its page, the API, the downloads, the calendar."""
    with translation.override("en"):
        if parent._meta.model_name == "conference":
            paths = [
                parent.get_absolute_url(),
                reverse("api:session-list"),
                reverse("conferences:conference_calendar", args=[parent.slug]),
            ]
        else:
            paths = [
                parent.get_absolute_url(),
                reverse("cities:city_data_csv", args=[parent.slug]),
                reverse("cities:city_data_json", args=[parent.slug]),
                reverse("api:city-detail", args=[parent.slug]),
            ]
    return "".join(get(path).content.decode() for path in paths)


# The parts of a publishable item with their own admin page: (model, parent field, parent factory, part factory).
PARTS = {
    "session": (
        Session,
        "conference",
        ConferenceFactory,
        lambda parent: SessionFactory(conference=parent, title_en=MARKER, slug="moved"),
    ),
    "key figure": (
        KeyFigure,
        "city",
        CityFactory,
        lambda parent: KeyFigureFactory(
            city=parent, kind="other", label_ja="指標", label_en=MARKER, reference_year=2020
        ),
    ),
    "sdg evaluation": (
        SDGEvaluation,
        "city",
        CityFactory,
        lambda parent: SDGEvaluationFactory(city=parent, title_en=MARKER),
    ),
}


@pytest.fixture(params=sorted(PARTS))
def part(request):
    """A part of a draft item, and a published item of the same kind."""
    model, parent_field, parent_factory, part_factory = PARTS[request.param]
    draft = parent_factory(publication_state=DRAFT)
    published = parent_factory(publication_state=PUBLISHED)
    return model, parent_field, part_factory(draft), draft, published


def assert_proposed_only(obj, parent_field, draft, published):
    """Nothing reached the public; the published item has a proposal awaiting approval."""
    assert type(obj)._default_manager.get(pk=obj.pk).serializable_value(parent_field) == draft.pk
    assert MARKER not in public_text(published)
    [request] = ApprovalRequest.objects.awaiting()
    assert (request.content_object, request.status) == (published, ApprovalStatus.AWAITING)


def test_editor_moving_a_part_into_a_published_item_only_proposes_it(part, editor_client, publisher_client):
    model, parent_field, obj, draft, published = part
    change_url = admin_url(model, "change", obj.pk)
    data = admin_change_data(editor_client, change_url, **{parent_field: str(published.pk)})
    assert editor_client.post(change_url, data).status_code == 302
    assert_proposed_only(obj, parent_field, draft, published)

    # Approving makes the move, and only then is it public.
    assert publisher_client.post(admin_url(type(published), "approval", published.pk), {"_approve": "1"}).status_code
    assert model._default_manager.get(pk=obj.pk).serializable_value(parent_field) == published.pk
    assert MARKER in public_text(published)


def test_editor_moving_a_session_does_not_publish_its_speaker(editor_client):
    draft = ConferenceFactory(publication_state=DRAFT)
    published = ConferenceFactory(publication_state=PUBLISHED)
    session = SessionFactory(conference=draft)
    speaker = SpeakerFactory(name_en=MARKER)
    AppearanceFactory(session=session, speaker=speaker)
    change_url = admin_url(Session, "change", session.pk)
    data = admin_change_data(editor_client, change_url, conference=str(published.pk))
    assert editor_client.post(change_url, data).status_code == 302
    assert get(speaker.get_absolute_url()).status_code == 404
    with translation.override("en"):
        assert MARKER not in get(reverse("api:speaker-list")).content.decode()
    assert ApprovalRequest.objects.awaiting().get().content_object == published


def test_editor_adding_a_part_to_a_published_item_only_proposes_it(part, editor_client):
    model, parent_field, obj, draft, published = part
    data = admin_change_data(editor_client, admin_url(model, "change", obj.pk), **{parent_field: str(published.pk)})
    count = model._default_manager.count()
    assert editor_client.post(admin_url(model, "add"), data).status_code == 302
    assert model._default_manager.count() == count
    assert MARKER not in public_text(published)
    assert ApprovalRequest.objects.awaiting().get().content_object == published


def test_editor_adding_a_part_in_an_inline_of_a_published_item_only_proposes_it(part, editor_client):
    model, parent_field, obj, draft, published = part
    # The same part, typed into the published item's page as a new row of its inline.
    parent_url = admin_url(type(published), "change", published.pk)
    data = admin_change_data(editor_client, parent_url)
    response = editor_client.get(parent_url)
    [formset] = [
        inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is model
    ]
    source = admin_change_data(editor_client, admin_url(model, "change", obj.pk))
    for name in formset.form.base_fields:
        if name in source and name != "id":
            data[f"{formset.prefix}-0-{name}"] = source[name]
    data[f"{formset.prefix}-TOTAL_FORMS"] = "1"
    count = model._default_manager.count()
    assert editor_client.post(parent_url, data).status_code == 302
    assert model._default_manager.count() == count
    assert MARKER not in public_text(published)
    assert ApprovalRequest.objects.awaiting().get().content_object == published


def test_editor_cannot_take_over_a_published_part_through_a_draft_items_inline(part, editor_client):
    model, parent_field, obj, draft, published = part
    other = PARTS[next(key for key, value in PARTS.items() if value[0] is model)][3](published)
    parent_url = admin_url(type(draft), "change", draft.pk)
    response = editor_client.get(parent_url)
    [formset] = [
        inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is model
    ]
    # A crafted post: the draft item's inline row points at the published item's part.
    data = admin_change_data(editor_client, parent_url, **{f"{formset.prefix}-0-id": str(other.pk)})
    editor_client.post(parent_url, data)
    assert model._default_manager.get(pk=other.pk).serializable_value(parent_field) == published.pk
    assert model._default_manager.get(pk=obj.pk).serializable_value(parent_field) == draft.pk


def test_editor_restoring_a_part_into_a_published_item_only_proposes_it(part, editor_client):
    model, parent_field, obj, draft, published = part
    # Recorded while it belonged to the published item; a publisher has moved it to the draft since.
    model._default_manager.filter(pk=obj.pk).update(**{parent_field: published})
    with reversion.create_revision():
        model._default_manager.get(pk=obj.pk).save()
    version = Version.objects.get_for_object(obj).get()
    model._default_manager.filter(pk=obj.pk).update(**{parent_field: draft})
    revision_url = admin_url(model, "revision", obj.pk, version.pk)
    assert editor_client.post(revision_url, admin_change_data(editor_client, revision_url)).status_code == 302
    assert_proposed_only(obj, parent_field, draft, published)


def test_editor_restoring_a_version_that_holds_a_published_item_only_proposes_it(editor_client):
    # A revision of a conference holds its sessions: restoring one of them from the session's history reverts the
    # conference too, which was published when it was recorded and is a draft now.
    conference = ConferenceFactory(publication_state=PUBLISHED, title_en="Recorded title")
    session = SessionFactory(conference=conference)
    with reversion.create_revision():
        conference.save()
    version = Version.objects.get_for_object(session).get()
    type(conference)._default_manager.filter(pk=conference.pk).update(publication_state=DRAFT, title_en="Draft")
    revision_url = admin_url(Session, "revision", session.pk, version.pk)
    assert editor_client.post(revision_url, admin_change_data(editor_client, revision_url)).status_code == 302
    conference.refresh_from_db()
    assert (conference.publication_state, conference.title_en) == (DRAFT, "Draft")
    assert get(conference.get_absolute_url()).status_code == 404
    assert ApprovalRequest.objects.awaiting().get().content_object == conference


def test_editor_recovering_a_deleted_part_of_a_published_item_only_proposes_it(part, editor_client):
    model, parent_field, obj, draft, published = part
    model._default_manager.filter(pk=obj.pk).update(**{parent_field: published})
    with reversion.create_revision():
        model._default_manager.get(pk=obj.pk).save()
    version = Version.objects.get_for_object(obj).get()
    data = admin_change_data(editor_client, admin_url(model, "change", obj.pk))
    model._default_manager.filter(pk=obj.pk).delete()
    assert editor_client.post(admin_url(model, "recover", version.pk), data).status_code == 302
    assert not model._default_manager.filter(pk=obj.pk).exists()
    assert MARKER not in public_text(published)
    assert ApprovalRequest.objects.awaiting().get().content_object == published


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_publisher_or_superuser_moves_a_part_directly(part, role, staff_client):
    model, parent_field, obj, draft, published = part
    client = (
        staff_client(role, CONTENT_EDITORS, PUBLISHERS)
        if role == "publisher"
        else staff_client(role, is_superuser=True)
    )
    change_url = admin_url(model, "change", obj.pk)
    assert client.post(change_url, admin_change_data(client, change_url, **{parent_field: published.pk})).status_code
    assert model._default_manager.get(pk=obj.pk).serializable_value(parent_field) == published.pk
    assert MARKER in public_text(published)
    assert not ApprovalRequest.objects.exists()


# Import: a row that adds a part to a published item, or changes a live speaker, is refused for an editor.

IMPORTS = {
    "session": (
        Session,
        "conference,slug,order,kind,title_ja,title_en,summary_ja,summary_en,starts_at,ends_at,cities,sdg_goals\n"
        "{slug},imported,1,thematic,取込,{marker},,,,,,\n",
    ),
    "key figure": (
        KeyFigure,
        "city,kind,reference_year,value,value_max,unit,label_ja,label_en,source_ja,source_en,order\n"
        "{slug},other,2021,5,,people,取込,{marker},出典,Source,1\n",
    ),
}


def import_file(client, model, text):
    upload = io.BytesIO(text.encode())
    upload.name = "rows.csv"
    return client.post(admin_url(model, "import"), {"import_file": upload, "format": "0", "resource": "0"})


@pytest.mark.parametrize("kind", sorted(IMPORTS))
def test_editor_import_into_a_published_item_is_refused(kind, editor_client, publisher_client):
    model, template = IMPORTS[kind]
    parent_factory = PARTS[kind][2]
    published = parent_factory(publication_state=PUBLISHED)
    text = template.format(slug=published.slug, marker=MARKER)
    response = import_file(editor_client, model, text)
    assert "confirm_form" not in response.context
    assert len(response.context["result"].invalid_rows) == 1
    assert MARKER not in public_text(published)

    confirm = import_file(publisher_client, model, text).context["confirm_form"].initial
    assert publisher_client.post(admin_url(model, "process_import"), confirm).status_code == 302
    assert MARKER in public_text(published)


def test_editor_import_changing_a_live_speaker_is_refused(editor_client):
    speaker = SpeakerFactory(slug="live-speaker")
    AppearanceFactory(
        speaker=speaker, session=SessionFactory(conference=ConferenceFactory(publication_state=PUBLISHED))
    )
    hidden = SpeakerFactory(slug="hidden-speaker")
    header = (
        "slug,name_ja,name_en,position_ja,position_en,organisation_ja,organisation_en,city,biography_ja,biography_en\n"
    )
    response = import_file(editor_client, Speaker, header + f"live-speaker,名前,{MARKER},,,,,,,\n")
    assert "confirm_form" not in response.context
    assert len(response.context["result"].invalid_rows) == 1
    speaker.refresh_from_db()
    assert speaker.name_en != MARKER
    # A speaker the public does not see yet is the editor's to import.
    confirm = (
        import_file(editor_client, Speaker, header + f"hidden-speaker,名前,{MARKER},,,,,,,\n")
        .context["confirm_form"]
        .initial
    )
    assert editor_client.post(admin_url(Speaker, "process_import"), confirm).status_code == 302
    hidden.refresh_from_db()
    assert hidden.name_en == MARKER


# Content without a publication of its own: proposals while it is live.


def live_speaker():
    speaker = SpeakerFactory(name_en="Approved name")
    AppearanceFactory(
        speaker=speaker, session=SessionFactory(conference=ConferenceFactory(publication_state=PUBLISHED))
    )
    return speaker


LIVE_ITEMS = {
    "speaker": (live_speaker, "name_en", lambda obj: obj.get_absolute_url()),
    "site page": (
        lambda: SitePageFactory(slug=SitePageSlug.TERMS, title_en="Approved title"),
        "title_en",
        lambda obj: obj.get_absolute_url(),
    ),
    "field of cooperation": (
        lambda: FieldOfCooperationFactory(name_en="Approved name"),
        "name_en",
        lambda obj: (
            CityFactory(publication_state=PUBLISHED).fields_of_cooperation.add(obj)
            or obj.cities.get().get_absolute_url()
        ),
    ),
    "sdg goal": (
        lambda: SDGGoal.objects.get(number=6),
        "short_name_en",
        lambda obj: SessionFactory().sdg_goals.add(obj) or obj.sessions.get().get_absolute_url(),
    ),
    "open data licence": (
        lambda: OpenDataLicence.objects.create(name_ja="承認済みライセンス", name_en="Approved licence"),
        "name_en",
        lambda obj: obj.get_absolute_url(),
    ),
}


@pytest.fixture(params=sorted(LIVE_ITEMS))
def live_item(request):
    make, field, public_path = LIVE_ITEMS[request.param]
    return make(), field, public_path


def test_editor_change_to_live_content_waits_for_approval(live_item, editor_client, publisher_client, settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    obj, field, public_path = live_item
    approved = getattr(obj, field)
    with translation.override("en"):
        path = public_path(obj)
    assert approved in get(path).content.decode()  # and in the page cache now
    change_url = admin_url(type(obj), "change", obj.pk)
    assert editor_client.post(change_url, admin_change_data(editor_client, change_url, **{field: MARKER})).status_code
    assert getattr(type(obj)._default_manager.get(pk=obj.pk), field) == approved
    assert MARKER not in get(path).content.decode()
    local_pages.clear()
    assert MARKER not in get(path).content.decode()
    assert ApprovalRequest.objects.awaiting().get().content_object == obj

    publisher_client.post(admin_url(type(obj), "approval", obj.pk), {"_approve": "1"})
    assert getattr(type(obj)._default_manager.get(pk=obj.pk), field) == MARKER


def test_superuser_changes_live_content_directly(live_item, staff_client):
    obj, field, public_path = live_item
    client = staff_client("root", is_superuser=True)
    change_url = admin_url(type(obj), "change", obj.pk)
    client.post(change_url, admin_change_data(client, change_url, **{field: MARKER}))
    assert getattr(type(obj)._default_manager.get(pk=obj.pk), field) == MARKER
    assert not ApprovalRequest.objects.exists()


def test_editor_changes_a_speaker_no_visitor_sees_directly(editor_client):
    speaker = SpeakerFactory(name_en="Draft name")
    change_url = admin_url(Speaker, "change", speaker.pk)
    editor_client.post(change_url, admin_change_data(editor_client, change_url, name_en=MARKER))
    speaker.refresh_from_db()
    assert speaker.name_en == MARKER
    assert not ApprovalRequest.objects.exists()


def test_privacy_notice_version_changes_only_on_approval(
    editor_client, publisher_client, django_capture_on_commit_callbacks
):
    page = SitePageFactory(slug=SitePageSlug.PRIVACY, body_en="Approved notice.")
    version = SitePage.objects.privacy_notice_version()
    change_url = admin_url(SitePage, "change", page.pk)
    editor_client.post(change_url, admin_change_data(editor_client, change_url, body_en=MARKER))
    assert SitePage.objects.privacy_notice_version() == version
    with translation.override("en"):
        assert MARKER not in get(reverse("inquiries:privacy")).content.decode()

    publisher_client.post(admin_url(SitePage, "approval", page.pk), {"_approve": "1"})
    page.refresh_from_db()
    assert (page.revision, page.body_en) == (2, MARKER)
    assert SitePage.objects.privacy_notice_version() == page.version


def test_editor_cannot_add_or_delete_live_content_or_edit_it_in_the_list(editor_client):
    field = FieldOfCooperationFactory(order=1)
    assert editor_client.get(admin_url(FieldOfCooperation, "add")).status_code == 403
    assert editor_client.post(admin_url(FieldOfCooperation, "delete", field.pk), {"post": "yes"}).status_code == 403
    speaker = live_speaker()
    assert editor_client.post(admin_url(Speaker, "delete", speaker.pk), {"post": "yes"}).status_code == 403
    editor_client.post(
        admin_url(Speaker, "changelist"),
        {"action": "delete_selected", "_selected_action": [speaker.pk], "post": "yes"},
    )
    assert Speaker.objects.filter(pk=speaker.pk).exists()
    # The list's editable order column is not offered, and a crafted post changes nothing.
    editor_client.post(
        admin_url(FieldOfCooperation, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(field.pk),
            "form-0-order": "99",
            "_save": "Save",
        },
    )
    field.refresh_from_db()
    assert field.order == 1


COVERED = (Speaker, SitePage, FieldOfCooperation, SDGGoal)


@pytest.mark.parametrize("model", COVERED, ids=lambda model: model._meta.model_name)
@pytest.mark.parametrize("group", [INQUIRY_HANDLERS, PUBLISHERS, None])
def test_only_editors_propose_and_only_publishers_approve_the_newly_covered_content(
    model, group, editor_client, staff_client
):
    obj = {
        Speaker: live_speaker,
        SitePage: lambda: SitePageFactory(slug=SitePageSlug.ABOUT),
        FieldOfCooperation: FieldOfCooperationFactory,
        SDGGoal: lambda: SDGGoal.objects.get(number=1),
    }[model]()
    client = staff_client("other", group)
    change_url = admin_url(model, "change", obj.pk)
    expected = 200 if group == PUBLISHERS else 403
    assert client.get(change_url).status_code == expected
    assert client.get(admin_url(model, "approval", obj.pk)).status_code == expected
    if group == PUBLISHERS:
        # A publisher who is no editor sees and approves, and changes nothing in the form.
        assert client.post(change_url, admin_change_data(client, change_url)).status_code == 403
    assert editor_client.get(admin_url(model, "approval", obj.pk)).status_code == 403
    assert editor_client.get(change_url).status_code == 200


def test_a_proposed_picture_keeps_the_approved_one_and_waits_for_approval_on_disk(
    editor_client, publisher_client, django_capture_on_commit_callbacks
):
    speaker = live_speaker()
    speaker.photo = picture_upload("approved.jpg")
    speaker.save()
    approved = speaker.photo.name
    change_url = admin_url(Speaker, "change", speaker.pk)
    data = {**admin_change_data(editor_client, change_url), "photo": picture_upload("proposed.jpg")}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change_url, data).status_code == 302
    speaker.refresh_from_db()
    assert speaker.photo.name == approved
    assert approved in media_files()
    # The proposed picture is no orphan while it awaits approval.
    call_command("cleanup_media", min_age_minutes=0, stdout=io.StringIO())
    assert "speakers/proposed.jpg" in media_files()

    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(admin_url(Speaker, "approval", speaker.pk), {"_approve": "1"})
    speaker.refresh_from_db()
    assert speaker.photo.name == "speakers/proposed.jpg"
    assert "speakers/proposed.jpg" in media_files()
