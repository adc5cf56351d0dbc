"""Projects as JSON, for the API (projects/api.py). Text is in the active language; amounts are strings written
exactly ("1500000", "844"), never floats."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cities.serializers import NULLABLE_URI, CityLinkSerializer, SDGGoalSerializer, absolute
from projects.models import Project, ProjectDocument, ProjectResult

# A reference row (a field of cooperation, a financing scheme) named by its slug, or null.
NULLABLE_REFERENCE = {
    "type": "object",
    "nullable": True,
    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
}


def reference(row) -> dict | None:
    return {"slug": row.slug, "name": row.name} if row is not None else None


def amount(**kwargs):
    return serializers.DecimalField(max_digits=20, decimal_places=4, normalize_output=True, read_only=True, **kwargs)


class ProjectResultSerializer(serializers.ModelSerializer):
    value = amount(allow_null=True)
    formatted_value = serializers.CharField(read_only=True)

    class Meta:
        model = ProjectResult
        fields = ("label", "value", "approximate", "unit", "year", "formatted_value")


class ProjectDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = ProjectDocument
        fields = ("title", "url", "pdf")

    @extend_schema_field(NULLABLE_URI)
    def get_url(self, document) -> str | None:
        return document.url or None

    @extend_schema_field(NULLABLE_URI)
    def get_pdf(self, document) -> str | None:
        return absolute(self.context.get("request"), document.pdf.url) if document.pdf else None


class ProjectSerializer(serializers.ModelSerializer):
    """A published project with everything its page shows; results only for a completed project."""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    city = CityLinkSerializer(read_only=True)
    country = serializers.CharField(source="city.country.code", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    field = serializers.SerializerMethodField()
    sdg_goals = SDGGoalSerializer(many=True, read_only=True)
    sdg_targets = serializers.ListField(child=serializers.CharField(), source="target_codes", read_only=True)
    financing = serializers.SerializerMethodField()
    size_min = amount(allow_null=True)
    size_max = amount(allow_null=True)
    size_display = serializers.CharField(read_only=True)
    japanese_partners = serializers.ListField(
        child=serializers.CharField(), source="japanese_partner_list", read_only=True
    )
    results_text = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    documents = ProjectDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = (
            "slug",
            "url",
            "api_url",
            "title",
            "summary",
            "description",
            "city",
            "country",
            "stage",
            "stage_label",
            "field",
            "sdg_goals",
            "sdg_targets",
            "financing",
            "size_min",
            "size_max",
            "currency",
            "size_display",
            "counterpart",
            "japanese_partners",
            "start_date",
            "end_date",
            "results_text",
            "results",
            "documents",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, project) -> str:
        """The project's page in the answer's language."""
        return absolute(self.context.get("request"), project.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, project) -> str:
        return absolute(self.context.get("request"), reverse("api:project-detail", kwargs={"slug": project.slug}))

    @extend_schema_field(NULLABLE_REFERENCE)
    def get_field(self, project) -> dict | None:
        return reference(project.field)

    @extend_schema_field(NULLABLE_REFERENCE)
    def get_financing(self, project) -> dict | None:
        return reference(project.financing)

    def get_results_text(self, project) -> str:
        return project.results_text if project.shows_results else ""

    @extend_schema_field(ProjectResultSerializer(many=True))
    def get_results(self, project) -> list:
        results = project.results.all() if project.shows_results else []
        return ProjectResultSerializer(results, many=True, context=self.context).data
