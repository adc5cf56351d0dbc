"""Text answers are sent gzip-compressed to clients that accept it; the page cache keeps the compressed body, so a
cached page costs no compression, and still answers 304s, HEAD and clients without gzip."""

import gzip

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pagecache.generation import Page, local_pages
from tests.factories import ConferenceFactory, SDGEvaluationFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE = True
    return settings


def stored_pages():
    return [page for page in local_pages.pages.values() if isinstance(page, Page)]


def test_a_page_is_compressed_for_a_client_that_accepts_gzip(cache_on):
    ConferenceFactory(title_en="Asia Smart City Conference")
    plain = Client().get("/en/conferences/")
    compressed = Client().get("/en/conferences/", **GZIP)
    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert "Asia Smart City Conference" in plain.content.decode()
    assert len(compressed.content) < len(plain.content) / 2
    assert compressed["Content-Length"] == str(len(compressed.content))
    assert plain["Content-Length"] == str(len(plain.content))
    for response in (plain, compressed):
        assert "Accept-Encoding" in response["Vary"]


def test_the_first_answer_is_compressed_too_and_the_page_is_stored_compressed(cache_on):
    ConferenceFactory()
    first = Client().get("/en/conferences/", **GZIP)
    [page] = stored_pages()
    assert first["Content-Encoding"] == "gzip"
    assert page.encoding == "gzip"
    assert first.content == page.body
    assert gzip.decompress(page.body).decode().startswith("<!DOCTYPE html>")


def test_a_cached_page_is_served_from_the_stored_compressed_body(cache_on):
    ConferenceFactory()
    Client().get("/en/conferences/", **GZIP)
    [page] = stored_pages()
    with CaptureQueriesContext(connection) as queries:
        again = Client().get("/en/conferences/", **GZIP)
    assert len(queries) == 0
    assert again["Content-Encoding"] == "gzip"
    assert again.content == page.body  # the stored bytes themselves: compressed once, when the page was stored
    assert stored_pages() == [page]


def test_a_client_without_gzip_gets_the_page_decompressed_from_the_cache(cache_on):
    ConferenceFactory()
    compressed = Client().get("/ja/conferences/", **GZIP)
    plain = Client().get("/ja/conferences/")
    assert "Content-Encoding" not in plain
    assert plain.content == gzip.decompress(compressed.content)


def test_the_etag_differs_per_encoding_and_each_answers_304(cache_on):
    ConferenceFactory()
    compressed = Client().get("/ja/conferences/", **GZIP)
    plain = Client().get("/ja/conferences/")
    assert compressed["ETag"] == "W/" + plain["ETag"]
    assert plain["ETag"].startswith('"')
    not_modified = Client().get("/ja/conferences/", HTTP_IF_NONE_MATCH=compressed["ETag"], **GZIP)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert Client().get("/ja/conferences/", HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304
    assert Client().get("/ja/conferences/", HTTP_IF_NONE_MATCH='W/"other"', **GZIP).status_code == 200


def test_head_of_a_cached_page_sends_the_headers_without_a_body(cache_on):
    ConferenceFactory()
    get = Client().get("/en/conferences/", **GZIP)
    head = Client().head("/en/conferences/", **GZIP)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Encoding"] == "gzip"
    assert head["Content-Length"] == str(len(get.content))
    assert head["ETag"] == get["ETag"]


def test_head_before_any_get_stores_the_whole_page(cache_on):
    ConferenceFactory(title_en="Stored by a HEAD")
    head = Client().head("/en/conferences/", **GZIP)
    assert head.content == b""
    get = Client().get("/en/conferences/", **GZIP)
    assert "Stored by a HEAD" in gzip.decompress(get.content).decode()
    assert head["Content-Length"] == str(len(get.content))


def test_pages_are_compressed_with_the_page_cache_off(settings):
    settings.PAGE_CACHE = False
    ConferenceFactory()
    response = Client().get("/en/conferences/", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode().startswith("<!DOCTYPE html>")


def test_answers_compressed_per_request_are_fast_and_stored_pages_small(settings):
    """Per request: level 1 (the gzip header's XFL byte says 4, fastest); a page the page cache keeps: level 6 (0)."""
    ConferenceFactory()
    settings.PAGE_CACHE = False
    per_request = Client().get("/en/conferences/", **GZIP)
    assert per_request.content[8] == 4
    settings.PAGE_CACHE = True
    stored = Client().get("/en/conferences/", **GZIP)
    assert stored.content[8] == 0
    assert gzip.decompress(per_request.content) == gzip.decompress(stored.content)
    assert len(stored.content) < len(per_request.content)


def test_a_page_with_a_csrf_token_is_compressed_with_random_padding(cache_on):
    """The inquiry form carries a CSRF token and is never cached: compressed per request by Django's GZip middleware,
    whose random padding (BREACH) makes two compressions of one page differ in length even for the same tokens."""
    client = Client(**GZIP)
    first = client.get("/en/inquiry/")
    second = client.get("/en/inquiry/")
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "csrfmiddlewaretoken" in gzip.decompress(response.content).decode()
        assert "no-store" in response["Cache-Control"]
    assert stored_pages() == []
    assert len({len(client.get("/en/inquiry/").content) for _ in range(6)}) > 1


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/conferences/", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/en/conferences/feed/", "application/atom+xml"),
        ("/en/conferences/calendar.ics", "text/calendar"),
        ("/en/cities/compressed-city/data.csv", "text/csv"),
    ],
)
def test_other_text_answers_are_compressed(cache_on, path, content_type):
    ConferenceFactory.create_batch(3)
    SDGEvaluationFactory(city__slug="compressed-city")
    response = Client().get(path, **GZIP)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(b"".join(response) if response.streaming else response.content)) > 200


def test_short_answers_and_clients_without_gzip_get_no_compression(cache_on):
    healthz = Client().get("/healthz", **GZIP)
    assert "Content-Encoding" not in healthz
    ConferenceFactory()
    assert "Content-Encoding" not in Client().get("/api/v1/conferences/")
