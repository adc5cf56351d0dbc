"""The page cache: anonymous visitors get stored pages, any committed change shows on the next request, staff always
get fresh pages, a cache outage only turns it off."""

import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conferences.models import Conference
from pagecache.generation import listener, local_pages
from tests.factories import CityFactory, ConferenceFactory, SessionFactory
from yport.publishing import PublicationState

PROJECT_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    return settings


def redis_available():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def get(path, client=None, **headers):
    client = client or Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


def staff_client():
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "x" * 16))
    return client


def test_second_anonymous_visit_is_served_from_memory(cache_on):
    # The production default without Redis: the database cache.
    cache_on.CACHES = {
        **cache_on.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "yport_cache"},
    }
    ConferenceFactory(title_en="Asia Smart City Conference")
    first, first_queries = get("/en/conferences/")
    second, second_queries = get("/en/conferences/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert first_queries > 1
    assert second_queries == 1  # only the content generation, read from the database cache (none with Redis)
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "no-cache"
    assert "Last-Modified" in second
    assert "Content-Security-Policy" in second
    assert "Cookie" not in second.get("Vary", "")


def test_cached_page_answers_304_to_its_etag(cache_on):
    ConferenceFactory()
    etag = get("/ja/conferences/")[0]["ETag"]
    response = Client().get("/ja/conferences/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert Client().get("/ja/conferences/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_page_cache_off_stores_no_page(settings):
    settings.PAGE_CACHE = False
    ConferenceFactory()
    get("/en/conferences/")
    response = get("/en/conferences/")[0]
    assert "ETag" not in response
    assert local_pages.pages == {}


@pytest.mark.parametrize("path", ["/healthz", "/favicon.ico"])
def test_unprefixed_paths_never_look_in_the_page_cache(cache_on, path):
    Client().get(path)
    with CaptureQueriesContext(connection) as queries:
        Client().get(path)
    assert not any("yport_cache" in query["sql"] for query in queries.captured_queries)


def test_pages_that_forbid_caching_are_never_stored(cache_on):
    first = Client().get("/en/inquiry/")
    second = Client().get("/en/inquiry/")
    token = re.compile(r'name="form_token" value="([^"]+)"')
    assert token.search(first.content.decode())[1] != token.search(second.content.decode())[1]
    assert "no-store" in second["Cache-Control"]


def test_an_edit_shows_on_the_next_request(cache_on):
    conference = ConferenceFactory(title_en="Before")
    assert "Before" in get(f"/en/conferences/{conference.slug}/")[0].content.decode()
    conference.title_en = "After"
    conference.save()
    html = get(f"/en/conferences/{conference.slug}/")[0].content.decode()
    assert "After" in html and "Before" not in html


def test_an_admin_edit_shows_on_the_next_request(cache_on):
    conference = ConferenceFactory(title_en="Before")
    get("/en/conferences/")
    response = staff_client().post(
        reverse("admin:conferences_conference_changelist"),
        {"action": "unpublish", "_selected_action": [conference.pk]},
    )
    assert response.status_code == 302
    assert "Before" not in get("/en/conferences/")[0].content.decode()


def test_a_many_to_many_change_shows_on_the_next_request(cache_on):
    session = SessionFactory()
    city = CityFactory(name_en="Da Nang")
    path = session.get_absolute_url().replace("/ja/", "/en/", 1)
    assert "Da Nang" not in get(path)[0].content.decode()
    session.cities.add(city)
    assert "Da Nang" in get(path)[0].content.decode()


def test_a_deletion_shows_on_the_next_request(cache_on):
    conference = ConferenceFactory(title_en="Gone soon")
    assert "Gone soon" in get("/en/conferences/")[0].content.decode()
    conference.delete()
    assert "Gone soon" not in get("/en/conferences/")[0].content.decode()


@pytest.mark.django_db
def test_load_demo_shows_on_the_next_request(cache_on, django_capture_on_commit_callbacks):
    # Not a transactional test: the reference data load_demo builds on comes from migrations.
    assert "Da Nang" not in get("/en/cities/")[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert "Da Nang" in get("/en/cities/")[0].content.decode()


def test_a_change_in_a_rolled_back_transaction_keeps_the_cached_page(cache_on):
    from django.db import transaction

    ConferenceFactory(title_en="Kept")
    get("/en/conferences/")
    with pytest.raises(RuntimeError), transaction.atomic():
        Conference.objects.update(title_en="Never committed")
        ConferenceFactory(title_en="Rolled back")
        raise RuntimeError
    response, queries = get("/en/conferences/")
    assert queries == 0  # this process dropped its own copy at once, but the shared cache still holds the page
    assert "Kept" in response.content.decode()


def test_staff_get_fresh_pages_with_their_preview_notice_and_do_not_fill_the_cache(cache_on):
    draft = ConferenceFactory(publication_state=PublicationState.DRAFT, title_en="Draft conference")
    path = f"/en/conferences/{draft.slug}/"
    assert Client().get(path).status_code == 404
    staff = staff_client()
    for _ in range(2):
        response, queries = get(path, client=staff)
        assert response.status_code == 200
        assert "Draft preview" in response.content.decode()
        assert queries > 1
    assert Client().get(path).status_code == 404


def test_a_cache_that_is_down_only_turns_the_page_cache_off(cache_on):
    cache_on.REDIS_URL = "redis://127.0.0.1:1/0"
    cache_on.CACHES = {
        **cache_on.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    ConferenceFactory(title_en="Still here")
    for _ in range(3):
        response, queries = get("/en/conferences/")
        assert response.status_code == 200
        assert "Still here" in response.content.decode()
        assert queries > 2


@pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379 (.ci/run starts one)")
def test_a_generation_published_by_another_server_clears_this_one_at_once(cache_on):
    """With Redis, a cached page costs no round trip at all; a new generation published by another process (another
    app server) reaches this one through the channel."""
    url = "redis://127.0.0.1:6379/12"
    cache_on.REDIS_URL = url
    cache_on.CACHES = {
        **cache_on.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    conference = ConferenceFactory(title_en="Before")
    deadline = time.monotonic() + 10
    while listener.current is None and time.monotonic() < deadline:
        get("/en/conferences/")
        time.sleep(0.1)
    assert listener.current is not None
    get("/en/conferences/")
    response, queries = get("/en/conferences/")
    assert queries == 0
    assert "Before" in response.content.decode()

    Conference.objects.filter(pk=conference.pk).update(title_en="After")  # no signal: as if changed elsewhere
    assert "Before" in get("/en/conferences/")[0].content.decode()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from pagecache.generation import bump_generation; bump_generation()",
        ],
        cwd=PROJECT_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "yport.settings", "REDIS_URL": url},
        check=True,
        capture_output=True,
        timeout=60,
    )
    deadline = time.monotonic() + 5
    while "Before" in (html := get("/en/conferences/")[0].content.decode()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "After" in html


@pytest.mark.parametrize("page_cache_on", [True, False])
def test_pages_rendered_for_signed_in_staff_forbid_storing_and_stay_out_of_the_page_cache(settings, page_cache_on):
    settings.PAGE_CACHE = page_cache_on
    published = ConferenceFactory(title_en="Published conference")
    draft = ConferenceFactory(publication_state=PublicationState.DRAFT, title_en="Draft conference")
    staff = staff_client()

    public_page = staff.get(f"/en/conferences/{published.slug}/")
    draft_preview = staff.get(f"/en/conferences/{draft.slug}/")
    public_list = staff.get("/en/conferences/")

    for response in (public_page, draft_preview, public_list):
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    assert "Draft preview" in draft_preview.content.decode()
    assert local_pages.pages == {}
    assert not any(":page:" in key for key in caches["default"]._cache)


def test_anonymous_visitors_keep_the_public_caching_headers(cache_on):
    conference = ConferenceFactory()
    response = Client().get(f"/en/conferences/{conference.slug}/")
    assert response["Cache-Control"] == "no-cache"
    assert "ETag" in response and "Last-Modified" in response
    assert len(local_pages.pages) == 1
