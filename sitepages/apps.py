from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitePagesConfig(AppConfig):
    name = "sitepages"
    verbose_name = _("Site pages and redirects")
    # What the public pages show (yport.apps_registry): the page cache, the content editors and the benchmark follow it.
    public_content = True
