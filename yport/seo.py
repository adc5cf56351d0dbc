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


def canonical_query(query, keep=(), paginated=False) -> str:
    """The query string a canonical link keeps: the parameters named in ``keep`` that have a value (sorted, so that
    their order does not make two addresses), and on a ``paginated`` page ``page`` past the first page. Everything
    else (tracking parameters and the like) is dropped, and so is a value too long to be a real filter."""
    pairs = []
    for name in sorted(set(keep)):
        for value in query.getlist(name):
            if value.strip() and len(value) <= MAX_CANONICAL_VALUE_LENGTH:
                pairs.append((name, value.strip()))
    page = query.get("page", "")
    if paginated and PAGE_NUMBER.fullmatch(page) and int(page) > 1:
        pairs.append(("page", int(page)))
    return urlencode(pairs)


def canonical_url(request, keep=(), paginated=False) -> str:
    query = canonical_query(request.GET, keep, paginated)
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


def without_empty(data: dict) -> dict:
    """``data`` without the keys whose value is empty (schema.org readers prefer a missing property to "")."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}
