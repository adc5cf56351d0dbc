"""A cached page is kept until its content changes, the next publish-window boundary or the moment its view named,
whichever comes first (in this process's memory and in the shared cache alike), and each process keeps pages up to
a number of bytes, least recently used dropped first.

The clock is moved by moving ``time.time`` (what the page cache and the local-memory caches read); rows are changed
with ``QuerySet.update()``, which sends no signal, to tell a page rendered again from one served from the cache."""

import datetime
import gzip
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conferences.models import Conference
from pagecache.generation import ENTRY_OVERHEAD, UNCACHEABLE, LocalPages, Page, local_pages
from pagecache.lifetime import (
    content_lifetime,
    content_valid_until,
    keep_page_for,
    keep_page_until,
    next_publish_boundary,
)
from pagecache.middleware import PageCacheMiddleware
from tests.factories import CityFactory, ConferenceFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

HOUR = 60 * 60


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE = True
    content_lifetime.reset()
    yield settings
    content_lifetime.reset()


def stored_page():
    [page] = [page for page in local_pages.pages.values() if isinstance(page, Page)]
    return page


def served(path):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_page_without_anything_scheduled_is_kept_past_a_minute(cache_on, clock):
    conference = ConferenceFactory(title_en="Kept")
    served("/en/conferences/")
    Conference.objects.filter(pk=conference.pk).update(title_en="Changed without a signal")
    clock(HOUR)
    html, queries = served("/en/conferences/")
    assert queries == 0
    assert "Kept" in html
    assert stored_page().expires_at == pytest.approx(stored_page().rendered_at + cache_on.PAGE_CACHE_MAX_SECONDS)


def test_a_page_is_kept_at_most_page_cache_max_seconds(cache_on, clock):
    conference = ConferenceFactory(title_en="Kept")
    served("/en/conferences/")
    Conference.objects.filter(pk=conference.pk).update(title_en="Changed without a signal")
    clock(cache_on.PAGE_CACHE_MAX_SECONDS + 1)
    assert "Changed without a signal" in served("/en/conferences/")[0]


def test_a_page_expires_at_the_next_publish_boundary_here_and_in_the_shared_cache(cache_on, clock):
    opens = timezone.now() + datetime.timedelta(hours=2)
    ConferenceFactory(title_en="Scheduled", publish_from=opens)
    shown = ConferenceFactory(title_en="Shown")
    assert "Scheduled" not in served("/en/conferences/")[0]
    assert stored_page().expires_at == opens.timestamp()
    Conference.objects.filter(pk=shown.pk).update(title_en="Changed without a signal")
    clock(HOUR)
    html, queries = served("/en/conferences/")
    assert (queries, "Shown" in html) == (0, True)
    clock(HOUR + 1)
    local_pages.clear()  # as in another app server: the shared cache's copy expired at the same moment
    assert "Changed without a signal" in served("/en/conferences/")[0]


def test_a_publish_until_in_the_future_ends_the_page_too(cache_on):
    closes = timezone.now() + datetime.timedelta(minutes=90)
    ConferenceFactory(publish_until=closes)
    ConferenceFactory(publish_from=timezone.now() - datetime.timedelta(days=1))  # passed: no boundary
    served("/ja/conferences/")
    assert stored_page().expires_at == closes.timestamp()


def test_boundaries_of_drafts_and_of_any_publishable_model_count_as_they_should(cache_on):
    soon = timezone.now() + datetime.timedelta(minutes=30)
    ConferenceFactory(publication_state=PublicationState.DRAFT, publish_from=soon)  # stays unseen then
    later = timezone.now() + datetime.timedelta(hours=5)
    CityFactory(publish_until=later)
    assert next_publish_boundary(time.time()) == later.timestamp()


def test_the_boundary_is_computed_once_per_content_version_and_again_when_it_has_passed(cache_on):
    opens = timezone.now() + datetime.timedelta(hours=1)
    ConferenceFactory(publish_from=opens)
    now = time.time()
    with CaptureQueriesContext(connection) as queries:
        assert content_valid_until("v1", now) == opens.timestamp()
    first = len(queries)
    assert first >= 2  # one per publishable model
    with CaptureQueriesContext(connection) as queries:
        assert content_valid_until("v1", now + 60) == opens.timestamp()
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert content_valid_until("v1", opens.timestamp()) is None
        assert content_valid_until("v2", now) == opens.timestamp()
    assert len(queries) == 2 * first


def keeping_view(moment):
    def view(request):
        keep_page_until(request, moment)
        keep_page_until(request, moment + datetime.timedelta(hours=1))  # a later moment does not extend it
        return HttpResponse("<p>seats left: 3</p>" * 20, content_type="text/html; charset=utf-8")

    return view


def test_keep_page_for_counts_from_the_page_caches_clock(clock):
    clock(HOUR)  # the page cache's clock, not timezone.now()
    request = RequestFactory().get("/en/conferences/")
    before = time.time()
    keep_page_for(request, datetime.timedelta(seconds=60))
    keep_page_for(request, datetime.timedelta(seconds=600))  # a later moment does not extend it
    assert before + 60 <= request.page_cache_until.timestamp() <= time.time() + 60


def test_a_page_is_not_served_after_the_moment_its_view_named(cache_on, clock):
    named = timezone.now() + datetime.timedelta(seconds=60)
    middleware = PageCacheMiddleware(keeping_view(named))
    first = middleware(RequestFactory().get("/en/conferences/registration-status/"))
    assert first.status_code == 200
    assert stored_page().expires_at == named.timestamp()
    [key] = local_pages.pages
    assert caches["default"].get(key) == stored_page()
    clock(61)
    assert caches["default"].get(key) is None  # the shared cache's copy ends at the same moment
    assert PageCacheMiddleware.fresh(stored_page(), time.time()) is None


def test_a_page_whose_named_moment_has_passed_is_sent_but_not_kept(cache_on):
    middleware = PageCacheMiddleware(keeping_view(timezone.now() - datetime.timedelta(seconds=1)))
    response = middleware(RequestFactory().get("/en/conferences/registration-status/"))
    assert response.status_code == 200
    assert b"seats left" in response.content
    assert local_pages.pages == {}


def page_of(size):
    return Page(200, (), b"x" * size, "", '"etag"', 0.0, None)


def test_the_local_store_is_bounded_by_bytes_least_recently_used_first():
    pages = LocalPages(max_bytes=3 * (1000 + ENTRY_OVERHEAD))
    for key in "abc":
        pages.set(key, page_of(1000))
    assert pages.get("a") is not None  # now the most recently used
    pages.set("d", page_of(1000))
    assert list(pages.pages) == ["c", "a", "d"]
    assert pages.bytes == 3 * (1000 + ENTRY_OVERHEAD)
    pages.set("e", page_of(2000))
    assert list(pages.pages) == ["d", "e"]
    pages.set("e", UNCACHEABLE)
    assert pages.bytes == 1000 + 2 * ENTRY_OVERHEAD
    pages.set("huge", page_of(10_000))
    assert "huge" not in pages.pages and list(pages.pages) == ["d", "e"]
    pages.clear()
    assert (pages.pages, pages.bytes) == ({}, 0)


def test_the_page_cache_keeps_pages_up_to_page_cache_local_bytes(cache_on):
    ConferenceFactory()
    served("/en/conferences/")
    size = stored_page().size
    cache_on.PAGE_CACHE_LOCAL_BYTES = size * 3 // 2  # room for one such page, not two
    served("/ja/conferences/")
    assert b'lang="ja"' in gzip.decompress(stored_page().body)  # the English page, used least recently, went
    assert local_pages.bytes == stored_page().size
