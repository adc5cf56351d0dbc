import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.models import City, FieldOfCooperation


def published_city_countries():
    """(code, name) of the countries that have a published partner city, by name."""
    codes = set(City.objects.published().values_list("country", flat=True))
    return [(code, name) for code, name in countries if code in codes]


def fields_of_published_cities():
    return FieldOfCooperation.objects.filter(cooperations__city__in=City.objects.published()).distinct()


class CityFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="country",
        lookup_expr="exact",
        choices=published_city_countries,
        empty_label=_("All countries"),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of cooperation"),
        field_name="cooperations__field",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=lambda request: fields_of_published_cities(),
        empty_label=_("All fields"),
    )

    class Meta:
        model = City
        fields = ("country", "field")
