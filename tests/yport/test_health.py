import socket
import time

import pytest

from tests.faults import SilentServer
from tests.yport.test_settings import run_django


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_healthz_answers_ok_without_database(client):
    # No django_db mark: any database access here fails the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_with_database_and_cache_answers_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_with_the_redis_cache_answers_ok(client, settings):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379 (.ci/run starts one)")
    settings.CACHES = {**settings.CACHES, **redis_cache("redis://127.0.0.1:6379/15")}
    assert client.get("/readyz").content == b"database: ok\ncache: ok\n"


@pytest.mark.django_db
def test_readyz_with_redis_down_stays_ready_and_says_so(client, settings):
    settings.CACHES = {**settings.CACHES, **redis_cache("redis://127.0.0.1:1/0")}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: unavailable\n"


@pytest.mark.django_db
def test_readyz_with_redis_that_never_answers_gives_up_within_the_cache_timeout(client, settings):
    with SilentServer() as silent:
        settings.CACHES = {**settings.CACHES, **redis_cache(f"redis://127.0.0.1:{silent.port}/0")}
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: unavailable\n"
    assert elapsed < 5, elapsed  # a hang, not a speed measurement: the socket timeout is 0.5 s


def test_readyz_with_unreachable_database_answers_503():
    result = run_django(
        "from django.test import Client; r = Client().get('/readyz'); print(r.status_code, repr(r.content.decode()))",
        DATABASE_URL="sqlite:////nonexistent-directory/yport.sqlite3",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 'database: unavailable\\ncache: unavailable\\n'"


@pytest.mark.parametrize(
    ("language", "text"), [("ja", "データベースに接続できません"), ("en", "cannot reach its database")]
)
def test_pages_with_unreachable_database_answer_503_with_retry_after(language, text):
    result = run_django(
        "from django.test import Client; from django.conf import settings; settings.DEBUG = False;"
        f"r = Client(raise_request_exception=False).get('/{language}/inquiry/');"
        "print(r.status_code, r['Retry-After']); print(r.content.decode())",
        DATABASE_URL="sqlite:////nonexistent-directory/yport.sqlite3",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    status_line, html = result.stdout.split("\n", 1)
    assert status_line == "503 30"
    assert f'<html lang="{language}">' in html
    assert text in html


def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
