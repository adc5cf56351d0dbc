"""The content generation, a value in the shared cache that changes after every committed change to public content,
and the pages of this app server (``local_pages``, least recently used dropped first).

Every cached page and fragment is stored under it (``pagecache.middleware``, ``pagecache.fragments``), so a new
generation makes them all unreachable at once. With Redis the new value is also published on a channel that a thread
in each app server listens to, so every server drops its in-memory pages before its next request; without Redis the
generation is read from the shared cache on each request instead.
"""

import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from yport.shared_cache import shared_cache, shared_cache_breaker

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CHANNEL = "yport:page-cache:generation:db{db}"
LOCAL_MAX_PAGES = 2000
UNCACHEABLE = "uncacheable"


@dataclass(frozen=True)
class Page:
    status: int
    headers: tuple
    content: bytes
    etag: str
    rendered_at: float

    def response(self, request):
        if request.method == "HEAD":
            response = HttpResponse(status=self.status)
        else:
            response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        return get_conditional_response(request, etag=self.etag, last_modified=int(self.rendered_at), response=response)


class LocalPages:
    """The pages of this process, least recently used first; thread-safe."""

    def __init__(self, max_pages=LOCAL_MAX_PAGES):
        self.max_pages = max_pages
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def set(self, key, page):
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.max_pages:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()


class GenerationListener:
    """Holds the current generation for this process. With Redis a thread subscribes to the channel on which every
    new generation is published, and reads the current one after each (re)subscription; ``current`` is then a plain
    attribute read. Without Redis, or while the subscription is down, ``current`` is None and callers read the
    shared cache instead."""

    def __init__(self, on_change):
        self.on_change = on_change
        self.current = None
        self.pid = None
        self.epoch = 0
        self.lock = threading.Lock()

    def reset(self):
        """Forget the generation and let the listening thread end (settings changed, as in tests)."""
        with self.lock:
            self.epoch += 1
            self.pid = None
            self.current = None

    def ensure_started(self):
        if self.pid == os.getpid() or not settings.REDIS_URL:
            return
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()  # a forked worker starts its own thread
            self.current = None
            threading.Thread(target=self.listen, args=(self.epoch,), name="page-cache-listener", daemon=True).start()

    def listen(self, epoch):
        import redis

        delay = 1
        while epoch == self.epoch:
            try:
                client = redis.Redis.from_url(
                    settings.REDIS_URL,
                    socket_connect_timeout=settings.CACHE_TIMEOUT,
                    socket_timeout=settings.CACHE_TIMEOUT + 5,
                    health_check_interval=2,
                )
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(channel(client))
                self.set(read_shared_generation(), epoch)
                delay = 1
                while epoch == self.epoch:
                    message = pubsub.get_message(timeout=1)
                    if message is not None and message["type"] == "message":
                        self.set(message["data"].decode(), epoch)
                pubsub.close()
                client.close()
            except Exception:  # noqa: BLE001 - any Redis failure: fall back, retry with a growing delay
                if epoch != self.epoch:
                    return
                self.set(None, epoch)
                logger.warning("Page cache: generation channel unavailable; retrying in %s s", delay)
                time.sleep(delay)
                delay = min(delay * 2, 30)

    def set(self, generation, epoch):
        if epoch == self.epoch and generation != self.current:
            self.current = generation
            self.on_change()


local_pages = LocalPages()
listener = GenerationListener(on_change=local_pages.clear)


def channel(client):
    # Pub/sub channels are shared by all databases of one Redis server: name the database, so that two sites on
    # one server (the benchmark's and a developer's, say) never clear each other's pages.
    return CHANNEL.format(db=client.connection_pool.connection_kwargs.get("db", 0))


def read_shared_generation():
    generation = shared_cache().get(GENERATION_KEY)
    if generation is None:
        generation = new_generation()
        if not shared_cache().add(GENERATION_KEY, generation, timeout=None):
            generation = shared_cache().get(GENERATION_KEY)
    return generation


def new_generation():
    return f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def content_generation():
    """The current content generation, or None when it cannot be known (the shared cache is down): then nothing is
    read from or written to the page cache."""
    listener.ensure_started()
    if listener.current is not None and settings.REDIS_URL:
        return listener.current
    if not shared_cache_breaker.available():
        return None
    try:
        return read_shared_generation()
    except Exception:  # noqa: BLE001 - a cache outage only turns the page cache off
        shared_cache_breaker.failed()
        return None


def bump_generation():
    """Make every cached page stale on every app server: a new generation in the shared cache, published to the
    listeners. A failure is logged; pages then expire by age."""
    generation = new_generation()
    try:
        shared_cache().set(GENERATION_KEY, generation, timeout=None)
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(
                settings.REDIS_URL,
                socket_connect_timeout=settings.CACHE_TIMEOUT,
                socket_timeout=settings.CACHE_TIMEOUT,
            )
            client.publish(channel(client), generation)
            client.close()
    except Exception:  # noqa: BLE001 - never break the change that was just committed
        logger.exception("Page cache: could not publish a new generation")
        shared_cache_breaker.failed()
    finally:
        forget_local_pages()
        if listener.current is not None:
            listener.current = generation


# Counts the content changes this process made itself; part of every fragment's key (pagecache.fragments), so that they
# show at once here, before the commit that tells every server.
local_changes = 0


def forget_local_pages():
    """This process's own pages and fragments, dropped as soon as it changes content itself (the new generation that
    tells every server follows on commit)."""
    global local_changes
    local_changes += 1
    local_pages.clear()
    caches["template_fragments"].clear()


def bump_generation_on_commit():
    """After the current transaction commits (at once outside one), once however many rows it changes."""
    forget_local_pages()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump_generation()
    elif not any(entry[1] is bump_generation for entry in connection.run_on_commit):
        transaction.on_commit(bump_generation, robust=True)
