"""Every call to another service has a timeout: the database (connect and statement), the cache, and the logging
that reports them prints each line once."""

import json
import os
import sys
import time

import pytest
from django.db import connection

from tests.faults import PrivateNetwork, SilentServer, TcpProxy
from tests.yport.test_settings import PROJECT_DIR, run_django

needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server is needed")


def test_settings_postgresql_gets_connect_and_statement_timeouts_and_health_checks():
    result = run_django(
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['OPTIONS']['connect_timeout'], d['OPTIONS']['options'], d['CONN_HEALTH_CHECKS'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/yport",
        DATABASE_CONNECT_TIMEOUT="3",
        DATABASE_STATEMENT_TIMEOUT="20",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 -c statement_timeout=20000 True"


KEEPALIVE_VARIABLES = (
    "DATABASE_KEEPALIVES_IDLE",
    "DATABASE_KEEPALIVES_INTERVAL",
    "DATABASE_KEEPALIVES_COUNT",
    "DATABASE_TCP_USER_TIMEOUT",
)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        (dict.fromkeys(KEEPALIVE_VARIABLES, ""), "1 5 2 2 5000"),  # the defaults
        (
            {
                "DATABASE_KEEPALIVES_IDLE": "10",
                "DATABASE_KEEPALIVES_INTERVAL": "3",
                "DATABASE_KEEPALIVES_COUNT": "4",
                "DATABASE_TCP_USER_TIMEOUT": "8",
            },
            "1 10 3 4 8000",
        ),
    ],
)
def test_settings_postgresql_gets_keepalives_and_a_tcp_user_timeout(environment, expected):
    result = run_django(
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        "print(*(o[k] for k in ('keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count',"
        " 'tcp_user_timeout')))",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/yport",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_settings_sqlite_writers_wait_for_each_other():
    result = run_django(
        "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'])",
        DATABASE_URL="sqlite:////tmp/yport-settings-test.sqlite3",
    )
    assert result.stdout.strip() == "{'transaction_mode': 'IMMEDIATE', 'timeout': 30}"


def test_settings_redis_cache_gets_socket_timeouts():
    result = run_django(
        "from django.conf import settings as s; print(s.CACHES['default']['OPTIONS'])",
        REDIS_URL="redis://127.0.0.1:6379/3",
        CACHE_TIMEOUT_SECONDS="0.25",
    )
    assert result.stdout.strip() == "{'socket_connect_timeout': 0.25, 'socket_timeout': 0.25}"


def test_readyz_with_a_database_server_that_never_answers_gives_up_within_the_connect_timeout():
    with SilentServer() as silent:
        started = time.monotonic()
        result = run_django(
            "from django.test import Client; r = Client().get('/readyz'); print(r.status_code, repr(r.content))",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent.port}/yport",
            DATABASE_CONNECT_TIMEOUT="1",
            DJANGO_ALLOWED_HOSTS="testserver",
            REDIS_URL="",
        )
        elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 b'database: unavailable\\ncache: unavailable\\n'"
    assert elapsed < 20, elapsed  # without the timeout it would wait for ever (the interpreter start is included)


@needs_postgresql
def test_statement_timeout_ends_a_query_that_runs_too_long():
    settings_dict = connection.settings_dict
    result = run_django(
        "from django.db import connection, OperationalError\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(5)')\n"
        "    print('finished')\n"
        "except OperationalError as error:\n"
        "    print(type(error.__cause__).__name__)",
        DATABASE_URL=f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/postgres",
        DATABASE_STATEMENT_TIMEOUT="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "QueryCanceled"


def test_debug_log_lines_print_once():
    result = run_django(
        "import logging; logging.getLogger('django.request').warning('one line only')",
        DJANGO_DEBUG="1",
    )
    assert result.stderr.count("one line only") == 1, result.stderr


# --- A stalled database: an open connection whose server stops answering ----------------------------------------

MISSING_REDIS = "unix:///nonexistent-directory/redis.sock"
STALL_SETTINGS = {
    "DATABASE_CONN_MAX_AGE": "60",
    "DATABASE_CONNECT_TIMEOUT": "2",
    "DATABASE_TCP_USER_TIMEOUT": "2",
    "DATABASE_KEEPALIVES_IDLE": "2",
    "DATABASE_KEEPALIVES_INTERVAL": "1",
    "DATABASE_KEEPALIVES_COUNT": "2",
}


def request_through_a_stalling_database(tmp_path, mode, **environment):
    """The page /en/inquiry/ twice on one database connection through a proxy that stalls (tests/stalled_database.py,
    in a private network namespace that falls silent too); the answers and the seconds the second took."""
    settings_dict = connection.settings_dict
    bridge_path = tmp_path / "database.sock"
    with TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432), listen_path=bridge_path):
        environ = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
        # The cache is down (as a Redis of its own would be when the network falls silent, but failing at once): the
        # database cache (no REDIS_URL) would wait for the stalled database too.
        environ.update(DJANGO_SETTINGS_MODULE="yport.settings", REDIS_URL=MISSING_REDIS, **environment)
        command = [sys.executable, "-m", "tests.stalled_database", str(bridge_path), settings_dict["USER"]]
        result = PrivateNetwork.run(
            [*command, settings_dict["NAME"], "/en/inquiry/", mode],
            cwd=PROJECT_DIR,
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,  # gunicorn kills a silent worker after 60 s
        )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


needs_private_network = pytest.mark.skipif(
    not PrivateNetwork.available(), reason="needs user and network namespaces (unshare) and iproute2"
)


@needs_postgresql
@needs_private_network
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["next-request", "in-request"])
def test_stalled_database_connection_answers_the_503_page_within_the_tcp_timeouts(tmp_path, mode):
    outcome = request_through_a_stalling_database(tmp_path, mode, **STALL_SETTINGS)
    assert outcome["before"] == 200
    assert (outcome["after"]["status"], outcome["after"]["retry_after"]) == (503, "30")
    assert "cannot reach its database" in outcome["after"]["body"]
    # A TCP user timeout of 2 s, then (next request) one connect timeout of 2 s for the new connection, or (in
    # request) keepalives after 2 s idle; without them the request waited until gunicorn killed the worker.
    assert outcome["seconds"] < 10, outcome["seconds"]
