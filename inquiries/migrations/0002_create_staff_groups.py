"""Once created the staff groups; kept, as a no-op, so that the migration history of existing databases stays intact.

The groups and their permissions are now synced after every migrate by the accounts app (accounts/apps.py and
accounts/staff_groups.py). A migration must not import live code: it would break the day that code changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
