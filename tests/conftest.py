import contextlib
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the migrations left it, kept (the reference data, the staff groups, the reply
    templates) so that it can be put back after a test or a module empties the tables.

    pytest-django creates the test database only when a collected test is marked ``django_db`` (or takes ``db``,
    ``transactional_db``, ``live_server``); the browser tests' ``demo_site`` is not, so when only such tests run, it
    is created here (and dropped at the end), before anything is read from it. Otherwise nothing more is done."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    created = None
    with django_db_blocker.unblock():
        default = connections["default"]
        if default.settings_dict["NAME"] != default.creation._get_test_db_name():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        for connection in connections.all(initialized_only=True):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    if created:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


def restore_migrated_data():
    """Puts back what the migrations put in after the tables were emptied (a transactional test's flush): tests run
    in any order, and the next one may need the reference data."""
    from django.core.management import call_command
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            # Emptied once more without post_migrate's content types and permissions: the kept rows bring theirs.
            # Sequences go on from where they were (as after pytest-django's flush), past the kept rows' ids.
            call_command(
                "flush",
                database=connection.alias,
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connection.creation.deserialize_db_from_string(contents)


def empties_the_tables(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the session's fixtures are gone too, the test database with them.
    if nextitem is not None and empties_the_tables(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_migrated_data()
    return result


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Passwords hashed with MD5 in tests (Django's advice for test speed): production's PBKDF2 takes about 0.3 s a
    hash here, and hundreds of tests make staff members. What a test checks of signing in is the same with either."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever an earlier test's request left active in this
    thread (Django's LocaleMiddleware activates a request's language and leaves it). A test that depends on the
    language still sets it (``translation.override``, a language prefix)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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
    memory would outlive the test database it came from. With it off, cached fragments are renewed every
    PAGE_CACHE_SECONDS: not during a test (two requests a moment apart straddled such a boundary under load), unless
    the test sets it."""
    from pagecache.generation import listener, local_pages
    from yport.shared_cache import shared_cache_breaker

    settings.PAGE_CACHE = False
    settings.PAGE_CACHE_SECONDS = 10**9
    local_pages.clear()
    yield
    local_pages.clear()
    listener.reset()
    shared_cache_breaker.reset()


def warm_process_caches():
    """Fills what a server process reads from the database once and then keeps: the content types (the admin's log,
    permissions and generic relations ask for them). A query-count test counts a page's own queries, the same
    whether it runs first in its process or after a test whose flush emptied that cache."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def _counting_after_warming(count_queries):
    @contextlib.contextmanager
    def counting(*args, **kwargs):
        warm_process_caches()
        with count_queries(*args, **kwargs) as context:
            yield context

    return counting


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _counting_after_warming(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _counting_after_warming(django_assert_max_num_queries)


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock forward (``time.time``, which the page cache's clock reads): ``clock(seconds)``."""
    import time

    real_time = time.time
    offset = [0.0]
    monkeypatch.setattr(time, "time", lambda: real_time() + offset[0])

    def move(seconds):
        offset[0] += seconds

    return move


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


def assert_page_shell(response, language, *, alternates=True):
    """Every public page: the right <html lang>, hreflang alternates for both languages and x-default (none on a
    page that does not exist: ``alternates=False``), a language switcher, and nothing the Content Security Policy
    would block."""
    from django.conf import settings

    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for code in ("ja", "en", "x-default"):
        assert (f'<link rel="alternate" hreflang="{code}" href="{settings.SITE_URL}/' in html) is alternates
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


STAFF_PASSWORD = "pw-long-enough-123"


@pytest.fixture
def staff_user(django_user_model):
    """Makes a staff member (password ``STAFF_PASSWORD``) in the staff groups of those names (``None`` for none);
    ``is_superuser=True`` and other user fields as keywords."""
    from django.contrib.auth.models import Group

    def make(username, *group_names, email=None, **extra):
        email = f"{username}@example.com" if email is None else email
        user = django_user_model.objects.create_user(username, email, STAFF_PASSWORD, **{"is_staff": True, **extra})
        user.groups.add(*Group.objects.filter(name__in=[name for name in group_names if name]))
        return user

    return make


@pytest.fixture
def staff_client(staff_user):
    """Makes a staff member as ``staff_user`` does and returns a new client signed in as them (``client.user``)."""
    from tests.helpers import client_for

    def make(username, *group_names, **extra):
        return client_for(staff_user(username, *group_names, **extra))

    return make
