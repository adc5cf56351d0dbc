import django_filters
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.filters import ContentChoiceSelect, country_filter
from cities.models import SDGGoal
from projects.models import FinancingScheme, Project, ProjectStage
from yport.filters import (
    SLUG,
    ExplainedEmptyListMixin,
    SearchTextMixin,
    Shape,
    WellFormedChoiceFilter,
    search_filter,
)
from yport.publishing import published_now_condition


class ProjectFilterSelect(ContentChoiceSelect):
    rendered = {}


# An SDG goal's number, 1 to 17.
GOAL_NUMBER = Shape(pattern="[1-9]|1[0-7]", schema={"type": "integer", "minimum": 1, "maximum": 17})


def published_projects():
    return Project.objects.published()


def _city_choices():
    rows = published_projects().order_by("city__name", "city__slug").values_list("city__slug", "city__name")
    return list(dict.fromkeys(rows))


def _country_choices():
    codes = set(published_projects().values_list("city__country", flat=True))
    return [(code, name) for code, name in countries if code in codes]


def _field_choices():
    rows = (
        published_projects()
        .filter(field__isnull=False)
        .order_by("field__order", "field__slug")
        .values_list("field__slug", "field__name")
    )
    return list(dict.fromkeys(rows))


def _goal_choices():
    goals = SDGGoal.objects.filter(projects__in=published_projects()).distinct().order_by("number")
    return [(str(goal.number), str(goal)) for goal in goals]


def _financing_choices():
    schemes = FinancingScheme.objects.filter(projects__in=published_projects()).distinct().order_by("order", "slug")
    return [(scheme.slug, scheme.name) for scheme in schemes]


class ProjectFilterSet(ExplainedEmptyListMixin, SearchTextMixin, django_filters.FilterSet):
    """The project list's filters (the page and the API): each offers the values that published projects have."""

    q = search_filter()
    city = WellFormedChoiceFilter(
        label=_("Partner city"),
        method="filter_city",
        choices=(),
        empty_label=_("All cities"),
        widget=ProjectFilterSelect,
        well_formed=SLUG,
    )
    country = country_filter("city__country", ProjectFilterSelect)
    stage = django_filters.ChoiceFilter(
        label=pgettext_lazy("project", "Stage"),
        field_name="stage",
        lookup_expr="exact",
        choices=ProjectStage.choices,
        empty_label=_("All stages"),
        widget=ProjectFilterSelect,
    )
    field = WellFormedChoiceFilter(
        label=_("Field of cooperation"),
        field_name="field__slug",
        lookup_expr="exact",
        choices=(),
        empty_label=_("All fields"),
        widget=ProjectFilterSelect,
        well_formed=SLUG,
    )
    sdg = WellFormedChoiceFilter(
        label=_("SDG goal"),
        field_name="sdg_goals__number",
        lookup_expr="exact",
        choices=(),
        empty_label=_("All goals"),
        widget=ProjectFilterSelect,
        well_formed=GOAL_NUMBER,
    )
    financing = WellFormedChoiceFilter(
        label=_("Financing"),
        field_name="financing__slug",
        lookup_expr="exact",
        choices=(),
        empty_label=_("All financing schemes"),
        widget=ProjectFilterSelect,
        well_formed=SLUG,
    )

    class Meta:
        model = Project
        fields = ("q", "city", "country", "stage", "field", "sdg", "financing")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("city", _city_choices)
        self.set_choices("country", _country_choices)
        self.set_choices("field", _field_choices)
        self.set_choices("sdg", _goal_choices)
        self.set_choices("financing", _financing_choices)

    def filter_city(self, queryset, name, value: str):  # the hint gives the API schema a string, not an id
        # Only published cities: a draft city's slug must not tell its projects apart.
        return queryset.filter(published_now_condition("city__"), city__slug=value)

    def submitted_choice_label(self, name, value):
        return countries.name(value) if name == "country" else value

    def city_empty_message(self, value):
        city = self.choice_label("city", value)
        if city is None:
            return gettext("No published projects in a partner city “%(city)s”.") % {"city": value}
        return gettext("No projects in %(city)s.") % {"city": city}

    def country_empty_message(self, value):
        return gettext("No projects in %(country)s.") % {"country": countries.name(value)}

    def stage_empty_message(self, value):
        return gettext("No projects at the stage “%(stage)s”.") % {"stage": ProjectStage(value).label}

    def field_empty_message(self, value):
        return gettext("No projects in the field “%(field)s”.") % {"field": self.choice_label("field", value) or value}

    def sdg_empty_message(self, value):
        return gettext("No projects for SDG %(goal)s.") % {"goal": value}

    def financing_empty_message(self, value):
        label = self.choice_label("financing", value) or value
        return gettext("No projects financed through “%(financing)s”.") % {"financing": label}
