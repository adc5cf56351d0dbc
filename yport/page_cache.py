"""Whole public pages cached for anonymous visitors: in each app server's memory, with the shared cache behind it.

Every page is stored under the current *content generation*, a value in the shared cache that changes after every
committed change to public content (``bump_generation``, called on commit for any save, deletion or many-to-many
change in the content apps). A new generation makes every stored page unreachable at once. With Redis the new value
is also published on a channel that a thread in each app server listens to, so every server drops its in-memory
pages before its next request and answers a cached page without any round trip; without Redis (the database cache,
one machine) the generation is read from the shared cache on each request instead. A page is never served more than
``PAGE_CACHE_SECONDS`` after it was rendered, so a publish window that opens or closes shows within that time
without anyone saving.

Only GET and HEAD requests to language-prefixed pages outside the admin, from visitors without a session or
messages cookie, and only 200 answers without cookies that do not forbid caching (``no_store`` pages such as the
inquiry form are left alone). Their query string is first narrowed to the parameters the page understands
(``yport.query_parameters``), so unknown ones make no new entry. Signed-in staff (anyone with a session or messages
cookie) always get fresh pages, answered with ``Cache-Control: private, no-store`` (``yport.http``), so that no
cache on the way keeps them either. A cache that is down or slow is skipped for a while, never an error.
"""

import hashlib
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from yport.http import forbid_storing
from yport.query_parameters import narrow_query
from yport.shared_cache import shared_cache, shared_cache_breaker

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CHANNEL = "yport:page-cache:generation:db{db}"
# Content of these apps is what public pages show; a change to any of their models makes a new generation.
CONTENT_APP_LABELS = ("conferences", "cities", "sitepages")
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


# Counts the content changes this process made itself; part of every fragment's key (yport.fragments), so that they
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


def is_content_model(model):
    # Migrations save through historical models (module "__fake__"), before the cache table may even exist.
    return model._meta.app_label in CONTENT_APP_LABELS and model.__module__ != "__fake__"


def content_saved_or_deleted(sender, **kwargs):
    if is_content_model(sender):
        bump_generation_on_commit()


def content_relations_changed(sender, action, **kwargs):
    # The sender is the relation's through model, which belongs to the app of the model that declares it.
    if action in ("post_add", "post_remove", "post_clear") and is_content_model(sender):
        bump_generation_on_commit()


def connect_signals():
    post_save.connect(content_saved_or_deleted, dispatch_uid="yport.page_cache.saved")
    post_delete.connect(content_saved_or_deleted, dispatch_uid="yport.page_cache.deleted")
    m2m_changed.connect(content_relations_changed, dispatch_uid="yport.page_cache.relations")


# --- The middleware ---------------------------------------------------------------------------------------------


def page_key(request, generation):
    raw = f"{generation}|{request.scheme}|{request.get_host()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def is_public_page(request):
    path = request.path_info
    return any(
        path.startswith(f"/{code}/") and not path.startswith(f"/{code}/admin/") for code, _name in settings.LANGUAGES
    )


def carries_a_session(request):
    """Whether the page may be rendered for one person: a signed-in user (staff see drafts and more), or a visitor
    with messages or something kept in the session."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES


def is_cacheable_request(request):
    return settings.PAGE_CACHE and request.method in ("GET", "HEAD") and not carries_a_session(request)


def is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in cache_control
        and "private" not in cache_control
        and "no-cache" not in cache_control
    )


def page_from(response):
    content = response.content
    etag = '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'
    response.headers["ETag"] = etag
    rendered_at = time.time()
    response.headers["Last-Modified"] = http_date(rendered_at)
    response.headers["Cache-Control"] = "no-cache"  # browsers may keep it but must ask again (a 304 is cheap)
    headers = tuple((name, value) for name, value in response.items())
    return Page(response.status_code, headers, content, etag, rendered_at)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_page(request):
            return self.get_response(request)
        if request.method in ("GET", "HEAD"):
            narrow_query(request)
        if carries_a_session(request):
            return forbid_storing(self.get_response(request))  # neither this cache nor any other on the way keeps it
        if not is_cacheable_request(request):
            return self.get_response(request)
        generation = content_generation()
        if generation is None:
            return self.get_response(request)
        key = page_key(request, generation)
        page = self.fresh(local_pages.get(key))
        if page is UNCACHEABLE:
            return self.get_response(request)
        if page is None and shared_cache_breaker.available():
            try:
                page = self.fresh(shared_cache().get(key))
            except Exception:  # noqa: BLE001 - a cache outage only turns the page cache off
                shared_cache_breaker.failed()
            if page is not None:
                local_pages.set(key, page)
        if isinstance(page, Page):
            return page.response(request)

        response = self.get_response(request)
        if not is_cacheable_response(response):
            if response.status_code == 200:  # a page that forbids caching; any address that is not one is forgotten
                local_pages.set(key, UNCACHEABLE)
            return response
        page = page_from(response)
        local_pages.set(key, page)
        if shared_cache_breaker.available():
            try:
                shared_cache().set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                shared_cache_breaker.failed()
        return page.response(request) if request.META.get("HTTP_IF_NONE_MATCH") else response

    @staticmethod
    def fresh(page):
        if isinstance(page, Page) and time.time() - page.rendered_at > settings.PAGE_CACHE_SECONDS:
            return None
        return page
