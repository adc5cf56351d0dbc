"""gunicorn's settings for the portal, each from the environment (docs/deploying.md, "Processes").

gunicorn reads this file by itself when it is started in the project folder (``gunicorn yport.wsgi``); from
elsewhere pass ``--config /path/to/gunicorn.conf.py``. Options given on the command line win over it.
"""

import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


# Where to listen: behind the reverse proxy, an address only the proxy reaches.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Whose X-Forwarded-Proto gunicorn believes: the reverse proxies the portal trusts (DJANGO_TRUSTED_PROXIES, see
# yport/client.py), nobody when that list is empty, so that gunicorn and Django agree who came over HTTPS.
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "")
# Processes: gunicorn's usual advice, two per core and one more. Each holds its own database connection per thread
# (for DATABASE_CONN_MAX_AGE seconds): the sum over all app servers must stay below PostgreSQL's max_connections.
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
# More than one thread per process switches to gunicorn's threaded worker (which also keeps connections alive).
threads = _int("GUNICORN_THREADS", 1)
# A worker silent for this long is killed and replaced. Above the portal's own limits (a database statement gives
# up after DATABASE_STATEMENT_TIMEOUT, 30 s; an upload to object storage after its attempts), so that those answer
# with their own error pages first.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On a restart or stop, how long running requests may finish before their workers are killed.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle kept-alive connection from the proxy stays open (threaded worker only).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are not recycled by default (0: never). Each worker keeps the page cache and the page fragments in its own
# memory, bounded (PAGE_CACHE_LOCAL_BYTES, 64 MiB of pages; the template_fragments cache's MAX_ENTRIES), so the portal
# has no growth that recycling would need to cure; and a recycled worker starts with both empty. After about 1,000
# requests, as before, every worker restarted every few seconds at full load: throughput halved (/healthz 1,050
# req/s instead of 2,100-2,500), p99 latencies went over a second and wrk saw timeouts (docs/performance.md). Should
# a leak ever show, set GUNICORN_MAX_REQUESTS high (100000 or more); the jitter, a tenth of it unless set, spreads
# the restarts so that the workers never restart together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)

# Access log to standard output ("-"), a file, or none (empty); errors to standard error.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# The common log format, with the address the proxy forwarded for, the host, and the time taken in milliseconds.
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({host}i)s %(M)sms'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn's control socket (gunicornc) lives in one place per user by default, so two servers on one machine
# would take each other's; it is off unless GUNICORN_CONTROL_SOCKET names a path of this server's own.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "") or "gunicorn.ctl"
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
