"""Parts of public pages rendered once per content change instead of once per request.

Templates wrap their expensive parts in Django's ``{% cache %}`` tag, which keeps them in the ``template_fragments``
cache (in each app server's memory, see settings) under a key that varies on ``fragment_version``: a new version,
after any change to the content, makes every fragment render afresh on its next request. The version also changes
every minute, so a publish window that opens or closes without anyone saving shows within a minute.

``content_generation()`` is this module's stand-in for ``yport.page_cache.content_generation()``: a counter in this
process, bumped when a row of a content app is saved or deleted or a many-to-many relation between them changes.
Another app server learns of a change only when the minute turns, until the shared generation of the page cache
(bumped after the commit) replaces it.
"""

import time

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language
from django.views.generic.base import ContextMixin

# The apps whose rows public pages show; changing a row of any other app (sessions, inquiries, sign-in attempts)
# leaves the fragments as they are.
CONTENT_APP_LABELS = frozenset({"cities", "conferences"})
VERSION_PERIOD_SECONDS = 60

_generation = 0


def content_generation() -> int:
    """The number of content changes this process has seen (see the module's docstring)."""
    return _generation


def bump_content_generation() -> None:
    global _generation
    _generation += 1


def fragment_version(now: float | None = None) -> str:
    """What every cached fragment's key varies on: the content generation and the current minute."""
    minute = int((time.time() if now is None else now) // VERSION_PERIOD_SECONDS)
    return f"{content_generation()}.{minute}"


def request_fragment_version(request) -> str:
    """``fragment_version()`` as of the request's first call, so that its view and its template agree."""
    if not hasattr(request, "fragment_version"):
        request.fragment_version = fragment_version()
    return request.fragment_version


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
    part shows, ``fragment_prefetch_lookups()``, is fetched only while it is not cached."""

    fragment_name = ""

    def fragment_vary_on(self, obj):
        return ()

    def fragment_prefetch_lookups(self):
        return ()

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        vary_on = (request_fragment_version(self.request), get_language(), self.request.path)
        if not is_fragment_cached(self.fragment_name, *vary_on, *self.fragment_vary_on(obj)):
            prefetch_related_objects([obj], *self.fragment_prefetch_lookups())
        return obj


def content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APP_LABELS:
        bump_content_generation()


def connect_content_signals():
    for name, signal in (("post_save", post_save), ("post_delete", post_delete), ("m2m_changed", m2m_changed)):
        signal.connect(content_changed, dispatch_uid=f"yport.fragments.{name}")


def fragment_context(request):
    """Context processor: ``fragment_version`` for the templates' ``{% cache %}`` tags."""
    return {"fragment_version": request_fragment_version(request)}
