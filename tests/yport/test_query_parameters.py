"""Public pages understand only the query parameters their views declare: unknown ones neither change a page nor
store another copy of it in the page cache."""

import datetime

import pytest
from django.core.cache import caches
from django.test import Client

from pagecache.generation import local_pages
from tests.factories import ConferenceFactory
from yport.query_parameters import understood_parameters
from yport.views import SearchView

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    return settings


def shared_page_keys():
    return [key for key in caches["default"]._cache if ":page:" in key]


def test_distinct_unknown_parameters_make_one_page_cache_entry(cache_on):
    ConferenceFactory(title_en="Asia Smart City Conference")
    client = Client()
    contents = {client.get(f"/en/conferences/?utm_x={number}").content for number in range(1, 1001)}

    assert len(contents) == 1
    assert len(local_pages.pages) == 1
    assert len(shared_page_keys()) == 1


def test_unknown_parameters_do_not_change_the_page(settings):
    ConferenceFactory.create_batch(13)  # two pages of 12
    clean = Client().get("/en/conferences/?page=2&format=online")
    with_junk = Client().get("/en/conferences/?utm_source=news&format=online&fbclid=x1&page=2&page_size=500")

    assert clean.status_code == with_junk.status_code == 200
    assert with_junk.content == clean.content
    assert b"utm_source" not in with_junk.content and b"fbclid" not in with_junk.content


def test_a_cached_page_stored_from_an_address_with_junk_is_right_for_the_clean_one(cache_on):
    ConferenceFactory.create_batch(13)
    first = Client().get("/en/conferences/?page=2&utm_source=news")
    second = Client().get("/en/conferences/?page=2")

    assert second.content == first.content
    assert b"utm_source" not in second.content
    assert b'href="?page=1"' in second.content
    assert len(local_pages.pages) == 1


def test_the_order_of_parameters_makes_no_other_entry(cache_on):
    ConferenceFactory(start_date=datetime.date(2024, 11, 24))
    one = Client().get("/en/conferences/?year=2024&format=online")
    other = Client().get("/en/conferences/?format=online&year=2024")

    assert other.content == one.content
    assert len(local_pages.pages) == 1


def test_declared_parameters_still_make_their_own_pages(cache_on):
    ConferenceFactory.create_batch(13)
    first_page = Client().get("/en/conferences/")
    second_page = Client().get("/en/conferences/?page=2")

    assert second_page.content != first_page.content
    assert len(local_pages.pages) == 2


def test_each_view_declares_the_parameters_it_reads():
    from cities.views import CityDetailView, CityListView
    from conferences.views import ConferenceListView, SpeakerListView
    from inquiries.views import InquiryCreateView

    assert understood_parameters(ConferenceListView) == {"year", "format", "q", "page"}
    assert understood_parameters(SpeakerListView) == {"q", "organisation", "city", "page"}
    assert understood_parameters(CityListView) == {"country", "field"}
    assert understood_parameters(SearchView) == {"q"}
    assert understood_parameters(InquiryCreateView) == {"city", "project"}
    assert understood_parameters(CityDetailView) == frozenset()


def test_the_search_keeps_its_query_and_drops_the_rest():
    ConferenceFactory(title_en="Asia Smart City Conference")
    clean = Client().get("/en/search/?q=smart")
    with_junk = Client().get("/en/search/?gclid=1&q=smart")

    assert with_junk.content == clean.content
    assert "Asia Smart City Conference" in clean.content.decode()


def test_more_parameters_than_django_reads_are_dropped_as_junk():
    ConferenceFactory(title_en="Asia Smart City Conference")
    junk = "&".join(f"a{number}=1" for number in range(1200))  # over DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000)
    response = Client().get(f"/en/conferences/?{junk}")

    assert response.status_code == 200
    assert response.content == Client().get("/en/conferences/").content
