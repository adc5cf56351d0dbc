from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YportConfig(AppConfig):
    name = "yport"
    verbose_name = _("Y-PORT Portal")
