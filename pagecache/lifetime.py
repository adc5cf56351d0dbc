"""Until when a rendered page or fragment is right, so that the page cache serves it until then and not after.

Three moments end it, whichever comes first:

- the content changes: a new content generation (``pagecache.generation``) makes every stored page unreachable;
- the next publish-window boundary: the earliest ``publish_from`` or ``publish_until`` still to come of any published
  row of public content (``yport.publishing.Publishable`` in the apps that declare public content), when something
  appears or disappears without anyone saving. Computed once per content generation and process (one query per
  publishable model), and again once that moment has passed (``content_valid_until``);
- a moment a view names for its page: a page showing something that changes without a content change (seats left,
  an opening time, a list of participants) calls ``keep_page_until(request, moment)`` or ``keep_page_for(request,
  duration)``; the earliest moment named during a request wins.

PAGE_CACHE_MAX_SECONDS (a day) bounds it all, so that pages of past generations leave the shared cache.
"""

import datetime
import threading
import time

from django.conf import settings
from django.db.models import Min, Q

from yport.apps_registry import public_content_apps
from yport.publishing import Publishable, published_state_condition


def keep_page_until(request, moment):
    """The page rendered for ``request`` may be served from the page cache until ``moment`` (an aware datetime)."""
    current = getattr(request, "page_cache_until", None)
    if current is None or moment < current:
        request.page_cache_until = moment


def keep_page_for(request, duration: datetime.timedelta):
    """The page rendered for ``request`` may be served from the page cache for ``duration`` from now (this clock)."""
    keep_page_until(request, datetime.datetime.fromtimestamp(now(), datetime.UTC) + duration)


def page_kept_until(request):
    """The moment named by ``keep_page_until`` for this request, or None."""
    return getattr(request, "page_cache_until", None)


def now() -> float:
    """The page cache's clock (seconds since the epoch): every moment above is compared with it."""
    return time.time()


def publishable_models():
    return [
        model
        for config in public_content_apps()
        for model in config.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]


def next_publish_boundary(moment: float) -> float | None:
    """The earliest publish-from or publish-until after ``moment`` of any row in the published state, or None."""
    after = datetime.datetime.fromtimestamp(moment, datetime.UTC)
    found = []
    for model in publishable_models():
        bounds = model._default_manager.filter(published_state_condition()).aggregate(
            starts=Min("publish_from", filter=Q(publish_from__gt=after)),
            ends=Min("publish_until", filter=Q(publish_until__gt=after)),
        )
        found += [value.timestamp() for value in bounds.values() if value is not None]
    return min(found, default=None)


class ContentLifetime:
    """The next publish-window boundary, per content version (the generation and this process's own changes):
    computed when the version is new or the boundary has passed, otherwise an attribute read."""

    def __init__(self):
        self.version = None
        self.until = None
        self.lock = threading.Lock()

    def valid_until(self, version, moment):
        with self.lock:
            if version == self.version and (self.until is None or moment < self.until):
                return self.until
        until = next_publish_boundary(moment)
        with self.lock:
            self.version, self.until = version, until
        return until

    def reset(self):
        with self.lock:
            self.version = self.until = None


content_lifetime = ContentLifetime()


def content_valid_until(version, moment=None) -> float | None:
    """Until when content rendered now under ``version`` is right (the next publish-window boundary), or None."""
    return content_lifetime.valid_until(version, now() if moment is None else moment)


def page_expiry(request, version, moment) -> float:
    """Until when the page rendered for ``request`` under ``version`` at ``moment`` may be served: the first of the
    next publish-window boundary, the moment its view named and PAGE_CACHE_MAX_SECONDS from ``moment``."""
    moments = [moment + settings.PAGE_CACHE_MAX_SECONDS, content_valid_until(version, moment)]
    named = page_kept_until(request)
    if named is not None:
        moments.append(named.timestamp())
    return min(value for value in moments if value is not None)
