"""Concurrent submissions (threads, on PostgreSQL) and the rate limit across processes."""

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from inquiries.models import Inquiry
from inquiries.services.submission import DuplicateSubmission, submit_inquiry
from tests.inquiries.utils import form_data

PROJECT_DIR = Path(__file__).resolve().parents[2]
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; row locking is tested on PostgreSQL"
)
DATA = {
    "company_name": "Acme",
    "contact_person": "Jane Doe",
    "email": "jane@example.com",
    "country": "JP",
    "message": "Hello",
}


def run_in_threads(count, target):
    """Start `count` threads that wait at a barrier and then call target(index) at the same moment."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = target(index)
        except Exception as exc:  # noqa: BLE001 - reported through the results
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_consecutive_references(settings):
    settings.INQUIRY_RATE_LIMIT = 100
    results = run_in_threads(
        8,
        lambda index: submit_inquiry(
            data={**DATA, "submission_token": uuid.uuid4()}, language="en", client_address=f"192.0.2.{index}"
        ),
    )
    assert all(isinstance(result, Inquiry) for result in results), results
    references = sorted(result.reference for result in results)
    year = references[0][3:7]
    assert references == [f"YP-{year}-{number:04d}" for number in range(1, 9)]
    assert Inquiry.objects.count() == 8


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_of_one_form_stores_one_row():
    token = uuid.uuid4()
    results = run_in_threads(
        6,
        lambda index: submit_inquiry(
            data={**DATA, "submission_token": token}, language="en", client_address="192.0.2.1"
        ),
    )
    created = [result for result in results if isinstance(result, Inquiry)]
    duplicates = [result for result in results if isinstance(result, DuplicateSubmission)]
    assert len(created) == 1, results
    assert len(duplicates) == 5
    assert {duplicate.inquiry.pk for duplicate in duplicates} == {created[0].pk}
    assert Inquiry.objects.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_form_posts_store_exactly_one_row_per_accepted_request(settings):
    settings.INQUIRY_RATE_LIMIT = 3
    with translation.override("en"):
        form_url = reverse("inquiries:inquiry_create")
    shared = form_data()

    def post(index):
        # Threads 0-5 each send their own form; 6-9 all send the same form (a multiple click).
        data = form_data() if index < 6 else shared
        return Client(REMOTE_ADDR="198.51.100.20").post(form_url, data).status_code

    statuses = run_in_threads(10, post)
    assert set(statuses) <= {302, 429}, statuses
    # Three slots for the address: at most three distinct forms are stored, each exactly once.
    assert Inquiry.objects.count() == 3
    assert Inquiry.objects.values("submission_token").distinct().count() == 3
    assert statuses.count(429) >= 10 - 3 - 4


def submit_in_processes(database_url, processes=2, attempts=5, limit=5):
    """Run `processes` Python processes that, at the same moment, each submit `attempts` inquiries from one network
    to the database at database_url. Returns how many each process got accepted."""
    start_at = time.time() + 3  # all processes start submitting together, after Django has loaded
    code = (
        "import os, time, django; django.setup();"
        "from inquiries.services.submission import RateLimitExceeded, submit_inquiry;"
        "data = {'company_name': 'Acme', 'contact_person': 'Jane', 'email': 'j@example.com', 'country': 'JP',"
        " 'message': 'Hello'};"
        "time.sleep(max(0, float(os.environ['START_AT']) - time.time()));"
        "accepted = 0\n"
        f"for index in range({attempts}):\n"
        "    try:\n"
        "        submit_inquiry(data=data, language='en', client_address=f'203.0.113.{os.getpid() % 200 + index}')\n"
        "        accepted += 1\n"
        "    except RateLimitExceeded:\n"
        "        pass\n"
        "print(accepted)"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_URL"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="yport.settings",
        DATABASE_URL=database_url,
        INQUIRY_RATE_LIMIT=str(limit),
        START_AT=str(start_at),
    )
    children = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _out, err in outputs]
    return [int(out.strip()) for out, _err in outputs]


def test_rate_limit_holds_across_processes_sharing_a_sqlite_file(tmp_path):
    """Two worker processes submit from addresses of one network to one SQLite file (the pytest test database lives
    in memory, so it cannot be shared). Together they get exactly the configured number accepted."""
    database_url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_URL"))}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=PROJECT_DIR,
        env={**environment, "DATABASE_URL": database_url},
        check=True,
        capture_output=True,
        timeout=120,
    )
    counts = submit_in_processes(database_url)
    assert sum(counts) == 5, counts


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_rate_limit_holds_across_processes_on_postgresql():
    """The same on PostgreSQL, against this test run's database; the inquiries the processes stored are visible
    here too."""
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    counts = submit_in_processes(database_url)
    assert sum(counts) == 5, counts
    assert Inquiry.objects.filter(client_network="203.0.113.0/24").count() == 5
