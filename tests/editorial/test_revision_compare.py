"""Two versions from an object's history side by side (editorial.revision_compare)."""

import pytest
from django.contrib.auth.models import Group, Permission
from reversion.models import Version

from tests.admin_forms import change_form_data
from tests.conftest import INLINE_SCRIPT, INLINE_STYLE
from tests.factories import CityFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from tests.helpers import admin_url
from yport.staff_group_names import CONTENT_EDITORS

pytestmark = pytest.mark.django_db


def edit_in_admin(client, obj, **changes):
    """Saves the object's change form with ``changes``; each save is a version in its history."""
    url = admin_url(obj, "change")
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


@pytest.fixture
def conference_with_history(admin_client):
    conference = ConferenceFactory(theme_ja="テーマ", theme_en="Theme", participants=700)
    edit_in_admin(admin_client, conference)  # the first version, as created
    edit_in_admin(admin_client, conference, theme_ja="新しいテーマ", participants="730")
    edit_in_admin(admin_client, conference, theme_en="New theme")
    versions = list(Version.objects.get_for_object(conference))
    assert len(versions) == 3
    return conference, versions  # newest first


def compare(client, obj, old, new):
    return client.get(admin_url(obj, "compare"), {"old": old.pk, "new": new.pk})


def rows(response):
    return [(d.label, d.language, d.old, d.new) for d in response.context["differences"]]


def test_compare_shows_only_changed_fields_per_language(admin_client, conference_with_history):
    conference, (newest, middle, first) = conference_with_history
    response = compare(admin_client, conference, first, middle)
    assert response.status_code == 200
    assert rows(response) == [
        ("main theme", "Japanese", "テーマ", "新しいテーマ"),
        ("approximate participants", "", "700", "730"),
    ]
    html = response.content.decode()
    assert "Theme" not in html.split('id="revision-differences"')[1]  # the unchanged English is not shown


def test_compare_labels_the_english_column(admin_client, conference_with_history):
    conference, (newest, middle, first) = conference_with_history
    response = compare(admin_client, conference, middle, newest)
    assert [(label, old, new) for label, _language, old, new in rows(response)] == [
        ("main theme", "Theme", "New theme")
    ]
    assert response.context["differences"][0].language == "English"


def test_compare_defaults_to_the_two_latest_versions(admin_client, conference_with_history):
    conference, (newest, middle, _first) = conference_with_history
    response = admin_client.get(admin_url(conference, "compare"))
    assert (response.context["old"], response.context["new"]) == (middle, newest)
    html = response.content.decode()
    assert admin_url(conference, "revision", middle.pk) in html
    assert admin_url(conference, "revision", newest.pk) in html
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)


def test_history_links_to_compare(admin_client, conference_with_history):
    conference, _versions = conference_with_history
    html = admin_client.get(admin_url(conference, "history")).content.decode()
    assert admin_url(conference, "compare") in html


@pytest.mark.parametrize("query", [{"old": "abc", "new": "1"}, {"old": "999999", "new": "-1"}, {"old": ""}])
def test_compare_with_junk_shows_the_form_again(admin_client, conference_with_history, query):
    conference, _versions = conference_with_history
    response = admin_client.get(admin_url(conference, "compare"), query)
    assert response.status_code == 200
    assert response.context["differences"] is None
    assert response.context["form"].errors


def test_compare_of_an_unknown_object_is_a_404(admin_client):
    conference = ConferenceFactory()
    url = admin_url(conference, "compare")
    conference.delete()
    assert admin_client.get(url).status_code in (302, 404)


def test_compare_needs_the_change_permission(client, django_user_model, conference_with_history):
    conference, _versions = conference_with_history
    viewer = django_user_model.objects.create_user("viewer", "v@example.com", "pw-long-enough-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_conference"))
    client.force_login(viewer)
    assert client.get(admin_url(conference, "compare")).status_code == 403
    history = client.get(admin_url(conference, "history"))
    assert history.status_code == 200
    assert admin_url(conference, "compare") not in history.content.decode()

    editor = django_user_model.objects.create_user("editor", "e@example.com", "pw-long-enough-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    client.force_login(editor)
    assert client.get(admin_url(conference, "compare")).status_code == 200


def test_restore_an_older_version_from_the_comparison(admin_client, conference_with_history):
    conference, (_newest, _middle, first) = conference_with_history
    restore_url = admin_url(conference, "revision", first.pk)
    response = admin_client.post(restore_url, change_form_data(admin_client.get(restore_url)))
    assert response.status_code == 302
    conference.refresh_from_db()
    assert (conference.theme_ja, conference.theme_en, conference.participants) == ("テーマ", "Theme", 700)


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (SessionFactory, "title_en", "Revised session"),
        (SpeakerFactory, "position_en", "Deputy mayor"),
        (CityFactory, "summary_en", "A new summary"),
    ],
)
def test_compare_works_for_sessions_speakers_and_cities(admin_client, factory, field, value):
    obj = factory()
    edit_in_admin(admin_client, obj)
    edit_in_admin(admin_client, obj, **{field: value})
    response = admin_client.get(admin_url(obj, "compare"))
    assert response.status_code == 200
    old_value = getattr(obj, field) or "—"
    assert [(d.old, d.new) for d in response.context["differences"]] == [(old_value, value)]
