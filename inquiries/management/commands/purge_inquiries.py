from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inquiries.models import Inquiry
from inquiries.services.privacy import anonymise_inquiry


class Command(BaseCommand):
    help = (
        "Anonymise the personal data of closed and spam inquiries older than N days (default: the setting "
        "INQUIRY_RETENTION_DAYS). Reference, dates, status, country, city, fields and language stay for statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=settings.INQUIRY_RETENTION_DAYS,
            help="Age in days (default %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be anonymised.")

    def handle(self, *args, older_than_days, dry_run, **options):
        if older_than_days < 0:
            raise CommandError("--older-than-days must be 0 or more.")
        now = timezone.now()
        cutoff = now - timedelta(days=older_than_days)
        inquiries = list(Inquiry.objects.purgeable(created_before=cutoff).order_by("created_at", "id"))
        verb = "Would anonymise" if dry_run else "Anonymising"
        before = timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(f"{verb} {len(inquiries)} closed or spam inquiries received before {before}.")
        for position, inquiry in enumerate(inquiries, start=1):
            self.stdout.write(f"  [{position}/{len(inquiries)}] {inquiry.reference} ({inquiry.status})")
            if not dry_run:
                anonymise_inquiry(inquiry=inquiry, now=now)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            self.stdout.write(
                f"Done: {len(inquiries)} inquiries anonymised; {Inquiry.objects.count()} inquiries in total."
            )
