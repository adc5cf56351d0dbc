from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from yport.staff_group_names import CONTENT_EDITORS, EVERY_PERMISSION, PUBLISHERS


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")
    # What the public pages show (yport.apps_registry): the page cache and the benchmark follow it.
    public_content = True

    # Publishers see the content under approval to publish it (to edit it too, a publisher is also a content editor).
    staff_group_permissions = {
        CONTENT_EDITORS: EVERY_PERMISSION,
        PUBLISHERS: ("view_project", "view_financingscheme"),
    }
