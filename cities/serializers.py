"""Partner cities as JSON, for the API (cities/api.py) and the open-data downloads (cities/opendata.py).

Text is in the active language; decimal figures are strings written exactly ("1195490", "9.5"), never floats."""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cities.models import (
    DEFAULT_UNITS,
    City,
    CityCooperation,
    IndicatorDirection,
    KeyFigure,
    KeyFigureUnit,
    SDGEvaluation,
    SDGGoal,
    SDGIndicator,
    VoluntaryLocalReview,
)


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}


def figure(**kwargs):
    return serializers.DecimalField(max_digits=20, decimal_places=4, normalize_output=True, read_only=True, **kwargs)


class KeyFigureSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    value = figure()
    value_max = figure(allow_null=True)
    unit = serializers.SerializerMethodField()
    unit_label = serializers.SerializerMethodField()
    formatted_value = serializers.CharField(read_only=True)

    class Meta:
        model = KeyFigure
        fields = (
            "kind",
            "label",
            "value",
            "value_max",
            "unit",
            "unit_label",
            "formatted_value",
            "reference_year",
            "source",
        )

    def get_label(self, key_figure) -> str:
        """The figure's name as its page shows it (the kind's name unless it has a label of its own)."""
        return capfirst(key_figure.display_label)

    @staticmethod
    def effective_unit(key_figure):
        return KeyFigureUnit(key_figure.unit or DEFAULT_UNITS.get(key_figure.kind, KeyFigureUnit.NUMBER))

    @extend_schema_field(serializers.ChoiceField(choices=KeyFigureUnit.choices))
    def get_unit(self, key_figure) -> str:
        return self.effective_unit(key_figure).value

    def get_unit_label(self, key_figure) -> str:
        return str(self.effective_unit(key_figure).label)


class SDGGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = SDGGoal
        fields = ("number", "short_name", "colour")


class SDGIndicatorSerializer(serializers.ModelSerializer):
    """An indicator of an evaluation; ``year`` is the year of its value (its own, else the evaluation's)."""

    rating_label = serializers.CharField(source="get_rating_display", read_only=True)
    goal = SDGGoalSerializer(read_only=True, allow_null=True)
    code = serializers.SerializerMethodField()
    value = figure(allow_null=True)
    year = serializers.IntegerField(source="value_year", read_only=True, allow_null=True)
    direction = serializers.ChoiceField(
        choices=IndicatorDirection.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Higher or lower is better; empty when not said."),
    )
    source_url = serializers.SerializerMethodField()
    baseline_value = figure(allow_null=True)
    target_value = figure(allow_null=True)

    class Meta:
        model = SDGIndicator
        fields = (
            "code",
            "text",
            "rating",
            "rating_label",
            "goal",
            "value",
            "unit",
            "year",
            "direction",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "source",
            "source_url",
        )

    @extend_schema_field({"type": "string", "nullable": True})
    def get_code(self, indicator) -> str | None:
        return indicator.code or None

    @extend_schema_field(NULLABLE_URI)
    def get_source_url(self, indicator) -> str | None:
        return indicator.source_url or None


class SDGEvaluationSerializer(serializers.ModelSerializer):
    indicators = SDGIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = SDGEvaluation
        fields = (
            "title",
            "year",
            "method",
            "goals_assessed",
            "high_count",
            "medium_count",
            "low_count",
            "indicators",
        )


class VoluntaryLocalReviewSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    url = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = VoluntaryLocalReview
        fields = ("title", "year", "state", "state_label", "url", "pdf")

    @extend_schema_field(NULLABLE_URI)
    def get_url(self, review) -> str | None:
        return review.url or None

    @extend_schema_field(NULLABLE_URI)
    def get_pdf(self, review) -> str | None:
        return absolute(self.context.get("request"), review.pdf.url) if review.pdf else None


class CityCooperationSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="field.slug", read_only=True)
    name = serializers.CharField(source="field.name", read_only=True)

    class Meta:
        model = CityCooperation
        fields = ("slug", "name", "start_year", "end_year", "note")


class CityLinkSerializer(serializers.ModelSerializer):
    """A city named from another resource (a session, a speaker)."""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = City
        fields = ("slug", "name", "url", "api_url")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, city) -> str:
        """The city's page in the answer's language."""
        return absolute(self.context.get("request"), city.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, city) -> str:
        return absolute(self.context.get("request"), reverse("api:city-detail", kwargs={"slug": city.slug}))


class CityDataSerializer(CityLinkSerializer):
    """A city's open data: its key figures and SDG self-evaluations (the JSON download)."""

    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    key_figures = KeyFigureSerializer(many=True, read_only=True)
    sdg_evaluations = SDGEvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = City
        fields = ("slug", "name", "url", "api_url", "country", "country_name", "key_figures", "sdg_evaluations")


class CitySerializer(CityDataSerializer):
    """Everything the city's page shows, with links to its downloads."""

    development_sectors = serializers.ListField(
        child=serializers.CharField(), source="development_sector_list", read_only=True
    )
    cooperation_since = serializers.SerializerMethodField()
    fields_of_cooperation = CityCooperationSerializer(many=True, read_only=True, source="cooperations")
    vlrs = VoluntaryLocalReviewSerializer(many=True, read_only=True)
    projects = serializers.SerializerMethodField()
    projects_url = serializers.SerializerMethodField()
    data_csv_url = serializers.SerializerMethodField()
    data_json_url = serializers.SerializerMethodField()

    class Meta:
        model = City
        fields = (
            "slug",
            "name",
            "url",
            "api_url",
            "country",
            "country_name",
            "summary",
            "vision",
            "development_sectors",
            "cooperation_since",
            "agreement_name",
            "key_figures",
            "sdg_evaluations",
            "fields_of_cooperation",
            "projects",
            "projects_url",
            "vlrs",
            "data_csv_url",
            "data_json_url",
        )

    @extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "nullable": True, "example": "2013-04"})
    def get_cooperation_since(self, city) -> str | None:
        """Year and month only, as the page shows it."""
        return city.cooperation_since.strftime("%Y-%m") if city.cooperation_since else None

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "title": {"type": "string"},
                    "stage": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "api_url": {"type": "string", "format": "uri"},
                },
            },
        }
    )
    def get_projects(self, city) -> list:
        """The city's published projects, in brief (``api_url`` has each in full)."""
        request = self.context.get("request")
        return [
            {
                "slug": project.slug,
                "title": project.title,
                "stage": project.stage,
                "url": absolute(request, project.get_absolute_url()),
                "api_url": absolute(request, reverse("api:project-detail", kwargs={"slug": project.slug})),
            }
            for project in getattr(city, "public_projects", ())
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_projects_url(self, city) -> str:
        """The city's published projects in the API (``/api/v1/projects/?city=<slug>``)."""
        return absolute(self.context.get("request"), f"{reverse('api:project-list')}?city={city.slug}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_data_csv_url(self, city) -> str:
        return absolute(self.context.get("request"), reverse("cities:city_data_csv", kwargs={"slug": city.slug}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_data_json_url(self, city) -> str:
        return absolute(self.context.get("request"), reverse("cities:city_data_json", kwargs={"slug": city.slug}))
