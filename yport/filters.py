"""List filters that mean what they say: a well-formed value that matches nothing (``?year=1999``) gives an empty
list, which the list explains; only junk (``?year=abc``) is ignored, with the form's error."""

import functools
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.urls.converters import SlugConverter
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField
from drf_spectacular.utils import extend_schema_field

from yport.search_text import MAX_QUERY_LENGTH, matching, query_words

# Slugs are at most this long (every model's SlugField).
SLUG_MAX_LENGTH = 80


@dataclass(frozen=True)
class Shape:
    """What a well-formed value of a filter looks like, written once for both readers: the filter tests a submitted
    string with it, and the API's schema tells clients (``schema``, OpenAPI) what the filter accepts."""

    pattern: str
    schema: dict

    def __call__(self, value) -> bool:
        return isinstance(value, str) and re.fullmatch(self.pattern, value, re.ASCII) is not None


# Django's slug (its URL converter's pattern), as long as a slug field allows.
SLUG = Shape(
    pattern=f"(?={SlugConverter.regex}$).{{1,{SLUG_MAX_LENGTH}}}",
    schema={"type": "string", "pattern": f"^{SlugConverter.regex}$", "maxLength": SLUG_MAX_LENGTH},
)


class WellFormedChoiceField(ChoiceField):
    """A select of the values that have matches that also accepts any other ``well_formed`` value."""

    def __init__(self, *args, well_formed, **kwargs):
        self.well_formed = well_formed
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        # The cheap test first: the choices may cost a query.
        return (isinstance(value, str) and self.well_formed(value)) or super().valid_value(value)


class WellFormedChoiceFilter(django_filters.ChoiceFilter):
    """``ChoiceFilter`` with ``well_formed=`` (a predicate on the submitted string; a ``Shape`` also gives the API's
    schema): well-formed values filter even when they are not among the choices offered."""

    field_class = WellFormedChoiceField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        described(self, getattr(self.extra["well_formed"], "schema", None))


class SlugFilter(django_filters.CharFilter):
    """A slug (``SLUG``) that filters whether or not anything has it: an unknown one gives an empty list, a value
    that cannot be a slug the field's error."""

    field_class = forms.SlugField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SLUG_MAX_LENGTH)
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)
        described(self, SLUG.schema)


def described(filter, schema, description=None):
    """Tells the API's schema what ``filter`` accepts (``schema``, OpenAPI), and what it means (``description``,
    else its label). Returns the filter."""
    if schema is not None:
        extra = {"description": description or filter.label} if (description or filter.label) else {}
        extend_schema_field({**schema, **extra})(filter)
    return filter


class ExplainedEmptyListMixin:
    """A FilterSet whose empty list says why: ``empty_message()`` names the one filter in use (e.g. "No conferences
    in 1999."), or is empty when several are, for the template's general message. Each filter with a message has a
    ``<name>_empty_message(value)`` method."""

    def set_choices(self, name, choices):
        """The choices of filter ``name``: ``choices()`` worked out once, however often the form iterates them, and
        only if it does (a list whose rendering is cached needs none); a submitted well-formed value that is not
        among them is added, so that the select shows the filter in use and submitting the form again keeps it."""
        submitted = self.data.get(name, "") if self.data is not None else ""
        well_formed = self.filters[name].extra["well_formed"]
        offered_choices = functools.cache(choices)
        self.offered_choices = {**getattr(self, "offered_choices", {}), name: offered_choices}

        def with_submitted():
            offered = list(offered_choices())
            if isinstance(submitted, str) and well_formed(submitted) and submitted not in dict(offered):
                offered.append((submitted, self.submitted_choice_label(name, submitted)))
            return offered

        self.filters[name].extra["choices"] = functools.cache(with_submitted)
        # A form field built before (the API's schema builds the class's own) would keep its old choices.
        self.filters[name].__dict__.pop("_field", None)

    def submitted_choice_label(self, name, value):
        return value

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
        """The label of ``value`` among the choices offered for filter ``name`` (those with matches), or None."""
        return dict(self.offered_choices[name]()).get(value)


def search_filter():
    """``?q=``: words that must each appear in the text the site search finds a row by, in either language and
    normalised as it normalises them (so the list finds what the site search finds). The FilterSet takes
    ``SearchTextMixin``."""
    return described(
        django_filters.CharFilter(
            label=_("Search"),
            method="search",
            max_length=MAX_QUERY_LENGTH,
            widget=forms.TextInput(attrs={"type": "search"}),
        ),
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        _("Words that must each appear (in either language)."),
    )


class SearchTextMixin:
    def search(self, queryset, name, value):
        return matching(queryset, query_words(value))
