"""How a response says that no cache may keep it: ``Cache-Control: private, no-store``, written here only.

For answers meant for one person (a signed-in user's page, a preview link, a downloaded attachment, the lockout
page) or that must be fresh every time (the health checks, a form with a one-time token). ``no-store`` alone forbids
every cache, the browser's included, to keep a copy; ``private`` also tells shared caches that read no further. The
page cache (``pagecache.middleware``) never stores such an answer."""

import functools
import hashlib
import math
import time
from datetime import timedelta

from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views import defaults

NO_STORE = "private, no-store"
# The largest id a row can have (a 64-bit signed integer, as PostgreSQL's bigint and SQLite's INTEGER).
MAX_ROW_ID = 2**63 - 1


def row_id(text) -> int | None:
    """The id of a database row named in a request (a query parameter, a form field, part of a link), or None when
    ``text`` is not one: ASCII digits of a number from 1 to MAX_ROW_ID. A larger number would reach the database as
    an error (SQLite cannot take it) instead of finding nothing."""
    text = str(text)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ROW_ID else None


def forbid_storing(response):
    """``response`` with ``Cache-Control: private, no-store`` (whatever it said before); returns it."""
    response.headers["Cache-Control"] = NO_STORE
    response.headers.pop("Expires", None)
    return response


def no_store(view):
    """View decorator: every answer of ``view`` forbids storing (``method_decorator(no_store, name="dispatch")`` for a
    class-based view)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return forbid_storing(view(request, *args, **kwargs))

    return wrapped


def answer_conditionally(request, response):
    """``response`` (a download rendered afresh) with the validators the page cache gives the pages it keeps
    (``pagecache.middleware``): an ETag from its content and Last-Modified now; a 304 instead when the request's
    ``If-None-Match`` names that ETag."""
    etag = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
    now = int(time.time())
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(now)
    return get_conditional_response(request, etag=etag, last_modified=now, response=response)


def rate_limited_response(view, form, retry_after: int):
    """HTTP 429 from a public form's view (a FormView): the form as it was sent (nothing typed is lost), when it can
    be sent again (``retry_at``, ``retry_minutes``, shown by includes/rate_limited_summary.html) and a Retry-After
    header of ``retry_after`` seconds."""
    context = view.get_context_data(
        form=form,
        rate_limited=True,
        retry_at=timezone.now() + timedelta(seconds=retry_after),
        retry_minutes=math.ceil(retry_after / 60),
    )
    response = view.render_to_response(context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class NumberOutOfRangeMiddleware:
    """A number in a request beyond what SQLite can store answers 400 Bad Request, not a server error. SQLite raises
    OverflowError for it where PostgreSQL finds nothing (the admin's lists filtered by a related row's id, for one:
    ``?city__exact=<25 digits>``); the views that read an id themselves use ``row_id``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError) and "SQLite INTEGER" in str(exception):
            return defaults.bad_request(request, exception)
        return None
