import datetime

from django.core.management.base import BaseCommand, CommandError

from inquiries.services.digest import queue_overdue_digests
from inquiries.working_days import is_working_day, today_in_tokyo


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date such as 2026-04-28, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Mail each inquiry handler their overdue inquiries and the open unassigned ones (run daily from cron). A "
        "handler with none gets nothing; on a day that is not a Japanese working day nobody gets anything unless "
        "--any-day is given. The digests are queued for the email worker (send_queued_emails), which retries them "
        "while the mail server refuses; running this again on the same day queues nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=iso_date, default=None, help="The day to report on, YYYY-MM-DD (default: today in Tokyo)."
        )
        parser.add_argument("--any-day", action="store_true", help="Send also on weekends, holidays and closure days.")

    def handle(self, *args, date, any_day, **options):
        today = date or today_in_tokyo()
        if not any_day and not is_working_day(today):
            self.stdout.write(f"{today:%Y-%m-%d} is not a working day: no digests sent.")
            return
        run = queue_overdue_digests(today=today)
        self.stdout.write(
            f"Inquiry digests for {today:%Y-%m-%d}: {run.queued} queued, {run.already_queued} queued before, "
            f"{run.silent} handler(s) with nothing to report."
        )
