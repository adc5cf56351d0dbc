"""Parts of public pages rendered once per content change instead of once per request.

Templates wrap their expensive parts in Django's ``{% cache %}`` tag, which keeps them in the ``template_fragments``
cache (in each app server's memory, see settings) under a key that varies on ``fragment_version``: a new version,
after any change to the content, makes every fragment render afresh on its next request. With the page cache on, the
version also changes at the next publish-window boundary (``pagecache.lifetime``), the moment whole pages expire too,
so a window that opens or closes without anyone saving shows at once. With the page cache off it changes every
PAGE_CACHE_SECONDS (a minute) instead, which costs no query to know.

The content generation is the page cache's (``pagecache.generation.content_generation``): shared by every app server,
changed after every committed change; each process also drops its fragments at once when it saves content itself.
While the shared cache is down nothing is reused.
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.generic.base import ContextMixin

from pagecache import lifetime
from pagecache.generation import content_generation, content_version
from pagecache.sessions import carries_a_session


def fragment_version(now: float | None = None) -> str:
    """What every cached fragment's key varies on: the content version (``content_version``) and, with the page
    cache on, the next publish-window boundary; with it off, the current period of PAGE_CACHE_SECONDS."""
    now = lifetime.now() if now is None else now
    generation = content_generation()
    if generation is None:  # the shared cache is down: no change could be told, so nothing is reused
        return uuid.uuid4().hex
    version = content_version(generation)
    if settings.PAGE_CACHE:
        return f"{version}.{lifetime.content_valid_until(version, now)}"
    return f"{version}.p{int(now // settings.PAGE_CACHE_SECONDS)}"


def request_fragment_version(request) -> str:
    """``fragment_version()`` as of the request's first call, so that its view and its template agree."""
    if not hasattr(request, "fragment_version"):
        request.fragment_version = fragment_version()
    return request.fragment_version


def kept_fragment(name: str, *vary_on):
    """What is kept as the fragment ``name`` for ``vary_on`` (keyed as ``{% cache %}`` keys it), or None."""
    return caches["template_fragments"].get(make_template_fragment_key(name, vary_on))


def keep_fragment(name: str, *vary_on, value, timeout=DEFAULT_TIMEOUT) -> None:
    """Keeps ``value`` as the fragment ``name`` for ``vary_on``, beside the templates' ``{% cache %}`` fragments."""
    caches["template_fragments"].set(make_template_fragment_key(name, vary_on), value, timeout)


def is_fragment_cached(name: str, *vary_on) -> bool:
    """Whether the ``{% cache %}`` fragment ``name`` is cached for ``vary_on`` (the tag's arguments after the
    timeout and name): a view skips fetching what only that fragment shows."""
    return caches["template_fragments"].has_key(make_template_fragment_key(name, vary_on))


class FragmentListMixin:
    """A list view whose template caches all it shows of the list as ``{% cache … fragment_name fragment_version
    LANGUAGE_CODE request.get_full_path %}``: while that is cached, no filter, query or page of the list is built."""

    fragment_name = ""

    def get(self, request, *args, **kwargs):
        vary_on = (request_fragment_version(request), get_language(), request.get_full_path())
        if is_fragment_cached(self.fragment_name, *vary_on):
            self.object_list = None
            return self.render_to_response(ContextMixin.get_context_data(self))
        return super().get(request, *args, **kwargs)


class FragmentDetailMixin:
    """A detail view whose template caches the object's part as ``{% cache … fragment_name fragment_version
    LANGUAGE_CODE request.path … %}`` (with ``fragment_vary_on()``'s values after ``request.path``): what only that
    part shows, ``fragment_prefetch_lookups()``, is fetched only while it is not cached (``fragment_cached`` says
    which, for the view's context).

    For visitors without a session the object itself is kept beside the fragments, under the same version, so that
    while nothing changes such a page costs no query at all (a missing object, a 404, is looked up every time).
    Signed-in staff, who may see drafts, always fetch it."""

    fragment_name = ""

    def fragment_vary_on(self, obj):
        return ()

    def fragment_prefetch_lookups(self):
        return ()

    def get_object(self, queryset=None):
        obj = self.kept_object(queryset)
        vary_on = (request_fragment_version(self.request), get_language(), self.request.path)
        self.fragment_cached = is_fragment_cached(self.fragment_name, *vary_on, *self.fragment_vary_on(obj))
        if not self.fragment_cached:
            prefetch_related_objects([obj], *self.fragment_prefetch_lookups())
        return obj

    def kept_object(self, queryset=None):
        if queryset is not None or carries_a_session(self.request):
            return super().get_object(queryset)
        vary_on = (f"{self.fragment_name}-object", request_fragment_version(self.request), self.request.path)
        obj = kept_fragment(*vary_on)
        if obj is None:
            obj = super().get_object(queryset)
            keep_fragment(*vary_on, value=obj)  # as fetched, before the fragments' prefetches
        return obj


def fragment_context(request):
    """Context processor: ``fragment_version`` for the templates' ``{% cache %}`` tags, worked out only when a template
    uses it (it may read the database: the admin's sign-in page must not need it)."""
    return {"fragment_version": SimpleLazyObject(lambda: request_fragment_version(request))}
