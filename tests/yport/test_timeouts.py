"""Every call to another service has a timeout: the database (connect and statement), the cache, and the logging
that reports them prints each line once."""

import time

import pytest
from django.db import connection

from tests.faults import SilentServer
from tests.yport.test_settings import run_django

needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server is needed")


def test_settings_postgresql_gets_connect_and_statement_timeouts_and_health_checks():
    result = run_django(
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['OPTIONS'], d['CONN_HEALTH_CHECKS'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/yport",
        DATABASE_CONNECT_TIMEOUT="3",
        DATABASE_STATEMENT_TIMEOUT="20",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'connect_timeout': 3, 'options': '-c statement_timeout=20000'} True"


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
