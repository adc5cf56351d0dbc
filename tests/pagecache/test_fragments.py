"""Parts of public pages are rendered once per content change (pagecache.fragments), and any change shows at once."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from pagecache.fragments import content_generation, fragment_version
from tests.factories import (
    AppearanceFactory,
    CityFactory,
    ConferenceFactory,
    InquiryFactory,
    SDGEvaluationFactory,
    SessionFactory,
)
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def template_names(response):
    return {template.name for template in response.templates}


def test_city_list_is_rendered_once_until_a_city_changes(client):
    city = CityFactory(name_en="Da Nang")
    first, first_queries = get(client, "/en/cities/")
    again, again_queries = get(client, "/en/cities/")
    assert again.content == first.content
    assert "cities/includes/city_card.html" in template_names(first)
    assert "cities/includes/city_card.html" not in template_names(again)
    assert again_queries < first_queries
    city.name_en = "Danang City"
    city.save()
    changed, changed_queries = get(client, "/en/cities/")
    assert "Danang City" in changed.content.decode()
    assert changed_queries == first_queries


def test_city_chart_is_not_drawn_again_while_nothing_changes(client):
    evaluation = SDGEvaluationFactory(city__name_en="Da Nang")
    path = evaluation.city.get_absolute_url()
    first, first_queries = get(client, path)
    again, again_queries = get(client, path)
    assert again_queries == 0  # the city is kept beside its fragments: nothing is fetched
    assert first_queries > again_queries
    assert "cities/includes/sdg_chart.html" in template_names(first)
    assert "cities/includes/sdg_chart.html" not in template_names(again)
    assert again.content == first.content
    evaluation.high_count, evaluation.medium_count = 4, 4
    evaluation.save()
    redrawn, _ = get(client, path)
    assert "cities/includes/sdg_chart.html" in template_names(redrawn)


def test_many_to_many_change_shows_at_once(client):
    city = CityFactory(name_en="Da Nang")
    session = SessionFactory(title_en="Water supply")
    with translation.override("en"):
        path = city.get_absolute_url()
    assert "Water supply" not in get(client, path)[0].content.decode()
    session.cities.add(city)
    assert "Water supply" in get(client, path)[0].content.decode()


def test_fragments_are_per_language_and_query(client):
    CityFactory(name_ja="ダナン", name_en="Da Nang", country="VN")
    CityFactory(name_ja="バンコク", name_en="Bangkok", country="TH")
    assert "ダナン" in get(client, "/ja/cities/")[0].content.decode()
    english = get(client, "/en/cities/")[0].content.decode()
    assert "Da Nang" in english and "ダナン" not in english
    filtered = get(client, "/en/cities/?country=TH")[0].content.decode()
    assert "Bangkok" in filtered and "Da Nang" not in filtered


def test_staff_preview_is_not_shown_to_visitors(client):
    speaker = AppearanceFactory(session__conference__title_en="Published conference").speaker
    AppearanceFactory(
        speaker=speaker,
        session__conference__title_en="Draft conference",
        session__conference__publication_state=PublicationState.DRAFT,
    )
    staff = get_user_model().objects.create_user("staff", "staff@example.com", "a-long-password-123", is_staff=True)
    with translation.override("en"):
        path = speaker.get_absolute_url()
    client.force_login(staff)
    assert "Draft conference" in get(client, path)[0].content.decode()
    client.logout()
    public = get(client, path)[0].content.decode()
    assert "Published conference" in public
    assert "Draft conference" not in public


def test_content_generation_changes_with_content_changes_only(django_capture_on_commit_callbacks):
    before = content_generation()
    with django_capture_on_commit_callbacks(execute=True):
        InquiryFactory()
    assert content_generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        ConferenceFactory()
    assert content_generation() != before


def test_fragment_version_turns_with_the_minute_with_the_page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert fragment_version(now=60.0) == fragment_version(now=119.9)
    assert fragment_version(now=120.0) != fragment_version(now=119.9)


def test_fragment_version_turns_at_the_next_publish_boundary_with_the_page_cache_on(settings):
    settings.PAGE_CACHE = True
    opens = timezone.now() + datetime.timedelta(hours=3)
    ConferenceFactory(publish_from=opens)
    now = time.time()
    before, still_before, after = (
        fragment_version(now=moment) for moment in (now, now + 2 * 60 * 60, opens.timestamp())
    )
    assert before == still_before != after


def test_templates_are_compiled_once_per_process():
    assert isinstance(engines["django"].engine.template_loaders[0], Loader)


PAGES = {
    "home": lambda a: "/en/",
    "conference list": lambda a: "/en/conferences/",
    "conference": lambda a: a.session.conference.get_absolute_url(),
    "session": lambda a: a.session.get_absolute_url(),
    "speaker list": lambda a: "/en/speakers/?page=1",
    "speaker": lambda a: a.speaker.get_absolute_url(),
    "city list": lambda a: "/en/cities/",
    "city": lambda a: a.speaker.city.get_absolute_url(),
}
DETAIL_PAGES = ("conference", "session", "speaker", "city")


def appearance_with_everything():
    appearance = AppearanceFactory(speaker__city=CityFactory())
    appearance.session.cities.add(appearance.speaker.city)
    SDGEvaluationFactory(city=appearance.speaker.city)
    return appearance


@pytest.mark.parametrize("page", sorted(PAGES))
def test_cached_page_fetches_nothing_while_nothing_changes(client, page):
    """Lists and the home page keep all they show in fragments; detail pages also keep their object beside them (and
    the conference page its registration status, as long as it holds: registrations' tests)."""
    url = PAGES[page](appearance_with_everything())
    first, first_queries = get(client, url)
    again, again_queries = get(client, url)
    assert again.content == first.content
    assert again_queries == 0 < first_queries


@pytest.mark.parametrize("page", DETAIL_PAGES)
def test_signed_in_staff_fetch_the_object_of_a_detail_page_every_time(client, page, staff_user):
    url = PAGES[page](appearance_with_everything())
    get(client, url)
    client.force_login(staff_user("editor", is_superuser=True))
    get(client, url)
    assert get(client, url)[1] >= 1


def test_a_missing_object_is_looked_up_every_time(client):
    assert client.get("/en/conferences/not-there/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/conferences/not-there/").status_code == 404
    assert len(queries) >= 1
