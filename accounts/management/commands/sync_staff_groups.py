from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from accounts.staff_groups import sync_staff_groups
from yport.staff_group_names import STAFF_GROUPS


class Command(BaseCommand):
    help = (
        "Set the staff groups' permissions back to their definition in accounts/staff_groups.py (migrate does this "
        "too): creates a missing group and takes away a permission given to a group by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to sync (default: default).")

    def handle(self, *args, **options):
        sync_staff_groups(using=options["database"])
        self.stdout.write(f"Staff groups synced: {', '.join(STAFF_GROUPS)}.")
