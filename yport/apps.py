from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YportConfig(AppConfig):
    name = "yport"
    verbose_name = _("Y-PORT Portal")

    def ready(self):
        from yport.media import connect_restore_guard

        connect_restore_guard()
