"""Servers for tests: portal app servers (gunicorn in a subprocess, with the project's gunicorn.conf.py, on a free
port of 127.0.0.1, serving this test run's PostgreSQL database) and a browser-like client for them; a real SMTP
server that keeps what it receives, and the settings that point the portal's mail at an SMTP server."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.inquiries.utils import form_data

PROJECT_DIR = Path(__file__).resolve().parents[1]


def free_port():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1 that accepts every message and keeps it, parsed,
    in ``messages``. Use it as a context manager."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.port = self.controller.port

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()


def use_smtp(settings, port, *, timeout=2):
    """Send the portal's mail through the SMTP server at 127.0.0.1:``port`` (``settings`` is pytest-django's
    fixture). A port where nothing listens is a mail server that refuses; a tests.faults.SilentServer one that
    hangs."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = timeout
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


class PortalServer:
    """gunicorn serving the portal from this test run's database, reached at ``database_port`` (the database's own
    port, or a proxy's). ``environment`` adds to or overrides the portal's environment variables."""

    def __init__(self, database_port=None, **environment):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        settings_dict = connection.settings_dict
        database_port = database_port or int(settings_dict["PORT"] or 5432)
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "REDIS_", "GUNICORN_", "DATABASE_", "INQUIRY_"))
        }
        self.environment = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "yport.settings",
            "DJANGO_DEBUG": "1",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://{settings_dict['USER']}@127.0.0.1:{database_port}/{settings_dict['NAME']}",
            "DATABASE_CONNECT_TIMEOUT": "5",
            "DATABASE_STATEMENT_TIMEOUT": "5",
            "DATABASE_CONN_MAX_AGE": "60",
            "INQUIRY_RATE_LIMIT": "1000",
            "INQUIRY_MIN_FILL_SECONDS": "0",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "4",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            **environment,
        }
        # A file, not a pipe: a pipe nobody reads would stop the server once it is full.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", PROJECT_DIR / "gunicorn.conf.py", "yport.wsgi:application"],
            cwd=PROJECT_DIR,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if urllib.request.urlopen(f"{self.base}/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise AssertionError("gunicorn did not start:\n" + self.output())

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log_text = self.output()
        self.log.close()

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def get_status(self, path):
        started = time.monotonic()
        try:
            status = urllib.request.urlopen(self.base + path, timeout=30).status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, time.monotonic() - started


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def submit_over_http(server, message):
    """Show the form, then send it, as a browser would. Returns (status of the POST or None, seconds taken)."""
    started = time.monotonic()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    try:
        html = opener.open(f"{server.base}/en/inquiry/", timeout=30).read().decode()
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html))
        data = {**form_data(message=message), **fields}
        request = urllib.request.Request(
            f"{server.base}/en/inquiry/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": f"{server.base}/en/inquiry/"},
        )
        status = opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = None
    return status, time.monotonic() - started


class Browser:
    """A signed-in staff member's browser on one server: keeps cookies, does not follow redirects, and sends forms
    (files included) the way a browser does."""

    def __init__(self, server):
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path):
        """``(status, body)``."""
        try:
            with self.opener.open(self.server.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path, data, files=None):
        """``(status, body, Location)``; with the page's CSRF token added, as multipart when there are files."""
        status, html = self.get(path)
        assert status == 200, (status, html[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        data = {**data, "csrfmiddlewaretoken": token}
        if files:
            body = encode_multipart(BOUNDARY, {**data, **files})
            content_type = MULTIPART_CONTENT
        else:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.server.base + path,
            data=body,
            headers={"Content-Type": content_type, "Referer": self.server.base + path},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Location")

    def sign_in(self, username, password):
        status, _body, _location = self.post(
            "/en/admin/login/?next=/en/admin/", {"username": username, "password": password, "next": "/en/admin/"}
        )
        assert status == 302, status
        return self
