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

    def ready(self):
        # The open-data catalogue offers the projects' dataset and the comparison of cities counts their projects
        # (cities may not import projects). Before any URLconf: the API's addresses are made from the catalogue when
        # yport/api_urls.py is imported.
        from cities.catalogue import register_dataset
        from cities.compare import register_project_counts
        from projects.catalogue import PROJECTS_DATASET, published_stage_counts
        from projects.models import ProjectStage

        register_dataset(PROJECTS_DATASET)
        register_project_counts(published_stage_counts, ProjectStage.choices)
