"""The two staff groups, "Content editors" and "Inquiry handlers" (see yport/staff_groups.py). On a new database
the permissions do not exist yet during migrate; the post_migrate receiver in inquiries/apps.py fills them in."""

from django.db import migrations

from yport.staff_groups import sync_staff_groups


def create_staff_groups(apps, schema_editor):
    sync_staff_groups(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_staff_groups, migrations.RunPython.noop)]
