import os
import re

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A test database of this run's own (test_yport_run<pid>), so that two runs on one machine never drop each
    other's database."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_run{os.getpid()}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test land in its own temporary folders (public media, and private files)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "yport.storage.PrivateFileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


@pytest.fixture(autouse=True)
def _shared_cache_in_memory(settings):
    """The shared cache in this process's memory: reading the content generation from it costs no query, as with
    Redis in production, so the query-count tests count the page's own queries. (Without Redis, production reads
    the generation from the database cache: one more query per page, whatever the data; the page cache's tests
    cover that setup.)"""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-shared-cache"},
    }
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Pages are rendered afresh in tests (the page cache's own tests turn it on): a page kept in this process's
    memory would outlive the test database it came from."""
    from yport import page_cache

    settings.PAGE_CACHE = False
    page_cache.local_pages.clear()
    yield
    page_cache.local_pages.clear()
    page_cache.listener.reset()
    page_cache.shared_cache_down_until = 0.0


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto), shared by the tests of one run; each takes a bucket of its own."""
    from tests.s3 import S3Server

    with S3Server() as server:
        yield server


@pytest.fixture
def s3_media(s3_server, settings):
    """Uploads go to a fresh bucket on the local S3 server, through the storage the settings build for
    DJANGO_MEDIA_STORAGE=s3; returns the bucket."""
    bucket = s3_server.new_bucket()
    storage, public_url = s3_server.storage_settings(bucket)
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = f"{public_url}/"
    return bucket


# A script without src= runs inline, unless it is a JSON-LD data block (never run, so the CSP allows it).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)


def assert_page_shell(response, language):
    """Every public page: the right <html lang>, hreflang alternates for both languages and x-default,
    a language switcher, and nothing the Content Security Policy would block."""
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for code in ("ja", "en", "x-default"):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver/' in html
    assert 'class="language-switcher"' in html
    assert not INLINE_SCRIPT.search(html), "inline <script> found"
    assert not INLINE_STYLE.search(html), "inline style found"
    assert "Content-Security-Policy" in response.headers


@pytest.fixture(autouse=True)
def _fresh_template_fragments():
    """Each test starts with no cached page fragments or widgets: its rows are new, but a rolled-back test's rows
    sent no signal when they went away."""
    from django.core.cache import caches

    caches["template_fragments"].clear()


@pytest.fixture
def site_url(settings):
    """The public site's address is ``tests.helpers.SITE`` (feeds, calendars, sitemaps, structured data)."""
    from tests.helpers import SITE

    settings.SITE_URL = SITE
    return SITE
