"""The staff groups and what they may do: the one definition, synced after every migrate (see yport/apps.py).

Permissions are granted per app label, so models that an app adds later are included; the permissions no group
holds are listed once, in EXCLUDED_PERMISSIONS. Things not given to any group are for superusers only."""

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, router

CONTENT_EDITORS = "Content editors"
INQUIRY_HANDLERS = "Inquiry handlers"
PUBLISHERS = "Publishers"

# Every permission of these app labels goes to the group, except the excluded ones below: for the handlers that
# includes the custom inquiries.reply_inquiry (answering a company from the admin) and the reply templates.
STAFF_GROUPS = {
    CONTENT_EDITORS: ("cities", "conferences", "sitepages"),
    INQUIRY_HANDLERS: ("inquiries",),
    PUBLISHERS: (),
}

# (app_label, codename) a group holds besides those of its app labels. Publishers see the content under approval
# and publish, unpublish and approve it (see editorial/approvals.py: every model with an approval page); to edit it too,
# a publisher is also a content editor. Content editors hold the change permissions of their apps, but the admin
# keeps what they change in live content as a proposal.
EXTRA_PERMISSIONS = {
    PUBLISHERS: (
        ("editorial", "publish_content"),
        ("cities", "view_city"),
        ("cities", "view_fieldofcooperation"),
        ("cities", "view_sdggoal"),
        ("conferences", "view_conference"),
        ("conferences", "view_speaker"),
        ("sitepages", "view_sitepage"),
    ),
}

# (app_label, codename) that no group holds, whatever its app labels say.
EXCLUDED_PERMISSIONS = frozenset(
    {
        # Inquiries come only from the public form, and nothing a company sent is deleted (purge_inquiries
        # anonymises); the admin refuses both anyway.
        ("inquiries", "add_inquiry"),
        ("inquiries", "delete_inquiry"),
        # The history is append-only: written by the services, read in the admin (view stays, the inline needs it).
        ("inquiries", "add_inquiryevent"),
        ("inquiries", "change_inquiryevent"),
        ("inquiries", "delete_inquiryevent"),
        # The delivery records of the emails are written by the services only.
        ("inquiries", "add_inquiryemail"),
        ("inquiries", "change_inquiryemail"),
        ("inquiries", "delete_inquiryemail"),
        # Attachments come only with an inquiry from the public form and go with its personal data; handlers
        # view (download) them.
        ("inquiries", "add_inquiryattachment"),
        ("inquiries", "change_inquiryattachment"),
        ("inquiries", "delete_inquiryattachment"),
        # The reference number counter is internal; nobody needs to see or touch it.
        ("inquiries", "add_inquiryreferencecounter"),
        ("inquiries", "change_inquiryreferencecounter"),
        ("inquiries", "delete_inquiryreferencecounter"),
        ("inquiries", "view_inquiryreferencecounter"),
        # The four site pages are edited, never deleted: without its page the privacy notice would fall back to
        # the text that shipped with the code, and consents would record another version.
        ("sitepages", "delete_sitepage"),
    }
)


def group_permissions(permissions, app_labels):
    """The permissions (a Permission queryset) of the given app labels that a group may hold."""
    candidates = permissions.filter(content_type__app_label__in=app_labels).values_list(
        "pk", "content_type__app_label", "codename"
    )
    return {pk for pk, app_label, codename in candidates if (app_label, codename) not in EXCLUDED_PERMISSIONS}


def sync_staff_groups(*, apps=None, using=DEFAULT_DB_ALIAS):
    """Create the staff groups if missing and set their permissions to exactly the definition above (a permission
    given to a group by hand in the admin is taken away again)."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if not router.allow_migrate_model(using, Group):
        return
    for name, app_labels in STAFF_GROUPS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = group_permissions(Permission.objects.using(using), app_labels)
        for app_label, codename in EXTRA_PERMISSIONS.get(name, ()):
            permissions |= set(
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .values_list("pk", flat=True)
            )
        group.permissions.set(permissions)


def inquiry_handlers():
    """The users an inquiry may be assigned to: active staff members of the Inquiry handlers group."""
    User = get_user_model()
    return User.objects.filter(is_active=True, is_staff=True, groups__name=INQUIRY_HANDLERS).order_by(
        User.USERNAME_FIELD
    )
