"""What every endpoint of the read-only JSON API shares (docs/api.md): its language, pages, throttle and schema.

The kernel part: it imports no app; the endpoints themselves are in each app's ``api.py``, wired in
``yport/api_urls.py``; the schema's additions in ``yport/api_schema.py`` (apart, because drf-spectacular imports
the views that import the throttle and pages defined here)."""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import pagination, throttling

from yport.client import client_address
from yport.languages import language_codes
from yport.shared_cache import shared_cache_breaker

logger = logging.getLogger(__name__)

LANGUAGE_PARAMETER = "lang"


def requested_language(request) -> str:
    """``?lang=`` if it names one of the site's languages, else the first of ``Accept-Language`` that does, else
    the site's default. A cookie never counts: an answer depends on the address and that one header only."""
    codes = language_codes()
    asked = request.GET.get(LANGUAGE_PARAMETER, "")
    if asked in codes:
        return asked
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:255]):
        code = code.lower().split("-")[0]
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


class LanguageMixin:
    """Answers in the requested language, says which (``Content-Language``) and that it depends on
    ``Accept-Language`` (``Vary``)."""

    def dispatch(self, request, *args, **kwargs):
        self.language = requested_language(request)
        # Only for this request: the language in force before it is back afterwards, in this thread too. The
        # response is rendered inside, since its lazy texts (the schema's descriptions) are translated then.
        with translation.override(self.language):
            response = super().dispatch(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = getattr(self, "language", None) or requested_language(request)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE


class AnonymousRateThrottle(throttling.AnonRateThrottle):
    """At most ``API_ANON_RATE`` requests per client address (behind trusted proxies as everywhere on the site),
    counted in the shared cache. A cache that is down or slow lets requests through rather than failing them, and is
    skipped for a while (``yport.shared_cache``) rather than waited for on every request."""

    def get_rate(self):
        # Read for each request (DRF makes a throttle per request), so that a changed setting takes effect at once.
        return settings.API_ANON_RATE

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        if not shared_cache_breaker.available():
            return True
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - a cache outage must not take the API down
            logger.warning("API throttle: shared cache unavailable; request let through")
            shared_cache_breaker.failed()
            return True
