"""What the projects offer to the cities' pages, registered by ``ProjectsConfig.ready()`` (cities does not import
projects): the open-data catalogue's projects dataset (cities/catalogue.py), each published project's size and
results, one observation per row (``projects.models.project_tidy_rows``); and the count of published projects by
stage on the comparison of cities (cities/compare.py)."""

from django.utils.translation import gettext_lazy

from cities.catalogue import CITY_COLUMNS, SOURCE, city_cells
from cities.datasets import Column, Dataset
from projects.models import Project, ProjectStage, project_tidy_rows


def published_projects():
    """Published projects (of published cities), each with the number of its rows."""
    return Project.objects.published().for_tidy_rows().with_tidy_row_count()


def project_rows(projects):
    stage_labels = {stage.value: str(stage.label) for stage in ProjectStage}  # translated once, not for every row
    cities = {project.city.slug: project.city for project in projects}
    for row in project_tidy_rows(projects):
        yield {**row, **city_cells(cities[row["city"]]), "stage_label": stage_labels.get(row["stage"], row["stage"])}


PROJECTS_DATASET = Dataset(
    slug="projects",
    title=gettext_lazy("Cooperation projects: sizes and results"),
    description=gettext_lazy(
        "The size of each published cooperation project and the results of the completed ones: one figure per "
        "row, with its project, stage, year, unit and source."
    ),
    columns=(
        *CITY_COLUMNS,
        Column("project", gettext_lazy("Project code"), description=gettext_lazy("As in the project's address.")),
        Column("project_title", gettext_lazy("Project")),
        Column("stage", gettext_lazy("Stage code"), description=gettext_lazy("idea, tender, completed and so on.")),
        Column("stage_label", gettext_lazy("Stage")),
        Column(
            "code",
            gettext_lazy("Code"),
            description=gettext_lazy("The project's code with size_min, size_max or result-<n>."),
        ),
        Column("label", gettext_lazy("Item")),
        Column("year", gettext_lazy("Year"), "integer", description=gettext_lazy("Empty if not given.")),
        Column("value", gettext_lazy("Value"), "decimal"),
        Column("unit", gettext_lazy("Unit"), description=gettext_lazy("A currency's ISO 4217 code for a size.")),
        SOURCE,
    ),
    objects=published_projects,
    rows_of=project_rows,
    rows_per_object="tidy_row_count",
    changed=("updated_at",),  # a project's results are edited on its page, which saves it
)


def published_stage_counts(city_ids) -> dict:
    return Project.objects.published().stage_counts(city_ids)
