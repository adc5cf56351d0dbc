from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp import devices_for_user


class Command(BaseCommand):
    help = (
        "Reset a user's two-factor sign-in: delete their authenticator devices, so that they set one up again at their "
        "next sign-in. For the last superuser, who has nobody to reset it in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user is named {username!r}.") from None
        with transaction.atomic():
            devices = list(devices_for_user(user, confirmed=None))
            for device in devices:
                device.delete()
        if not devices:
            self.stdout.write(f"{username} has no authenticator device; nothing was deleted.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {len(devices)} authenticator device(s) of {username}. Their sessions signed in with a code "
                "no longer count as verified; they set up an authenticator app again at their next sign-in."
            )
        )
