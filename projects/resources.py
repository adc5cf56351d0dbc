"""Projects as CSV/XLSX for the admin's import and export: a city's office sends its list once a year."""

from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from cities.models import City, FieldOfCooperation, SDGGoal
from editorial.approvals import ApprovalImportResourceMixin
from editorial.stale_translations import StaleTranslationResourceMixin
from projects.models import FinancingScheme, Project, validate_sdg_targets_within_goals

# No publication columns: an imported project is a draft until a publisher publishes it, and a change to a published
# one is refused for an editor (ApprovalImportResourceMixin). A row finds its project by the slug, which an import
# never changes.
COLUMNS = (
    "slug",
    "city",
    "title_ja",
    "title_en",
    "summary_ja",
    "summary_en",
    "description_ja",
    "description_en",
    "stage",
    "field",
    "sdg_goals",
    "sdg_targets",
    "financing",
    "size_min",
    "size_max",
    "currency",
    "counterpart_ja",
    "counterpart_en",
    "japanese_partners_ja",
    "japanese_partners_en",
    "start_date",
    "end_date",
    "results_text_ja",
    "results_text_en",
    "order",
)


class ProjectResource(ApprovalImportResourceMixin, StaleTranslationResourceMixin, resources.ModelResource):
    """One row per project; the city, field of cooperation and financing scheme by their slugs, the SDG goals by
    their numbers (``6,11``)."""

    city = fields.Field(attribute="city", column_name="city", widget=ForeignKeyWidget(City, field="slug"))
    field = fields.Field(
        attribute="field", column_name="field", widget=ForeignKeyWidget(FieldOfCooperation, field="slug")
    )
    financing = fields.Field(
        attribute="financing", column_name="financing", widget=ForeignKeyWidget(FinancingScheme, field="slug")
    )
    sdg_goals = fields.Field(
        attribute="sdg_goals", column_name="sdg_goals", widget=ManyToManyWidget(SDGGoal, field="number")
    )

    class Meta:
        model = Project
        import_id_fields = ("slug",)
        fields = COLUMNS
        export_order = COLUMNS
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("city", "field", "financing").prefetch_related("sdg_goals")

    def import_instance(self, instance, row, **kwargs):
        # The goals are saved after the row (many-to-many), so the targets are checked against the row's goals.
        try:
            self.row_goal_numbers = [goal.number for goal in self.fields["sdg_goals"].clean(row)]
        except ValueError:
            self.row_goal_numbers = None  # reported by the goals' own column
        super().import_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if getattr(self, "row_goal_numbers", None) is not None and "sdg_targets" not in errors:
            try:
                validate_sdg_targets_within_goals(instance.sdg_targets, self.row_goal_numbers)
            except ValidationError as error:
                errors["sdg_targets"] = error
        super().validate_instance(instance, errors, validate_unique)
