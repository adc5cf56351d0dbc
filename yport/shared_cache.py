"""The shared cache (``caches["default"]``: Redis, or the database cache without it) and what each of its users does
when it fails: skip it for a while.

A cache that is down or does not answer costs every request that asks it up to ``CACHE_TIMEOUT``. After a failure,
the page cache and the API throttle skip it for ``SHARED_CACHE_RETRY_SECONDS`` and then try again (one request does),
so that an outage costs one timeout every few seconds instead of one per request.
"""

import logging
import threading
import time

from django.core.cache import caches

logger = logging.getLogger(__name__)

# After a shared-cache failure, how long requests skip it before trying again.
SHARED_CACHE_RETRY_SECONDS = 10


class CircuitBreaker:
    """Says whether a service may be asked: not for ``retry_seconds`` after a failure. One per service and process,
    shared by its threads."""

    def __init__(self, name, retry_seconds):
        self.name = name
        self.retry_seconds = retry_seconds
        self.down_until = 0.0
        self.lock = threading.Lock()

    def available(self) -> bool:
        return time.monotonic() >= self.down_until

    def failed(self):
        with self.lock:
            already_down = not self.available()
            self.down_until = time.monotonic() + self.retry_seconds
        if not already_down:
            logger.warning("%s unavailable; skipped for %s s", self.name, self.retry_seconds)

    def reset(self):
        """Ask the service again at once (tests, or a service known to be back)."""
        self.down_until = 0.0


shared_cache_breaker = CircuitBreaker("Shared cache", SHARED_CACHE_RETRY_SECONDS)


def shared_cache():
    return caches["default"]
