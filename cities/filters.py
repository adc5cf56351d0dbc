import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.models import City, FieldOfCooperation
from pagecache.fragments import fragment_version
from yport.filters import SLUG, ExplainedEmptyListMixin, WellFormedChoiceFilter, described
from yport.forms import RenderedOnceMixin


class ContentChoiceSelect(RenderedOnceMixin, forms.Select):
    """A list filter's select of what the published content offers (countries, cities, fields…): rendered once per
    fragment version, language, value and attributes in each process, so that its choices, a query each, are read
    once too. A list's fragment varies on its whole address, so every filtered or paged address renders its filter
    form afresh: its selects no longer do. Each FilterSet has its own subclass, with its own ``rendered`` store
    (two lists' ``country`` selects offer different countries)."""

    def version(self):
        return fragment_version()


class CityFilterSelect(ContentChoiceSelect):
    rendered = {}


def published_city_countries():
    """(code, name) of the countries that have a published partner city, by name."""
    codes = set(City.objects.published().values_list("country", flat=True))
    return [(code, name) for code, name in countries if code in codes]


def fields_of_published_cities():
    return FieldOfCooperation.objects.filter(cooperations__city__in=City.objects.published()).distinct()


def _field_choices():
    return [(field.slug, field.name) for field in fields_of_published_cities()]


def is_country_code(value):
    """A country's ISO code as the site writes it (VN), whether or not a partner city is there."""
    return len(value) == 2 and value.isupper() and countries.alpha2(value) == value


def country_filter(field_name, widget):
    """``?country=``: a country's ISO code (VN) on ``field_name``; the schema lists every code it accepts."""
    return described(
        WellFormedChoiceFilter(
            label=_("Country"),
            field_name=field_name,
            lookup_expr="exact",
            choices=(),
            empty_label=_("All countries"),
            well_formed=is_country_code,
            widget=widget,
        ),
        {"type": "string", "enum": sorted(countries.countries)},
        _("ISO 3166-1 code of the country, in capitals (VN)."),
    )


class CityFilter(ExplainedEmptyListMixin, django_filters.FilterSet):
    country = country_filter("country", CityFilterSelect)
    field = WellFormedChoiceFilter(
        label=_("Field of cooperation"),
        field_name="cooperations__field__slug",
        lookup_expr="exact",
        choices=(),
        empty_label=_("All fields"),
        well_formed=SLUG,
        widget=CityFilterSelect,
    )

    class Meta:
        model = City
        fields = ("country", "field")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", published_city_countries)
        self.set_choices("field", _field_choices)

    def submitted_choice_label(self, name, value):
        return countries.name(value) if name == "country" else value

    def country_empty_message(self, value):
        return gettext("No partner cities in %(country)s.") % {"country": countries.name(value)}

    def field_empty_message(self, value):
        field = self.choice_label("field", value)
        if field is None:
            field = FieldOfCooperation.objects.filter(slug=value).values_list("name", flat=True).first() or value
        return gettext("No partner city cooperates in the field “%(field)s”.") % {"field": field}
