"""What search engines, link previews and calendars read: absolute addresses on the site's own address
(``SITE_URL``), canonical links, schema.org JSON-LD and the breadcrumbs it describes."""

import json
import re
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from yport.query_parameters import understood_parameters

# Open Graph writes locales as language_TERRITORY.
OPEN_GRAPH_LOCALES = {"ja": "ja_JP", "en": "en_US"}

# What json_script escapes: a "</script>" or "<!--" in the content cannot end or confuse the data block.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

MAX_CANONICAL_VALUE_LENGTH = 100
PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


def site_host() -> str:
    """The site's host name, for identifiers that must outlive renames (calendar UIDs, feed entry ids)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(url: str) -> str:
    """``url`` (a path such as /ja/conferences/, or already absolute) on the site's address."""
    if not url:
        return ""
    return urljoin(settings.SITE_URL + "/", url)


def page_query(request) -> str:
    """The query string of the page's own address, which its canonical link and its hreflang alternates share: the
    parameters its view understands (``yport.query_parameters``) that have a valid value (a list's filters as its
    FilterSet's form accepts them, ``page`` past the first page, any other a non-empty value short enough to be a
    real one), one value each, sorted by name. Junk (``?year=abc``), tracking parameters and empty filters are
    dropped. Worked out once per request; a list view that built its FilterSet hands it over
    (``PageQueryFilterSetMixin``), so that the query is validated once."""
    if not hasattr(request, "_yport_page_query"):
        request._yport_page_query = urlencode(_page_parameters(request))
    return request._yport_page_query


def _page_parameters(request):
    query = request.GET
    match = getattr(request, "resolver_match", None)
    if match is None or not query:
        return []
    view = getattr(match.func, "view_class", match.func)
    filterset_class = getattr(view, "filterset_class", None)
    accepted = {}
    if filterset_class is not None:
        filterset = getattr(request, "_yport_filterset", None) or filterset_class(query)
        form = filterset.form
        form.is_valid()
        accepted = {name: value for name, value in form.cleaned_data.items() if value not in (None, "", [], ())}
    page_kwarg = getattr(view, "page_kwarg", "page") if getattr(view, "paginate_by", None) else None
    pairs = []
    for name in sorted(understood_parameters(view) & query.keys()):
        value = query.get(name, "").strip()
        if name == page_kwarg:
            if PAGE_NUMBER.fullmatch(value) and int(value) > 1:
                pairs.append((name, int(value)))
        elif filterset_class is not None and name in filterset_class.base_filters:
            if name in accepted:
                pairs.append((name, value))
        elif value and len(value) <= MAX_CANONICAL_VALUE_LENGTH:
            pairs.append((name, value))
    return pairs


class PageQueryFilterSetMixin:
    """For a django-filter ``FilterView``: ``page_query`` reads the view's own FilterSet, already validated, rather
    than building and validating a second one (whose choices can cost a query)."""

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        self.request._yport_filterset = filterset
        return filterset


def canonical_url(request) -> str:
    query = page_query(request)
    return absolute_url(request.path) + (f"?{query}" if query else "")


def json_ld(data) -> str:
    """``data`` as a ``<script type="application/ld+json">`` data block, escaped as Django's json_script does. The
    Content Security Policy allows it: a browser never runs a script of this type."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(f'<script type="application/ld+json">{text.translate(JSON_SCRIPT_ESCAPES)}</script>')


def breadcrumb_list(*crumbs) -> dict:
    """A schema.org BreadcrumbList from the home page through ``crumbs``, each a (name, path or URL) pair."""
    items = [(gettext("Home"), reverse("home")), *crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute_url(url)}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


DESCRIPTION_LIMIT = 500
# A sentence ends at 。！？ (Japanese, no space follows) or at . ! ? followed by white space.
SENTENCE_END = re.compile(r"[。．！？]|[.!?](?=\s)")


def description_excerpt(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` for a schema.org ``description``: whole when it has at most ``limit`` characters, otherwise cut to
    at most ``limit`` characters ending in "…" — after the last sentence end, else at the last space (both only in
    the second half, so little is lost), else (Japanese has no spaces) between two characters."""
    text = text.strip()
    if len(text) <= limit:
        return text
    room = limit - 1  # the ellipsis takes one character
    sentence_ends = [match.end() for match in SENTENCE_END.finditer(text[: limit + 1]) if match.end() <= room]
    if sentence_ends and sentence_ends[-1] >= limit // 2:
        return text[: sentence_ends[-1]] + "…"
    space = max(text.rfind(" ", 0, room + 1), text.rfind("\n", 0, room + 1))
    if space >= limit // 2:
        return text[:space].rstrip(" \n,;:、") + "…"
    return text[:room] + "…"


def without_empty(data: dict) -> dict:
    """``data`` without the keys whose value is empty (schema.org readers prefer a missing property to "")."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}
