"""English text flagged as possibly out of date when the Japanese changes (editorial.stale_translations)."""

import re

import pytest
from django.contrib.staticfiles import finders

from cities.models import City
from conferences.models import Conference, Session, Speaker
from conferences.resources import SessionResource, SpeakerResource
from editorial.models import StaleTranslation
from editorial.stale_translations import (
    confirm_translations,
    record_translation_changes,
    record_translation_edit,
    stale_fields,
    translated_values,
)
from tests.admin_forms import change_form_data
from tests.factories import CityFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from tests.helpers import admin_url

pytestmark = pytest.mark.django_db


def edit_in_admin(client, obj, **changes):
    url = admin_url(obj, "change")
    data = change_form_data(client.get(url), **changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return response


def test_japanese_change_flags_the_english():
    conference = ConferenceFactory(theme_ja="テーマ", theme_en="Theme")
    assert record_translation_edit(obj=conference, changed_fields=["theme_ja"]) == {"theme_en"}


def test_english_change_clears_the_flag():
    conference = ConferenceFactory()
    record_translation_edit(obj=conference, changed_fields=["theme_ja"])
    assert record_translation_edit(obj=conference, changed_fields=["theme_en"]) == set()


def test_both_languages_changed_together_flag_nothing():
    conference = ConferenceFactory()
    assert record_translation_edit(obj=conference, changed_fields=["theme_ja", "theme_en"]) == set()


def test_empty_english_is_missing_not_out_of_date():
    conference = ConferenceFactory(theme_en="")
    assert record_translation_edit(obj=conference, changed_fields=["theme_ja"]) == set()


def test_a_second_japanese_change_keeps_one_flag():
    conference = ConferenceFactory()
    record_translation_edit(obj=conference, changed_fields=["theme_ja"])
    record_translation_edit(obj=conference, changed_fields=["theme_ja", "title_ja"])
    assert stale_fields(conference) == {"theme_en", "title_en"}
    assert StaleTranslation.objects.count() == 2


def test_confirm_clears_every_flag_of_the_object_only():
    first, second = ConferenceFactory(), ConferenceFactory()
    for conference in (first, second):
        record_translation_edit(obj=conference, changed_fields=["theme_ja", "title_ja"])
    assert confirm_translations(objects=[first]) == 1
    assert (stale_fields(first), stale_fields(second)) == (set(), {"theme_en", "title_en"})


def test_record_translation_changes_compares_values():
    speaker = SpeakerFactory()
    before = translated_values(speaker)
    speaker.position_ja = "新しい役職"
    speaker.save()
    assert record_translation_changes(obj=speaker, before=before) == {"position_en"}
    assert record_translation_changes(obj=SpeakerFactory(), before=None) == set()


# --- the admin ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (lambda: ConferenceFactory(theme_ja="テーマ", theme_en="Theme"), "theme"),
        (lambda: SessionFactory(title_ja="基調講演", title_en="Keynote"), "title"),
        (lambda: SpeakerFactory(position_ja="市長", position_en="Mayor"), "position"),
        (lambda: CityFactory(summary_ja="概要", summary_en="Summary"), "summary"),
    ],
)
def test_admin_edit_flags_and_english_edit_clears(admin_client, factory, field):
    obj = factory()
    edit_in_admin(admin_client, obj, **{f"{field}_ja": "改訂された日本語"})
    assert stale_fields(obj) == {f"{field}_en"}

    page = admin_client.get(admin_url(obj, "change"))
    html = page.content.decode()
    assert "Possibly out of date: the Japanese text changed" in html
    assert re.search(rf'class="[^"]*\bstale-translation\b[^"]*"[^>]*id="id_{field}_en"', html)
    assert not re.search(rf'class="[^"]*\bstale-translation\b[^"]*"[^>]*id="id_{field}_ja"', html)
    assert 'name="english_still_correct"' in html

    edit_in_admin(admin_client, obj, **{f"{field}_en": "Revised English"})
    assert stale_fields(obj) == set()


def test_admin_edit_with_empty_english_flags_nothing(admin_client):
    conference = ConferenceFactory(theme_en="")
    edit_in_admin(admin_client, conference, theme_ja="新テーマ")
    assert stale_fields(conference) == set()


def test_admin_still_correct_checkbox_clears(admin_client):
    conference = ConferenceFactory()
    record_translation_edit(obj=conference, changed_fields=["theme_ja"])
    edit_in_admin(admin_client, conference, english_still_correct="on")
    assert stale_fields(conference) == set()


def test_admin_session_inline_edit_flags_the_session(admin_client):
    session = SessionFactory(title_ja="基調講演", title_en="Keynote")
    edit_in_admin(admin_client, session.conference, **{"sessions-0-title_ja": "基調講演（改）"})
    assert stale_fields(session) == {"title_en"}
    assert stale_fields(session.conference) == set()


def test_admin_confirm_action_clears(admin_client):
    conference = ConferenceFactory()
    record_translation_edit(obj=conference, changed_fields=["theme_ja"])
    response = admin_client.post(
        admin_url(Conference, "changelist"), {"action": "confirm_english", "_selected_action": [conference.pk]}
    )
    assert response.status_code == 302
    assert stale_fields(conference) == set()


@pytest.mark.parametrize("model", [Conference, Session, Speaker, City])
def test_admin_column_and_filter(admin_client, model):
    factory = {Conference: ConferenceFactory, Session: SessionFactory, Speaker: SpeakerFactory, City: CityFactory}
    stale, current = factory[model](), factory[model]()
    name = "title" if model in (Conference, Session) else "name"
    record_translation_edit(obj=stale, changed_fields=[f"{name}_ja"])
    url = admin_url(model, "changelist")

    response = admin_client.get(url)
    column = {obj.pk: obj.has_stale_translation for obj in response.context["cl"].result_list}
    assert column == {stale.pk: True, current.pk: False}
    assert "column-english_current" in response.content.decode()

    stale_only = admin_client.get(url + "?english_current=stale").context["cl"].result_list
    current_only = admin_client.get(url + "?english_current=current").context["cl"].result_list
    assert ([obj.pk for obj in stale_only], [obj.pk for obj in current_only]) == ([stale.pk], [current.pk])
    assert admin_client.get(url + "?english_current=junk").status_code == 200


def test_import_flags_like_an_admin_edit():
    speaker = SpeakerFactory(position_ja="市長", position_en="Mayor")
    unchanged = SpeakerFactory(position_ja="副市長", position_en="Deputy mayor")
    resource = SpeakerResource()
    dataset = resource.export(queryset=Speaker.objects.order_by("pk"))
    column = dataset.headers.index("position_ja")
    row = list(dataset[0])
    row[column] = "市長（第2期）"
    dataset[0] = row
    resource.import_data(dataset, dry_run=False, raise_errors=True)
    assert (stale_fields(speaker), stale_fields(unchanged)) == ({"position_en"}, set())


def test_import_of_a_new_row_flags_nothing():
    resource = SessionResource()
    session = SessionFactory()
    dataset = resource.export(queryset=Session.objects.filter(pk=session.pk))
    session.delete()
    resource.import_data(dataset, dry_run=False, raise_errors=True)
    assert StaleTranslation.objects.count() == 0


def test_admin_change_form_loads_the_tab_marker_from_this_site(admin_client):
    conference = ConferenceFactory()
    html = admin_client.get(admin_url(conference, "change")).content.decode()
    assert 'src="/static/js/stale-translation-tabs.js"' in html
    assert 'href="/static/css/admin-translations.css"' in html
    assert finders.find("js/stale-translation-tabs.js") and finders.find("css/admin-translations.css")
