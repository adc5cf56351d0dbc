"""OldSlug, ApprovalRequest, PreviewLink and StaleTranslation now belong to ``editorial`` (its migration 0001 takes
them over with their tables, rows, content types and permissions): they leave yport's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("yport", "0004_mail_outbox"),
        ("editorial", "0001_move_models_from_yport"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ApprovalRequest"),
                migrations.DeleteModel(name="OldSlug"),
                migrations.DeleteModel(name="PreviewLink"),
                migrations.DeleteModel(name="StaleTranslation"),
            ],
        ),
    ]
