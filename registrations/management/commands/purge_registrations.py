from django.core.management.base import BaseCommand
from django.utils import timezone

from registrations.models import Registration
from registrations.staff_services import purge_registrations, purgeable_registrations


class Command(BaseCommand):
    help = (
        "Anonymise the registrations of conferences that ended longer ago than their setup's retention period "
        "(days). Conference, status, mode, country, language, dates and ticket code stay for statistics. Running it "
        "again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        if dry_run:
            count = purgeable_registrations(today=timezone.localdate(now)).count()
            self.stdout.write(f"Would anonymise {count} registrations. Dry run: nothing was changed.")
            return
        anonymised = purge_registrations(now=now)
        for position, ticket_code in enumerate(anonymised, start=1):
            self.stdout.write(f"  [{position}/{len(anonymised)}] {ticket_code}")
        self.stdout.write(
            f"Done: {len(anonymised)} registrations anonymised; {Registration.objects.count()} registrations in total."
        )
