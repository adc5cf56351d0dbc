"""Old addresses still arrive: a slug changed in the admin answers its old URLs (nested ones included) with a 301 to
the new one in both languages (the redirects that staff keep: tests/sitepages/test_redirects.py)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from editorial.models import OldSlug
from tests.admin_forms import admin_change_data
from tests.factories import (
    AppearanceFactory,
    CityFactory,
    ConferenceFactory,
    SessionFactory,
    SpeakerFactory,
)
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

LANGUAGES = ("ja", "en")


def admin_change_url(obj):
    with translation.override("en"):
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def change_slug(client, obj, new_slug, field="slug"):
    url = admin_change_url(obj)
    response = client.post(url, admin_change_data(client, url, **{field: new_slug}))
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


def assert_moved(client, old_path, new_path):
    response = client.get(old_path)
    assert (response.status_code, response.get("Location")) == (301, new_path)
    assert client.get(new_path).status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_conference_slug_change_redirects_its_page_calendar_and_sessions(admin_client, client, language):
    session = SessionFactory(
        conference__slug="ascc-2022",
        slug="opening",
        starts_at=datetime.datetime(2022, 11, 24, 1, 0, tzinfo=datetime.UTC),
    )
    change_slug(admin_client, session.conference, "asia-smart-city-2022")
    assert_moved(client, f"/{language}/conferences/ascc-2022/", f"/{language}/conferences/asia-smart-city-2022/")
    assert_moved(
        client,
        f"/{language}/conferences/ascc-2022/calendar.ics",
        f"/{language}/conferences/asia-smart-city-2022/calendar.ics",
    )
    assert_moved(
        client,
        f"/{language}/conferences/ascc-2022/sessions/opening/",
        f"/{language}/conferences/asia-smart-city-2022/sessions/opening/",
    )
    assert_moved(
        client,
        f"/{language}/conferences/ascc-2022/sessions/opening/calendar.ics",
        f"/{language}/conferences/asia-smart-city-2022/sessions/opening/calendar.ics",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_session_slug_change_in_the_session_admin_redirects(admin_client, client, language):
    session = SessionFactory(conference__slug="ascc-2022", slug="opening")
    change_slug(admin_client, session, "opening-session")
    assert_moved(
        client,
        f"/{language}/conferences/ascc-2022/sessions/opening/",
        f"/{language}/conferences/ascc-2022/sessions/opening-session/",
    )


def test_session_slug_change_in_the_conference_inline_redirects(admin_client, client):
    session = SessionFactory(conference__slug="ascc-2022", slug="opening")
    change_slug(admin_client, session.conference, "keynote", field="sessions-0-slug")
    session.refresh_from_db()
    assert session.slug == "keynote"
    assert_moved(client, "/en/conferences/ascc-2022/sessions/opening/", "/en/conferences/ascc-2022/sessions/keynote/")


def test_session_old_slug_is_looked_up_within_its_conference_only(admin_client, client):
    session = SessionFactory(conference__slug="ascc-2022", slug="opening")
    SessionFactory(conference__slug="ascc-2023", slug="other")
    change_slug(admin_client, session, "keynote")
    assert client.get("/en/conferences/ascc-2023/sessions/opening/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_speaker_slug_change_redirects(admin_client, client, language):
    speaker = AppearanceFactory(speaker__slug="le-minh-tuong").speaker
    change_slug(admin_client, speaker, "tuong-le-minh")
    assert_moved(client, f"/{language}/speakers/le-minh-tuong/", f"/{language}/speakers/tuong-le-minh/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_city_slug_change_redirects_its_page_and_data(admin_client, client, language):
    city = CityFactory(slug="danang")
    change_slug(admin_client, city, "da-nang")
    assert_moved(client, f"/{language}/cities/danang/", f"/{language}/cities/da-nang/")
    assert_moved(client, f"/{language}/cities/danang/data.csv", f"/{language}/cities/da-nang/data.csv")
    assert_moved(client, f"/{language}/cities/danang/data.json", f"/{language}/cities/da-nang/data.json")


def test_chain_of_slug_changes_goes_straight_to_the_current_slug(admin_client, client):
    city = CityFactory(slug="a")
    change_slug(admin_client, city, "b")
    change_slug(admin_client, city, "c")
    assert_moved(client, "/en/cities/a/", "/en/cities/c/")
    assert_moved(client, "/en/cities/b/", "/en/cities/c/")


def test_slug_changed_back_leaves_no_loop(admin_client, client):
    city = CityFactory(slug="a")
    change_slug(admin_client, city, "b")
    change_slug(admin_client, city, "a")
    assert client.get("/en/cities/a/").status_code == 200
    assert_moved(client, "/en/cities/b/", "/en/cities/a/")
    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["b"]


def test_old_slug_taken_by_another_row_shows_that_row(admin_client, client):
    city = CityFactory(slug="a")
    change_slug(admin_client, city, "b")
    newcomer = CityFactory(slug="a")
    response = client.get("/en/cities/a/")
    assert (response.status_code, response.context["city"]) == (200, newcomer)


def test_slug_restored_from_the_history_redirects_the_slug_it_replaced(admin_client, client):
    city = CityFactory(slug="a")
    change_slug(admin_client, city, "b")
    change_slug(admin_client, city, "c")
    first = Version.objects.get_for_object(city).order_by("pk").first()
    with translation.override("en"):
        url = reverse("admin:cities_city_revision", args=[city.pk, first.pk])
    response = admin_client.post(url, admin_change_data(admin_client, url))
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.slug == "b"
    assert_moved(client, "/en/cities/c/", "/en/cities/b/")
    assert_moved(client, "/en/cities/a/", "/en/cities/b/")
    assert sorted(OldSlug.objects.values_list("slug", flat=True)) == ["a", "c"]


def test_slug_change_keeps_the_query_string(admin_client, client):
    city = CityFactory(slug="a")
    change_slug(admin_client, city, "b")
    response = client.get("/en/cities/a/data.csv?year=2022")
    assert (response.status_code, response["Location"]) == (301, "/en/cities/b/data.csv?year=2022")


def test_old_slug_of_an_unpublished_row_is_not_redirected(admin_client, client):
    city = CityFactory(slug="a")
    change_slug(admin_client, city, "b")
    city.publication_state = PublicationState.DRAFT
    city.save()
    assert client.get("/en/cities/a/").status_code == 404


def test_old_slug_only_answers_get_and_head(admin_client, client):
    city = CityFactory(slug="a")
    change_slug(admin_client, city, "b")
    assert client.head("/en/cities/a/").status_code == 301
    assert client.post("/en/cities/a/").status_code == 405  # the view's own answer, no redirect


def test_unknown_slug_stays_a_404(client):
    CityFactory(slug="a")
    for path in ("/en/cities/zzz/", "/en/conferences/zzz/sessions/zzz/", "/en/speakers/zzz/", "/en/nothing/"):
        assert client.get(path).status_code == 404, path


def test_slug_change_without_admin_save_path_records_nothing():
    city = CityFactory(slug="a")
    city.slug = "b"
    city.save()
    assert not OldSlug.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_old_slug_lookup_query_count_does_not_grow_with_rows(admin_client, client, django_assert_num_queries, rows):
    session = SessionFactory(conference__slug="ascc-2022", slug="opening")
    change_slug(admin_client, session.conference, "new")
    for number in range(rows):
        OldSlug.objects.create(
            content_type=ContentType.objects.get_for_model(session),
            object_id=session.pk,
            scope=session.conference_id,
            slug=f"old-{number}",
        )
        SessionFactory(conference=session.conference)
    # The view's session (1), staff redirects (1), the conference now (1), its old slug (1) and row (1), the session
    # now (1); the content type is cached.
    with django_assert_num_queries(6):
        response = client.get("/en/conferences/ascc-2022/sessions/opening/")
    assert (response.status_code, response["Location"]) == (301, "/en/conferences/new/sessions/opening/")


def test_speaker_without_published_appearance_is_not_redirected(admin_client, client):
    speaker = SpeakerFactory(slug="a")
    change_slug(admin_client, speaker, "b")
    assert client.get("/en/speakers/a/").status_code == 404


def test_conference_draft_old_slug_is_not_redirected(admin_client, client):
    conference = ConferenceFactory(slug="a")
    change_slug(admin_client, conference, "b")
    conference.publication_state = PublicationState.DRAFT
    conference.save()
    assert client.get("/en/conferences/a/").status_code == 404
