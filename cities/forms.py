from django import forms
from django.utils.translation import gettext_lazy as _

# At most this many ``city`` parameters are read; the rest of a longer address is ignored (there are not that many
# partner cities, and a request should not make the page do unbounded work).
MAX_CITY_PARAMETERS = 200


class KnownChoicesField(forms.MultipleChoiceField):
    """Keeps the known choices, in the order of the choices, and leaves the unknown ones for the form to report,
    instead of refusing the whole selection for one stale or mistyped slug."""

    def validate(self, value):
        pass

    def clean(self, value):
        values = self.to_python(value)[:MAX_CITY_PARAMETERS]
        known = {slug for slug, _name in self.choices}
        self.unknown = [slug for slug in dict.fromkeys(values) if slug not in known]
        chosen = set(values)
        return [slug for slug, _name in self.choices if slug in chosen]


class CityComparisonForm(forms.Form):
    """The cities to compare (GET, checkboxes, works without JavaScript). None chosen: all published cities."""

    city = KnownChoicesField(
        label=_("Cities to compare"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to compare all partner cities."),
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [(city.slug, city.name) for city in cities]

    def unknown_cities(self):
        return getattr(self.fields["city"], "unknown", [])
