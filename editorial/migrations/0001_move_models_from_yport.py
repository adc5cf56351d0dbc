"""The editorial workflow's four models move here from ``yport`` keeping every row: the tables keep their names (the
models say ``db_table``), so the database is not touched; only the migration state moves (yport's 0005 deletes them
from its state). The content types are renamed (app label yport → editorial) first, so that the permissions on these
models, and the groups and users holding them, follow them: no second set of content types or permissions appears."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("oldslug", "approvalrequest", "previewlink", "staletranslation")


def rename_content_types(apps, schema_editor, *, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED_MODELS:
        source = ContentType.objects.using(db).filter(app_label=old, model=model)
        if not source.exists():
            continue  # a new database: post_migrate creates the content type under its new label
        # A content type already made under the new label (by a migrate that ran between) would be a duplicate: it
        # goes with its permissions, and the renamed one, with the groups and users holding its permissions, stays.
        ContentType.objects.using(db).filter(app_label=new, model=model).delete()
        source.update(app_label=new)
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    rename_content_types(apps, schema_editor, old="yport", new="editorial")


def backwards(apps, schema_editor):
    rename_content_types(apps, schema_editor, old="editorial", new="yport")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("yport", "0004_mail_outbox"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ApprovalRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('object_repr', models.CharField(max_length=200, verbose_name='item')),
                        ('status', models.CharField(choices=[('awaiting', 'awaiting approval'), ('approved', 'approved'), ('sent_back', 'sent back'), ('superseded', 'replaced by a later submission')], default='awaiting', max_length=12, verbose_name='status')),
                        ('submitted_at', models.DateTimeField(auto_now_add=True, verbose_name='submitted')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                        ('decision_comment', models.TextField(blank=True, verbose_name='decision comment')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='content type')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('revision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='approval_requests', to='reversion.revision', verbose_name='proposed version')),
                        ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                    ],
                    options={
                        'verbose_name': 'approval request',
                        'verbose_name_plural': 'approval requests',
                        'db_table': 'yport_approvalrequest',
                        'ordering': ('-submitted_at', '-pk'),
                        'permissions': (('publish_content', 'Can publish, unpublish and approve content'),),
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='approval_object_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'awaiting')), fields=('content_type', 'object_id'), name='approval_one_awaiting_per_object')],
                    },
                ),
                migrations.CreateModel(
                    name='OldSlug',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('scope', models.PositiveBigIntegerField(default=0, verbose_name='scope')),
                        ('slug', models.SlugField(max_length=80, verbose_name='slug')),
                        ('changed_at', models.DateTimeField(auto_now=True, verbose_name='changed at')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='content type')),
                    ],
                    options={
                        'verbose_name': 'old slug',
                        'verbose_name_plural': 'old slugs',
                        'db_table': 'yport_oldslug',
                        'ordering': ['content_type', 'scope', 'slug'],
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'scope', 'slug'), name='old_slug_unique_in_scope')],
                    },
                ),
                migrations.CreateModel(
                    name='PreviewLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token_hash', models.CharField(editable=False, max_length=64, unique=True, verbose_name='token hash')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('language', models.CharField(choices=[('ja', 'Japanese'), ('en', 'English')], max_length=10, verbose_name='language')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('expires_at', models.DateTimeField(verbose_name='expires')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='content type')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ],
                    options={
                        'verbose_name': 'preview link',
                        'verbose_name_plural': 'preview links',
                        'db_table': 'yport_previewlink',
                        'ordering': ('-created_at', '-pk'),
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='previewlink_object_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='StaleTranslation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('field_name', models.CharField(max_length=100, verbose_name='field')),
                        ('flagged_at', models.DateTimeField(auto_now=True, verbose_name='flagged')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='content type')),
                    ],
                    options={
                        'verbose_name': 'possibly out-of-date translation',
                        'verbose_name_plural': 'possibly out-of-date translations',
                        'db_table': 'yport_staletranslation',
                        'ordering': ('content_type', 'object_id', 'field_name'),
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'field_name'), name='staletranslation_unique_field')],
                    },
                ),
            ],
        ),
    ]
