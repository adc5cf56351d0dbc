from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from yport.staff_group_names import CONTENT_EDITORS, EVERY_PERMISSION, PUBLISHERS


class SitePagesConfig(AppConfig):
    name = "sitepages"
    verbose_name = _("Site pages and redirects")
    # What the public pages show (yport.apps_registry): the page cache and the benchmark follow it.
    public_content = True

    # Publishers see the content under approval to publish it (to edit it too, a publisher is also a content editor).
    staff_group_permissions = {CONTENT_EDITORS: EVERY_PERMISSION, PUBLISHERS: ("view_sitepage",)}
    # The four site pages are edited, never deleted: without its page the privacy notice would fall back to the text
    # that shipped with the code, and consents would record another version.
    staff_group_excluded_permissions = ("delete_sitepage",)
