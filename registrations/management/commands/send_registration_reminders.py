from django.core.management.base import BaseCommand

from registrations.services import send_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders that are due (the offsets of each conference's registration setup) to confirmed "
        "registrants, each once. Idempotent; run it every few minutes (the email worker sends them)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {send_reminders()} reminder(s).")
