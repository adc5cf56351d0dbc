"""Two app servers (gunicorn, each with its own workers) on one PostgreSQL database, one Redis and one bucket, as
deployed when one machine is no longer enough: what is done through one shows through the other at once, the
inquiry rate limit holds across both, and a picture uploaded through one is served through the other."""

import re
import socket

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from conferences.models import Speaker
from tests.conferences.test_files import speaker_data
from tests.factories import AppearanceFactory
from tests.s3 import fetch_anonymously
from tests.servers import Browser, PortalServer, submit_over_http
from tests.uploads import picture_upload

REDIS_DB = 13
PASSWORD = "a-long-password-for-the-test-admin"
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="app servers share a PostgreSQL database"),
    pytest.mark.django_db(transaction=True),
]


def redis_available():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_url():
    if not redis_available():
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    import redis

    url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def servers(s3_server, redis_url):
    """Servers A and B with the default settings and the page cache on (as in production), sharing the test
    database, Redis and a bucket."""
    bucket = s3_server.new_bucket()
    environment = {
        **s3_server.environment(bucket),
        "REDIS_URL": redis_url,
        "INQUIRY_RATE_LIMIT": "3",
        "DJANGO_PAGE_CACHE": "1",
    }
    with PortalServer(**environment) as a, PortalServer(**environment) as b:
        yield a, b, bucket


@pytest.fixture
def admin_user():
    """A superuser whose password the servers can check: they hash as production does (PBKDF2), not with the MD5
    this test process uses."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.jp", PASSWORD)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def speaker_page(server, slug):
    status, html = Browser(server).get(f"/en/speakers/{slug}/")
    assert status == 200, status
    return html


def test_app_servers_share_edits_at_once(servers, admin_user, redis_url, settings):
    a, b, _bucket = servers
    speaker = Speaker.objects.create(name_ja="金", name_en="Kim", slug="kim")
    AppearanceFactory(speaker=speaker)
    assert "<h1>Kim</h1>" in speaker_page(b, "kim")  # B has shown (and may hold) the page before the edit
    assert "Kim" in Browser(b).get("/en/speakers/")[1]

    editor = Browser(a).sign_in("editor", PASSWORD)
    status, _html, _location = editor.post(
        f"/en/admin/conferences/speaker/{speaker.pk}/change/",
        speaker_data(name_ja="金", name_en="Kim Min-jun", slug="kim"),
    )
    assert status == 302

    assert "<h1>Kim Min-jun</h1>" in speaker_page(b, "kim")
    assert "Kim Min-jun" in Browser(b).get("/en/speakers/")[1]

    # A change saved by a third process with the same settings (a management command such as an import) shows
    # on both as well.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
    }
    settings.REDIS_URL = redis_url
    speaker.refresh_from_db()
    speaker.name_en = "Kim M."
    speaker.save()
    assert "<h1>Kim M.</h1>" in speaker_page(a, "kim")
    assert "<h1>Kim M.</h1>" in speaker_page(b, "kim")


def test_app_servers_share_the_inquiry_rate_limit(servers):
    a, b, _bucket = servers
    statuses = [
        submit_over_http(a, "first")[0],
        submit_over_http(a, "second")[0],
        submit_over_http(b, "third")[0],
        submit_over_http(b, "fourth")[0],
        submit_over_http(a, "fifth")[0],
    ]
    assert statuses == [302, 302, 302, 429, 429]


def test_app_servers_serve_a_picture_uploaded_through_the_other(servers, admin_user):
    a, b, bucket = servers
    editor = Browser(a).sign_in("editor", PASSWORD)
    status, _html, _location = editor.post(
        "/en/admin/conferences/speaker/add/",
        speaker_data(name_en="Lee", slug="lee"),
        files={"photo": picture_upload("lee.jpg", size=(900, 600))},
    )
    assert status == 302
    AppearanceFactory(speaker=Speaker.objects.get(slug="lee"))

    html = speaker_page(b, "lee")
    source = re.search(r'<img class="speaker-photo" src="([^"]+)"', html)[1]
    assert source == f"{bucket.public_url}/speakers/lee.w480.webp"
    status, content_type, _body = fetch_anonymously(source)
    assert (status, content_type) == (200, "image/webp")
    assert bucket.keys() == ["speakers/lee.jpg", "speakers/lee.w160.webp", "speakers/lee.w480.webp"]
