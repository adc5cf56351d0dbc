"""Fault tests on PostgreSQL: many submissions while the mail server refuses or the cache hangs, and a database
outage through a TCP proxy that the test cuts and restores (the machine's PostgreSQL itself is never stopped)."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState
from tests.faults import SilentServer, TcpProxy
from tests.inquiries.test_concurrency import run_in_threads
from tests.inquiries.utils import form_data
from tests.servers import PortalServer, SmtpServer, free_port, submit_over_http, use_smtp
from yport.outbox import send_due_emails

SUBMISSIONS = 50
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="fault tests run against PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def submit_concurrently(count):
    """`count` submissions through the real view at the same moment, each from its own address of one network."""
    with translation.override("en"):
        form_url = reverse("inquiries:inquiry_create")

    def post(index):
        data = form_data(message=f"fault test {index}")
        return Client(REMOTE_ADDR=f"198.51.100.{index + 1}").post(form_url, data).status_code

    return run_in_threads(count, post)


def assert_every_accepted_request_has_one_row(statuses):
    accepted = [index for index, status in enumerate(statuses) if status == 302]
    assert len(accepted) == len(statuses), statuses
    stored = sorted(Inquiry.objects.values_list("message", flat=True))
    assert stored == sorted(f"fault test {index}" for index in accepted)


def test_fault_mail_server_refusing_loses_nothing_and_the_retry_sends_each_email_once(settings):
    settings.INQUIRY_RATE_LIMIT = 1000
    use_smtp(settings, free_port())  # nothing listens there: every connection is refused

    statuses = submit_concurrently(SUBMISSIONS)
    assert_every_accepted_request_has_one_row(statuses)
    assert InquiryEmail.objects.filter(state=InquiryEmailState.PENDING).count() == 2 * SUBMISSIONS

    assert send_due_emails() == (0, 2 * SUBMISSIONS)
    assert set(InquiryEmail.objects.values_list("state", "attempts")) == {(InquiryEmailState.FAILED, 1)}

    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        later = timezone.now() + timezone.timedelta(hours=2)
        # Two workers at once: each email is claimed by one of them only.
        results = run_in_threads(2, lambda _index: send_due_emails(now=later))
        assert sum(sent for sent, _failed in results) == 2 * SUBMISSIONS, results
        assert sum(failed for _sent, failed in results) == 0
        assert send_due_emails(now=later) == (0, 0)
    assert len(smtp.messages) == 2 * SUBMISSIONS
    subjects = [str(message["Subject"]) for message in smtp.messages]
    assert len(set(subjects)) == 2 * SUBMISSIONS  # one acknowledgement and one notification per inquiry
    assert set(InquiryEmail.objects.values_list("state", "attempts")) == {(InquiryEmailState.SENT, 2)}


def test_fault_cache_that_never_answers_loses_nothing_and_the_rate_limit_holds(settings, client):
    with SilentServer() as silent:
        settings.CACHES = {
            **settings.CACHES,  # the page fragments stay in each process's memory, as in production
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{silent.port}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            },
        }
        settings.INQUIRY_RATE_LIMIT = 1000
        statuses = submit_concurrently(SUBMISSIONS)
        assert_every_accepted_request_has_one_row(statuses)
        assert InquiryEmail.objects.filter(state=InquiryEmailState.PENDING).count() == 2 * SUBMISSIONS

        settings.INQUIRY_RATE_LIMIT = 3
        with translation.override("en"):
            form_url = reverse("inquiries:inquiry_create")
        limited = [
            Client(REMOTE_ADDR=f"203.0.113.{index + 1}").post(form_url, form_data()).status_code for index in range(5)
        ]
        assert limited == [302, 302, 302, 429, 429]
        for path in ("/ja/", "/en/conferences/", "/en/cities/", form_url):
            assert client.get(path).status_code == 200
        ready = client.get("/readyz")
        assert (ready.status_code, ready.content) == (200, b"database: ok\ncache: unavailable\n")


# --- A database outage through a TCP proxy ---------------------------------------------------------------------

CONNECT_TIMEOUT = 2


def test_fault_database_outage_readyz_turns_503_and_back_no_request_hangs_nothing_accepted_is_lost():
    settings_dict = connection.settings_dict
    with TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)) as proxy:
        with PortalServer(proxy.port, DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT)) as server:
            assert server.get_status("/readyz")[0] == 200
            results = []
            stop = threading.Event()

            def keep_submitting(worker):
                number = 0
                while not stop.is_set():
                    number += 1
                    message = f"outage test {worker}-{number}"
                    results.append((message, *submit_over_http(server, message)))

            workers = [threading.Thread(target=keep_submitting, args=(index,)) for index in range(3)]
            for worker in workers:
                worker.start()
            time.sleep(1)  # forms accepted before the outage

            proxy.cut()
            time.sleep(0.5)
            down_status, down_seconds = server.get_status("/readyz")
            time.sleep(CONNECT_TIMEOUT + 0.5)  # long enough for a submission to give up on the database

            proxy.restore()
            deadline = time.monotonic() + 20
            while (up := server.get_status("/readyz"))[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(1)  # forms accepted after it
            stop.set()
            for worker in workers:
                worker.join(timeout=60)

    assert down_status == 503
    assert down_seconds < CONNECT_TIMEOUT + 1, down_seconds  # one connection attempt, not one per check
    assert up[0] == 200
    accepted = [message for message, status, _seconds in results if status == 302]
    refused = [message for message, status, _seconds in results if status != 302]
    slowest = max(seconds for _message, _status, seconds in results)
    assert accepted and refused, results  # requests went through before and after, and failed during the outage
    assert slowest < 2 * (CONNECT_TIMEOUT + 3), slowest  # a form page and a POST, each within the timeouts
    stored = list(Inquiry.objects.filter(message__startswith="outage test").values_list("message", flat=True))
    assert len(stored) == len(set(stored))  # nothing stored twice
    assert set(accepted) <= set(stored)  # nothing accepted is lost
