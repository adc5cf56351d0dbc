from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.admin import apps as admin_apps
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from yport.staff_groups import sync_staff_groups


def sync_staff_groups_after_migrate(sender, using, apps=global_apps, **kwargs):
    """Sync the staff groups once per migrate (and per flush), at the signal of the last app with models.

    post_migrate is sent once for each app that has a models module, in INSTALLED_APPS order, and
    django.contrib.auth creates the sender's permissions in its own receiver, connected before this one (auth is
    earlier in INSTALLED_APPS). So at the last app's signal the permissions of every app exist, whichever apps
    are added later."""
    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        sync_staff_groups(apps=apps, using=using)


class YportConfig(AppConfig):
    name = "yport"
    verbose_name = _("Y-PORT Portal")

    def ready(self):
        from yport.client import check_deprecated_proxy_count, check_trusted_proxies_listed
        from yport.media import connect_restore_guard

        connect_restore_guard()
        checks.register(check_trusted_proxies_listed, checks.Tags.security, deploy=True)
        checks.register(check_deprecated_proxy_count, checks.Tags.security)
        # Connected for every sender; the receiver acts only at the signal of the last app with models.
        post_migrate.connect(sync_staff_groups_after_migrate, dispatch_uid="yport.sync_staff_groups")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our admin site as ``admin.site``, so every ``@admin.register`` lands on it."""

    default = False  # not the app config of "yport" itself
    default_site = "yport.sites.AdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin.py
        from yport.device_admin import register_device_admin

        register_device_admin()
