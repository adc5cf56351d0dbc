from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core import checks
from django.utils.translation import gettext_lazy as _

from accounts.staff_groups import PUBLISHERS


class YportConfig(AppConfig):
    name = "yport"
    verbose_name = _("Y-PORT Portal")
    # Publishers publish, unpublish and approve content (see yport/approvals.py: every model with an approval page).
    staff_group_permissions = {PUBLISHERS: ("publish_content",)}

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
