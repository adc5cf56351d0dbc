from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core import checks
from django.utils.translation import gettext_lazy as _


class YportConfig(AppConfig):
    name = "yport"
    verbose_name = _("Y-PORT Portal")

    def ready(self):
        from yport.client import check_deprecated_proxy_count, check_trusted_proxies_listed
        from yport.media import connect_restore_guard

        connect_restore_guard()
        checks.register(check_trusted_proxies_listed, checks.Tags.security, deploy=True)
        checks.register(check_deprecated_proxy_count, checks.Tags.security)

class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our admin site as ``admin.site``, so every ``@admin.register`` lands on it."""

    default = False  # not the app config of "yport" itself
    default_site = "yport.sites.AdminSite"
