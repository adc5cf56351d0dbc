import functools

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City
from conferences.models import Conference, ConferenceFormat, Session, Speaker

SEARCH_MAX_LENGTH = 100


def _published_years():
    days = Conference.objects.published().dates("start_date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in days]


def _search(queryset, field_names, value):
    condition = Q()
    for word in value.split()[:10]:
        word_condition = Q()
        for name in field_names:
            word_condition |= Q(**{f"{name}__icontains": word})
        condition &= word_condition
    return queryset.filter(condition)


def search_filter():
    """``?q=``: words that must each appear in one of the FilterSet's ``search`` fields, in either language."""
    return django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class ConferenceFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="start_date", lookup_expr="year", choices=())
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
        # One query for the years, however often the form iterates the choices, and none unless it does (a list
        # whose rendering is cached needs none).
        year = self.filters["year"]
        year.extra["choices"] = functools.cache(_published_years)
        # A form field built before (the API's schema builds the class's own) would keep its old, empty choices.
        year.__dict__.pop("_field", None)

    def search(self, queryset, name, value):
        return _search(
            queryset,
            ("title_ja", "title_en", "theme_ja", "theme_en", "description_ja", "description_en"),
            value,
        )


class SpeakerFilterSet(django_filters.FilterSet):
    organisation = django_filters.CharFilter(
        label=_("Organisation"), method="filter_organisation", max_length=SEARCH_MAX_LENGTH
    )
    city = django_filters.ModelChoiceFilter(
        label=_("Partner city"),
        field_name="city",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=City.objects.published(),
    )
    q = search_filter()

    class Meta:
        model = Speaker
        fields = ("q", "organisation", "city")

    def filter_organisation(self, queryset, name, value):
        return _search(queryset, ("organisation_ja", "organisation_en"), value)

    def search(self, queryset, name, value):
        return _search(
            queryset,
            ("name_ja", "name_en", "position_ja", "position_en", "organisation_ja", "organisation_en"),
            value,
        )


class SessionFilterSet(django_filters.FilterSet):
    """The API's session list (the site has no page listing sessions): by conference or partner city."""

    conference = django_filters.ModelChoiceFilter(
        label=_("Conference"),
        field_name="conference",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=lambda request: Conference.objects.published(),  # published as of the request
    )
    city = django_filters.ModelChoiceFilter(
        label=_("Partner city"),
        field_name="cities",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=lambda request: City.objects.published(),
    )

    class Meta:
        model = Session
        fields = ("conference", "city")
