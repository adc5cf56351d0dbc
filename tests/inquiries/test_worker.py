"""The email worker (send_queued_emails) as `make run` and production run it: a separate process that keeps
watching the outbox."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def interruptible():
    """The worker stops on Ctrl-C (SIGINT), even when the tests run where SIGINT is ignored (a background job, an
    xdist worker): Python only turns SIGINT into KeyboardInterrupt if it was not ignored when it started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_worker_watch_sends_queued_emails_within_seconds_and_stops_on_interrupt(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_URL"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="yport.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        INQUIRY_NOTIFY_EMAILS="staff@example.com",
        PYTHONUNBUFFERED="1",
    )

    def manage(*arguments, **options):
        return subprocess.run([sys.executable, "manage.py", *arguments], cwd=PROJECT_DIR, env=environment, **options)

    manage("migrate", "--no-input", check=True, capture_output=True, timeout=120)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "send_queued_emails", "--watch", "--interval", "0.5"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    try:
        submitted = manage(
            "shell",
            "-c",
            "from inquiries.services.submission import submit_inquiry;"
            "i = submit_inquiry(data={'company_name': 'Acme', 'contact_person': 'Jane', 'email': 'jane@example.com',"
            " 'country': 'JP', 'message': 'Hello'}, language='en', client_address='192.0.2.1'); print(i.reference)",
            capture_output=True,
            text=True,
            timeout=60,
        )
        reference = submitted.stdout.split()[-1]
        assert reference.startswith("YP-"), submitted.stderr
        deadline = time.monotonic() + 30
        sent = ""
        while time.monotonic() < deadline:
            time.sleep(0.5)
            sent = manage(
                "shell",
                "-c",
                "from inquiries.models import InquiryEmail as E; print(E.objects.filter(state='sent').count())",
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout.split()[-1]
            if sent == "2":
                break
        assert sent == "2"
    finally:
        worker.send_signal(signal.SIGINT)
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert "Watching for queued emails every 0.5 s" in out
    assert f"We have received your inquiry ({reference})" in out
    assert "Sent 2 email(s); 0 failed." in out
    assert out.rstrip().endswith("Stopped.")


def test_worker_watch_keeps_running_while_the_database_is_unavailable(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_URL"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="yport.settings",
        DATABASE_URL="sqlite:////nonexistent-directory/worker.sqlite3",
        PYTHONUNBUFFERED="1",
    )
    message = "the database is unavailable; trying again shortly"
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "send_queued_emails", "--watch", "--interval", "0.2"],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            preexec_fn=interruptible,
        )
        # Wait for several failed looks (starting Django takes seconds on a busy machine), however long that takes.
        deadline = time.monotonic() + 60
        while errors.read_text().count(message) < 3 and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        assert worker.poll() is None, errors.read_text()  # still running after several failed looks
        worker.send_signal(signal.SIGINT)
        out, _ = worker.communicate(timeout=30)
    err = errors.read_text()
    assert worker.returncode == 0, err
    assert err.count(message) >= 3
    assert out.rstrip().endswith("Stopped.")
