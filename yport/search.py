"""The site search: published conferences, sessions, speakers, partner cities and projects whose text, in either
language, contains every word of the query (as ``yport.search_text`` normalises both). One query per kind, whatever
the data: each returns its first RESULTS_PER_KIND rows together with the number of all matches."""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.models import City
from conferences.models import Conference, Session, Speaker
from projects.models import Project
from yport.search_text import MAX_QUERY_LENGTH, matching

RESULTS_PER_KIND = 20


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


@dataclass
class ResultGroup:
    kind: str
    label: str
    results: list
    total: int
    # A list page that filters by the same words and shows every match, when there is one.
    list_url: str = ""

    @property
    def more(self):
        return self.total - len(self.results)


def _first_matches(queryset, words, limit):
    """The first ``limit`` matching rows and the number of all matches, in one query (a window count is computed
    before the limit applies)."""
    rows = list(matching(queryset, words).annotate(match_count=Window(Count("pk")))[:limit])
    return rows, (rows[0].match_count if rows else 0)


def search_site(words, *, limit=RESULTS_PER_KIND) -> list[ResultGroup]:
    """A group per kind, in a fixed order, for the normalised ``words`` (see ``query_words``)."""
    kinds = (
        (
            "conferences",
            Conference._meta.verbose_name_plural,
            Conference.objects.published().order_by("-start_date", "-pk"),
            "conferences:conference_list",
        ),
        (
            "sessions",
            Session._meta.verbose_name_plural,
            Session.objects.published()
            .select_related("conference")
            .order_by("-conference__start_date", "conference", "order", "pk"),
            "",
        ),
        (
            "speakers",
            Speaker._meta.verbose_name_plural,
            Speaker.objects.published().select_related("city").order_by("slug"),
            "conferences:speaker_list",
        ),
        ("cities", City._meta.verbose_name_plural, City.objects.published().order_by("name", "pk"), ""),
        (
            "projects",
            Project._meta.verbose_name_plural,
            Project.objects.published().select_related("city").order_by("city__name", "city__pk", "order", "slug"),
            "projects:project_list",
        ),
    )
    groups = []
    for kind, label, queryset, list_view in kinds:
        results, total = _first_matches(queryset, words, limit)
        groups.append(ResultGroup(kind, label, results, total, reverse(list_view) if list_view else ""))
    return groups
