from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Partner cities")
    # What the public pages show (yport.apps_registry): the page cache, the content editors and the benchmark follow it.
    public_content = True
