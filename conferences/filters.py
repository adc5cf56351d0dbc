import django_filters
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City
from conferences.models import Conference, ConferenceFormat, Session, Speaker
from yport.filters import (
    SLUG,
    ExplainedEmptyListMixin,
    SearchTextMixin,
    Shape,
    SlugFilter,
    WellFormedChoiceFilter,
    described,
    search_filter,
)
from yport.publishing import published_now_condition
from yport.search_text import MAX_QUERY_LENGTH

SEARCH_MAX_LENGTH = MAX_QUERY_LENGTH
# Any year written with four digits, whether or not a conference started in it (then the list is empty).
YEAR = Shape(pattern="[1-9][0-9]{3}", schema={"type": "integer", "minimum": 1000, "maximum": 9999})


def _published_years():
    days = Conference.objects.published().dates("start_date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in days]


def _published_cities():
    return [(city.slug, city.name) for city in City.objects.published().order_by("name", "pk")]


def _search(queryset, field_names, value):
    condition = Q()
    for word in value.split()[:10]:
        word_condition = Q()
        for name in field_names:
            word_condition |= Q(**{f"{name}__icontains": word})
        condition &= word_condition
    return queryset.filter(condition)


class ConferenceFilterSet(ExplainedEmptyListMixin, SearchTextMixin, django_filters.FilterSet):
    year = described(
        WellFormedChoiceFilter(
            label=_("Year"), field_name="start_date", lookup_expr="year", choices=(), well_formed=YEAR
        ),
        YEAR.schema,
        _("Year the conference started in; a year without conferences gives an empty list."),
    )
    format = django_filters.ChoiceFilter(
        label=pgettext_lazy("conference", "Format"),
        field_name="format",
        lookup_expr="exact",
        choices=ConferenceFormat.choices,
    )
    q = search_filter()

    class Meta:
        model = Conference
        fields = ("year", "format", "q")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("year", _published_years)

    def year_empty_message(self, value):
        return gettext("No conferences in %(year)s.") % {"year": value}


class SpeakerFilterSet(ExplainedEmptyListMixin, SearchTextMixin, django_filters.FilterSet):
    organisation = described(
        django_filters.CharFilter(label=_("Organisation"), method="filter_organisation", max_length=SEARCH_MAX_LENGTH),
        {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
    )
    city = WellFormedChoiceFilter(label=_("Partner city"), method="filter_city", choices=(), well_formed=SLUG)
    q = search_filter()

    class Meta:
        model = Speaker
        fields = ("q", "organisation", "city")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("city", _published_cities)

    def filter_organisation(self, queryset, name, value):
        return _search(queryset, ("organisation_ja", "organisation_en"), value)

    def filter_city(self, queryset, name, value):
        # Only published cities: a draft city's slug must not tell its speakers apart.
        return queryset.filter(published_now_condition("city__"), city__slug=value)

    def city_empty_message(self, value):
        city = self.choice_label("city", value)
        if city is None:
            return gettext("There is no partner city “%(city)s”.") % {"city": value}
        return gettext("No speakers from %(city)s.") % {"city": city}


class SessionFilterSet(django_filters.FilterSet):
    """The API's session list (the site has no page listing sessions): by conference or partner city, each named by
    its slug; a slug that names no published one gives an empty list, as the list pages' filters do."""

    # The list has only sessions of published conferences.
    conference = SlugFilter(label=_("Conference"), field_name="conference__slug", lookup_expr="exact")
    city = SlugFilter(label=_("Partner city"), method="filter_city")

    class Meta:
        model = Session
        fields = ("conference", "city")

    def filter_city(self, queryset, name, value):
        # Only published cities, as for the speakers.
        return queryset.filter(published_now_condition("cities__"), cities__slug=value)
