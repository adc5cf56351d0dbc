from django.core.management.base import BaseCommand

from inquiries.services import send_pending_emails


class Command(BaseCommand):
    help = "Send every inquiry email that is still pending or failed (for example after the mail server was down)."

    def handle(self, *args, **options):
        sent, failed = send_pending_emails()
        self.stdout.write(f"Sent {sent} email(s); {failed} failed.")
        if failed:
            self.stderr.write("Some emails failed again; see the error on each inquiry in the admin.")
