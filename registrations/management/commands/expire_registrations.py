from django.core.management.base import BaseCommand

from registrations.services import expire_due


class Command(BaseCommand):
    help = (
        "Expire registration requests whose email address was not confirmed in time and seat offers not taken in "
        "time (each such seat is offered to the next person waiting). Idempotent; run it every few minutes."
    )

    def handle(self, *args, **options):
        requests, offers = expire_due()
        self.stdout.write(f"Expired {requests} unconfirmed request(s) and {offers} offer(s).")
