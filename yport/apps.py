from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class YportConfig(AppConfig):
    name = "yport"
    verbose_name = _("Y-PORT Portal")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our admin site as ``admin.site``, so every ``@admin.register`` lands on it."""

    default = False  # not the app config of "yport" itself
    default_site = "yport.sites.AdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin.py
        from yport.device_admin import register_device_admin

        register_device_admin()
