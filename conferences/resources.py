"""CSV/XLSX export and import of speakers and sessions (django-import-export), keyed by slugs."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from cities.models import City, SDGGoal
from conferences.models import Conference, Session, Speaker
from editorial.approvals import ApprovalImportResourceMixin
from editorial.stale_translations import StaleTranslationResourceMixin


class SpeakerResource(ApprovalImportResourceMixin, StaleTranslationResourceMixin, resources.ModelResource):
    city = fields.Field(attribute="city", column_name="city", widget=ForeignKeyWidget(City, field="slug"))

    class Meta:
        model = Speaker
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_ja",
            "name_en",
            "position_ja",
            "position_en",
            "organisation_ja",
            "organisation_en",
            "city",
            "biography_ja",
            "biography_en",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = False


class SessionResource(ApprovalImportResourceMixin, StaleTranslationResourceMixin, resources.ModelResource):
    approval_parent = "conference"
    conference = fields.Field(
        attribute="conference", column_name="conference", widget=ForeignKeyWidget(Conference, field="slug")
    )
    cities = fields.Field(attribute="cities", column_name="cities", widget=ManyToManyWidget(City, field="slug"))
    sdg_goals = fields.Field(
        attribute="sdg_goals", column_name="sdg_goals", widget=ManyToManyWidget(SDGGoal, field="number")
    )

    class Meta:
        model = Session
        import_id_fields = ("conference", "slug")
        fields = (
            "conference",
            "slug",
            "order",
            "kind",
            "title_ja",
            "title_en",
            "summary_ja",
            "summary_en",
            "starts_at",
            "ends_at",
            "cities",
            "sdg_goals",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("conference").prefetch_related("cities", "sdg_goals")
