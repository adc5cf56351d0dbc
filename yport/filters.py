"""List filters that mean what they say: a well-formed value that matches nothing (``?year=1999``) gives an empty
list, which the list explains; only junk (``?year=abc``) is ignored, with the form's error."""

import django_filters
from django_filters.fields import ChoiceField


class WellFormedChoiceField(ChoiceField):
    """A select of the values that have matches that also accepts any other ``well_formed`` value."""

    def __init__(self, *args, well_formed, **kwargs):
        self.well_formed = well_formed
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        # The cheap test first: the choices may cost a query.
        return (isinstance(value, str) and self.well_formed(value)) or super().valid_value(value)


class WellFormedChoiceFilter(django_filters.ChoiceFilter):
    """``ChoiceFilter`` with ``well_formed=`` (a predicate on the submitted string): well-formed values filter even
    when they are not among the choices offered."""

    field_class = WellFormedChoiceField


class ExplainedEmptyListMixin:
    """A FilterSet whose empty list says why: ``empty_message()`` names the one filter in use (e.g. "No conferences
    in 1999."), or is empty when several are, for the template's general message. Each filter with a message has a
    ``<name>_empty_message(value)`` method."""

    def active_filters(self):
        data = self.form.cleaned_data if self.is_bound and hasattr(self.form, "cleaned_data") else {}
        return {name: value for name, value in data.items() if value not in (None, "", [], ())}

    def empty_message(self):
        active = self.active_filters()
        if len(active) != 1:
            return ""
        ((name, value),) = active.items()
        explain = getattr(self, f"{name}_empty_message", None)
        return explain(value) if explain else ""

    def choice_label(self, name, value):
        """The label the select shows for ``value`` of filter ``name``, or None if it offers no such choice."""
        return dict(self.form.fields[name].choices).get(value)

