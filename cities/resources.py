"""Key figures as CSV/XLSX for the admin's import and export: cities update them every year."""

from import_export import fields, resources, widgets

from cities.models import City, KeyFigure, KeyFigureKind
from editorial.approvals import ApprovalImportResourceMixin

COLUMNS = (
    "city",
    "kind",
    "reference_year",
    "value",
    "value_max",
    "unit",
    "label_ja",
    "label_en",
    "source_ja",
    "source_en",
    "order",
)


class KeyFigureResource(ApprovalImportResourceMixin, resources.ModelResource):
    """One row per figure; a row updates the figure of the same city (slug), kind and reference year."""

    approval_parent = "city"
    city = fields.Field(attribute="city", column_name="city", widget=widgets.ForeignKeyWidget(City, field="slug"))

    class Meta:
        model = KeyFigure
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ("city", "kind", "reference_year")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        # Figures of the kind "other" share a kind; within a city and year their Japanese label tells them apart.
        if self.fields["kind"].clean(row) == KeyFigureKind.OTHER:
            lookup = {name: self.fields[name].clean(row) for name in ("city", "kind", "reference_year", "label_ja")}
            return KeyFigure.objects.filter(**lookup).first()
        return super().get_instance(instance_loader, row)
