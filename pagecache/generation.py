"""The content generation, a value in the shared cache that changes after every committed change to public content,
and the pages of this app server (``local_pages``: at most PAGE_CACHE_LOCAL_BYTES of them, least recently used
dropped first).

Every cached page and fragment is stored under it (``pagecache.middleware``, ``pagecache.fragments``), so a new
generation makes them all unreachable at once. With Redis the new value is also published on a channel that a thread
in each app server listens to, so every server drops its in-memory pages before its next request; without Redis the
generation is read from the shared cache on each request instead.
"""

import gzip
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

from yport.compression import accepts_gzip
from yport.shared_cache import shared_cache, shared_cache_breaker

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CHANNEL = "yport:page-cache:generation:db{db}"
UNCACHEABLE = "uncacheable"
ENTRY_OVERHEAD = 300  # bytes counted for each stored entry besides its body and headers (key, objects)


@dataclass(frozen=True)
class Page:
    """A stored page: its body as sent to clients that accept gzip (``encoding == "gzip"``) or as rendered (text too
    short to gain, or not text), its headers but those that depend on the encoding, the strong ETag of the rendered
    body, when it was rendered and until when it may be served (None: until the content changes)."""

    status: int
    headers: tuple
    body: bytes
    encoding: str
    etag: str
    rendered_at: float
    expires_at: float | None

    @property
    def size(self):
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers) + ENTRY_OVERHEAD

    def is_fresh(self, now):
        return self.expires_at is None or now < self.expires_at

    def variant(self, request):
        """The body, ETag and content encoding for ``request``: the stored gzip bytes as they are, or decompressed for
        a client that does not accept gzip (rare: every browser and crawler does). The ETag differs per encoding, as
        Django's GZipMiddleware makes it: weak for the compressed body."""
        if self.encoding != "gzip":
            return self.body, self.etag, None
        if accepts_gzip(request):
            return self.body, "W/" + self.etag, "gzip"
        return gzip.decompress(self.body), self.etag, None

    def response(self, request, response=None):
        """The answer to ``request``: a new response, or ``response`` (the one just rendered) given the stored body;
        a 304 when the client holds this version."""
        body, etag, encoding = self.variant(request)
        if response is None:
            response = HttpResponse(status=self.status)
            for name, value in self.headers:
                response.headers[name] = value
        response.content = b"" if request.method == "HEAD" else body
        response.headers["Content-Length"] = str(len(body))
        response.headers["ETag"] = etag
        if encoding:
            response.headers["Content-Encoding"] = encoding
        return get_conditional_response(request, etag=etag, last_modified=int(self.rendered_at), response=response)


def entry_size(page):
    return page.size if isinstance(page, Page) else ENTRY_OVERHEAD


class LocalPages:
    """The pages of this process, least recently used first, at most ``max_bytes`` of them (PAGE_CACHE_LOCAL_BYTES
    when not given; bodies and headers counted); thread-safe."""

    def __init__(self, max_bytes=None):
        self.fixed_max_bytes = max_bytes
        self.pages = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    @property
    def max_bytes(self):
        return self.fixed_max_bytes if self.fixed_max_bytes is not None else settings.PAGE_CACHE_LOCAL_BYTES

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def set(self, key, page):
        size, max_bytes = entry_size(page), self.max_bytes
        with self.lock:
            if key in self.pages:
                self.bytes -= entry_size(self.pages.pop(key))
            if size > max_bytes:
                return  # larger than the whole store: kept nowhere rather than emptying it
            self.pages[key] = page
            self.bytes += size
            while self.bytes > max_bytes:
                self.bytes -= entry_size(self.pages.popitem(last=False)[1])

    def discard(self, key):
        with self.lock:
            if key in self.pages:
                self.bytes -= entry_size(self.pages.pop(key))

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.bytes = 0


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


def content_version(generation):
    """The content generation and the changes this process made itself: what a page or fragment was rendered from."""
    return f"{generation}.{local_changes}"


def bump_generation():
    """Make every cached page stale on every app server: a new generation in the shared cache, published to the
    listeners. A failure is logged; pages then expire at the latest PAGE_CACHE_MAX_SECONDS after they were
    rendered."""
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
