import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from yport.outbox import send_due_emails

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "The email worker: send every queued email that is due (inquiry emails, approval notices, digests; new ones "
        "at once, failed ones again after a growing delay). With --watch it keeps running and looks for due emails "
        "every few seconds; several workers may run at once, none sends an email another has sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--watch", action="store_true", help="Keep running; look for due emails repeatedly.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks with --watch (default %(default)s)."
        )

    def handle(self, *args, watch, interval, **options):
        if interval <= 0:
            raise CommandError("--interval must be more than 0.")
        if not watch:
            sent, failed = send_due_emails()
            self.report(sent, failed)
            return
        self.stdout.write(f"Watching for queued emails every {interval:g} s (Ctrl-C stops).")
        try:
            while True:
                self.one_pass()
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def one_pass(self):
        # A database that is down or restarted must not end the worker: it tries again on the next look.
        close_old_connections()
        try:
            sent, failed = send_due_emails()
        except DatabaseError:
            logger.exception("Email worker: the database is unavailable; trying again shortly")
            return
        if sent or failed:
            self.report(sent, failed)

    def report(self, sent, failed):
        self.stdout.write(f"Sent {sent} email(s); {failed} failed.")
        if failed:
            self.stderr.write(
                "Some emails failed; they are tried again later. See the error on each in the admin (outgoing emails, "
                "or the inquiry)."
            )
