"""The staff groups and what they may do, synced after every migrate (see accounts/apps.py).

The groups are named here; what each may do is declared by the app that owns the permissions, on its AppConfig:

    staff_group_permissions = {CONTENT_EDITORS: EVERY_PERMISSION, PUBLISHERS: ("view_city",)}
    staff_group_excluded_permissions = ("delete_city",)  # (optional) no group holds these, whatever it is given

EVERY_PERMISSION grants every permission of the app's label, so models the app adds later are included; a tuple
grants those codenames of the app's label. Things not given to any group are for superusers only."""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, router

from yport.staff_group_names import EVERY_PERMISSION, INQUIRY_HANDLERS, STAFF_GROUPS


def declared_permissions():
    """{group name: [(app label, codenames or EVERY_PERMISSION, excluded codenames)]} from every app's AppConfig."""
    declared = {name: [] for name in STAFF_GROUPS}
    for config in global_apps.get_app_configs():
        excluded = frozenset(getattr(config, "staff_group_excluded_permissions", ()))
        for name, codenames in getattr(config, "staff_group_permissions", {}).items():
            if name not in declared:
                raise ImproperlyConfigured(f"{config.name} gives permissions to {name!r}, which is no staff group.")
            declared[name].append((config.label, codenames, excluded))
    return declared


def group_permissions(permissions, grants):
    """The pks of the permissions (a Permission queryset) that the grants of one group give it."""
    pks = set()
    for app_label, codenames, excluded in grants:
        of_app = permissions.filter(content_type__app_label=app_label)
        if codenames != EVERY_PERMISSION:
            of_app = of_app.filter(codename__in=codenames)
        pks |= {pk for pk, codename in of_app.values_list("pk", "codename") if codename not in excluded}
    return pks


def sync_staff_groups(*, apps=None, using=DEFAULT_DB_ALIAS):
    """Create the staff groups if missing and set their permissions to exactly what the apps declare (a permission
    given to a group by hand in the admin is taken away again). ``apps`` is the registry the models are read from
    (migrate passes its historical one); the declarations are always read from the installed apps."""
    if apps is None:
        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if not router.allow_migrate_model(using, Group):
        return
    for name, grants in declared_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(group_permissions(Permission.objects.using(using), grants))


def inquiry_handlers():
    """The users an inquiry may be assigned to: active staff members of the Inquiry handlers group."""
    User = get_user_model()
    return User.objects.filter(is_active=True, is_staff=True, groups__name=INQUIRY_HANDLERS).order_by(
        User.USERNAME_FIELD
    )
