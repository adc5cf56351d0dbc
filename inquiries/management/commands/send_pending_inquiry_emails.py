from yport.management.commands.send_queued_emails import Command as SendQueuedEmails


class Command(SendQueuedEmails):
    """The email worker's former name, kept for one release so that existing process managers and crontabs keep
    working: it sends every queued email, as send_queued_emails does."""

    help = "Deprecated: use send_queued_emails (this name is removed in the next release). " + SendQueuedEmails.help

    def handle(self, *args, **options):
        self.stderr.write("send_pending_inquiry_emails is deprecated; use send_queued_emails.")
        super().handle(*args, **options)
