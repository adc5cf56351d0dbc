"""The query parameters each public page understands, and the request narrowed to them.

Each view declares what it reads: a list through its FilterSet (its filters) and its pagination (``page``), any
other view through ``query_parameters`` (the search: ``("q",)``); a view that declares nothing reads none. Before a
public page is looked up in the page cache or rendered, its query string is narrowed to those parameters, sorted by
name (``PageCacheMiddleware``). The view, its template (pagination links, language switcher, canonical link, cached
fragments) and the page cache all see the same narrowed address, so a tracking parameter (``?utm_source=…``) or any
other unknown one neither changes the page nor stores another copy of it. The address as requested stays readable
(``requested_query_string``) for a redirect to a page's new address.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.core.signals import setting_changed
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation

REQUESTED_QUERY_STRING = "yport.requested_query_string"


def understood_parameters(view) -> frozenset[str]:
    """The query parameters ``view`` (a view class or function) reads."""
    declared = getattr(view, "query_parameters", None)
    if declared is not None:
        return frozenset(declared)
    names = set()
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names.update(filterset_class.base_filters)
    if getattr(view, "paginate_by", None):
        names.add(getattr(view, "page_kwarg", "page"))
    return frozenset(names)


@lru_cache(maxsize=4096)
def parameters_for_path(urlconf, path_info) -> frozenset[str] | None:
    """What the view at ``path_info`` (a language-prefixed path) understands; None for an address that matches no
    view (left as it is: its 404 is never stored)."""
    language = translation.get_language_from_path(path_info)
    if language is None:
        return None
    with translation.override(language):
        try:
            match = resolve(path_info, urlconf)
        except Resolver404:
            return None
    return understood_parameters(getattr(match.func, "view_class", match.func))


def forget_resolved_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        parameters_for_path.cache_clear()


setting_changed.connect(forget_resolved_paths, dispatch_uid="yport.query_parameters.urlconf")


def narrow_query(request):
    """Narrow the query string of ``request`` (a GET or HEAD of a public page) to the parameters its view
    understands, sorted by name."""
    query_string = request.META.get("QUERY_STRING", "")
    if not query_string:
        return
    understood = parameters_for_path(getattr(request, "urlconf", None) or settings.ROOT_URLCONF, request.path_info)
    if understood is None:
        return
    try:
        query = request.GET
    except TooManyFieldsSent:  # junk, not a page's filters: the page as without it
        query = QueryDict()
    narrowed = urlencode([(name, value) for name in sorted(understood & query.keys()) for value in query.getlist(name)])
    if narrowed != query_string:
        request.META[REQUESTED_QUERY_STRING] = query_string
        request.META["QUERY_STRING"] = narrowed
        request.GET = QueryDict(narrowed, encoding=request.encoding)


def requested_query_string(request) -> str:
    """The query string as the client sent it, before ``narrow_query``."""
    return request.META.get(REQUESTED_QUERY_STRING, request.META.get("QUERY_STRING", ""))
