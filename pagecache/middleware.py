"""Whole public pages cached for anonymous visitors: in each app server's memory, with the shared cache behind it.

Every page is stored under the current *content generation* (``pagecache.generation``), a value in the shared cache
that changes after every committed change to public content (``bump_generation``, called on commit for any save,
deletion or many-to-many change in the apps that declare public content, ``pagecache.signals``). A new generation
makes every stored page unreachable at once. With Redis the new value is also published on a channel that a thread
in each app server listens to, so every server drops its in-memory pages before its next request and answers a
cached page without any round trip; without Redis (the database cache, one machine) the generation is read from the
shared cache on each request instead. A page is never served more than ``PAGE_CACHE_SECONDS`` after it was
rendered, so a publish window that opens or closes shows within that time without anyone saving.

Only GET and HEAD requests to language-prefixed pages outside the admin, from visitors without a session or
messages cookie, and only 200 answers without cookies that do not forbid caching (``no_store`` pages such as the
inquiry form are left alone). Their query string is first narrowed to the parameters the page understands
(``yport.query_parameters``), so unknown ones make no new entry. Signed-in staff (anyone with a session or messages
cookie) always get fresh pages, answered with ``Cache-Control: private, no-store`` (``yport.http``), so that no
cache on the way keeps them either. A cache that is down or slow is skipped for a while, never an error.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.http import http_date

from pagecache.generation import UNCACHEABLE, Page, content_generation, local_pages
from yport.http import forbid_storing
from yport.languages import language_codes
from yport.query_parameters import narrow_query
from yport.shared_cache import shared_cache, shared_cache_breaker


def page_key(request, generation):
    raw = f"{generation}|{request.scheme}|{request.get_host()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def is_public_page(request):
    path = request.path_info
    return any(
        path.startswith(f"/{code}/") and not path.startswith(f"/{code}/admin/") for code in language_codes()
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
