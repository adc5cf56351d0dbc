"""Run by the stalled-database tests (tests/yport/test_timeouts.py) inside a ``PrivateNetwork``: the portal's WSGI
application reaches the test database through a ``TcpProxy`` on this namespace's loopback, which forwards to the
Unix socket of the test's own proxy to PostgreSQL. One request opens the connection (kept: DATABASE_CONN_MAX_AGE);
then the proxy stalls and the network falls silent, and the same page is asked for again. Prints one JSON line: both
answers and the seconds the second took.

    python -m tests.stalled_database <bridge socket> <database user> <database name> <path> <mode>

``mode`` is ``next-request`` (the stall happens between two requests on a persistent connection: the health check
finds it, then connecting again fails) or ``in-request`` (it happens while a query of the request waits for its
answer)."""

import io
import json
import os
import sys
import threading
import time
from wsgiref.util import setup_testing_defaults

from tests.faults import TcpProxy, bring_up_loopback, silence_loopback


def get(application, path):
    environ = {"PATH_INFO": path, "HTTP_HOST": "127.0.0.1", "wsgi.errors": io.StringIO()}
    setup_testing_defaults(environ)
    started = []

    def start_response(status, headers, exc_info=None):
        started.append((int(status.split()[0]), dict(headers)))

    response = application(environ, start_response)
    try:
        body = b"".join(response).decode()
    finally:
        response.close()  # request_finished: the connection is kept (DATABASE_CONN_MAX_AGE) or closed
    status, headers = started[0]
    return {"status": status, "retry_after": headers.get("Retry-After"), "body": body}


def stall(proxy):
    proxy.stall()
    silence_loopback()


def main(bridge_path, user, name, path, mode):
    bring_up_loopback()
    with TcpProxy(bridge_path) as proxy:
        os.environ["DATABASE_URL"] = f"postgres://{user}@127.0.0.1:{proxy.port}/{name}"
        from django.conf import settings

        from yport.wsgi import application

        settings.DEBUG = False  # the error pages a visitor gets, not the debug page
        if mode == "in-request":
            from django.db import connection

            def stall_while_waiting_for_an_answer(execute, sql, params, many, context):
                # The query goes out and arrives while the database is still there; its answer never comes back.
                threading.Timer(0.3, stall, args=(proxy,)).start()
                with context["connection"].wrap_database_errors:
                    context["connection"].connection.execute("SELECT pg_sleep(1)")
                return execute(sql, params, many, context)

            before = get(application, path)
            with connection.execute_wrapper(stall_while_waiting_for_an_answer):
                started = time.monotonic()
                after = get(application, path)
        else:
            before = get(application, path)
            stall(proxy)
            started = time.monotonic()
            after = get(application, path)
        elapsed = time.monotonic() - started
    print(json.dumps({"before": before["status"], "after": after, "seconds": round(elapsed, 1)}))


if __name__ == "__main__":
    main(*sys.argv[1:])
