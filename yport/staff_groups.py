"""The staff groups and what they may do. Permissions are granted per app label, so models that an app adds later
are included: the groups are synced after every migrate (permissions only exist after it)."""

from django.db import DEFAULT_DB_ALIAS

CONTENT_EDITORS = "Content editors"
INQUIRY_HANDLERS = "Inquiry handlers"

STAFF_GROUPS = {
    # Every permission of these app labels, plus single extra permissions as (app_label, codename).
    CONTENT_EDITORS: {"app_labels": ("conferences", "cities"), "extra": ()},
    # Handlers pick an assignee from the staff users, so they may view users.
    INQUIRY_HANDLERS: {"app_labels": ("inquiries",), "extra": (("auth", "view_user"),)},
}


def sync_staff_groups(*, apps=None, using=DEFAULT_DB_ALIAS):
    """Create the staff groups if missing and set their permissions to exactly the definition above."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, definition in STAFF_GROUPS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permission_ids = set(
            Permission.objects.using(using)
            .filter(content_type__app_label__in=definition["app_labels"])
            .values_list("pk", flat=True)
        )
        for app_label, codename in definition["extra"]:
            permission_ids.update(
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .values_list("pk", flat=True)
            )
        group.permissions.set(permission_ids)


def sync_staff_groups_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver (connected for the inquiries app, the last of the apps the groups cover)."""
    sync_staff_groups(using=using)
