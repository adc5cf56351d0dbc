"""Key figures and SDG indicators as CSV/XLSX for the admin's import and export: cities update them every year."""

from import_export import fields, resources, widgets

from cities.models import City, KeyFigure, KeyFigureKind, SDGEvaluation, SDGGoal, SDGIndicator
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


INDICATOR_COLUMNS = (
    "city",
    "evaluation_year",
    "code",
    "goal",
    "text_ja",
    "text_en",
    "rating",
    "value",
    "unit_ja",
    "unit_en",
    "year",
    "direction",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "source_ja",
    "source_en",
    "source_url",
    "order",
)


class EvaluationWidget(widgets.ForeignKeyWidget):
    """An indicator's evaluation, named by the row's city (slug) and the evaluation's year."""

    def __init__(self):
        super().__init__(SDGEvaluation, field="year")

    def get_queryset(self, value, row, *args, **kwargs):
        return SDGEvaluation.objects.filter(city__slug=(row or {}).get("city") or "")


class SDGIndicatorResource(ApprovalImportResourceMixin, resources.ModelResource):
    """One row per indicator of a city's evaluation of a year; a row updates the indicator of that evaluation with
    the same code, or without a code the same goal and Japanese text. Under the approval rule of the indicator's
    city (an evaluation is always shown with its city)."""

    city = fields.Field(attribute="evaluation__city__slug", column_name="city", readonly=True)
    evaluation_year = fields.Field(attribute="evaluation", column_name="evaluation_year", widget=EvaluationWidget())
    goal = fields.Field(attribute="goal", column_name="goal", widget=widgets.ForeignKeyWidget(SDGGoal, field="number"))

    class Meta:
        model = SDGIndicator
        fields = INDICATOR_COLUMNS
        export_order = INDICATOR_COLUMNS
        import_id_fields = ("evaluation_year", "code")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        evaluation = self.fields["evaluation_year"].clean(row)
        code = self.fields["code"].clean(row)
        if code:
            return SDGIndicator.objects.filter(evaluation=evaluation, code=code).first()
        lookup = {name: self.fields[name].clean(row) for name in ("goal", "text_ja")}
        return SDGIndicator.objects.filter(evaluation=evaluation, code="", **lookup).first()

    def approval_items(self, instance):
        """The cities involved: the indicator's before the change and the one its row names."""
        before = list(City.objects.filter(sdg_evaluations__indicators__pk=instance.pk)) if instance.pk else []
        return before, list(City.objects.filter(sdg_evaluations__pk=instance.evaluation_id))
