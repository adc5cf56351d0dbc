"""What every endpoint of the read-only JSON API shares (docs/api.md): its language, pages, throttle and schema.

The kernel part: it imports no app; the endpoints themselves are in each app's ``api.py``, wired in
``yport/api_urls.py``; the schema's additions in ``yport/api_schema.py`` (apart, because drf-spectacular imports
the views that import the throttle and pages defined here)."""

import logging
import re

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext, ngettext
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions, pagination, throttling

from yport.client import client_address
from yport.languages import language_codes
from yport.shared_cache import shared_cache_breaker

logger = logging.getLogger(__name__)

LANGUAGE_PARAMETER = "lang"
# A whole number as a query parameter: ASCII digits only (no sign, space or other script's digits), few enough.
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)


def requested_language(request) -> str:
    """``?lang=`` if it names one of the site's languages (in any case: ``EN`` is ``en``), else the first of
    ``Accept-Language`` that does, else the site's default. A cookie never counts: an answer depends on the
    address and that one header only."""
    codes = language_codes()
    asked = request.GET.get(LANGUAGE_PARAMETER, "").lower()
    if asked in codes:
        return asked
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:255]):
        code = code.lower().split("-")[0]
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def refused_parameter(name, message):
    """The 400 answer to a query parameter's value: ``{name: [message]}``, as a refused filter value's."""
    return exceptions.ValidationError({name: [message]})


def check_language_parameter(request):
    """``?lang=`` names one of the site's languages (in any case), or is empty or absent; anything else is refused
    (400), in the language the answer would otherwise have."""
    asked = request.GET.get(LANGUAGE_PARAMETER, "")
    if asked and asked.lower() not in language_codes():
        message = gettext("Unknown language: lang must be one of %(languages)s.")
        raise refused_parameter(LANGUAGE_PARAMETER, message % {"languages": ", ".join(language_codes())})


class LanguageMixin:
    """Answers in the requested language, says which (``Content-Language``) and that it depends on
    ``Accept-Language`` (``Vary``); refuses a ``lang`` that names no language of the site."""

    def dispatch(self, request, *args, **kwargs):
        self.language = requested_language(request)
        # Only for this request: the language in force before it is back afterwards, in this thread too. The
        # response is rendered inside, since its lazy texts (the schema's descriptions) are translated then.
        with translation.override(self.language):
            response = super().dispatch(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_language_parameter(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return says_its_language(response, getattr(self, "language", None) or requested_language(request))


def says_its_language(response, language):
    response.headers["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language",))
    return response


def exception_handler(exc, context):
    """DRF's errors (``{"detail": …}``), with two messages DRF leaves in English made translatable: an unknown slug
    (Django's ``get_object_or_404`` names the model's class) and the throttle's wait (DRF translates the number
    into the message before looking it up, so no catalogue can match it)."""
    if isinstance(exc, Http404):
        view = context.get("view")
        model = view.get_queryset().model if view is not None and hasattr(view, "get_queryset") else None
        if model is None:
            exc = exceptions.NotFound()
        else:
            exc = exceptions.NotFound(
                gettext("No %(name)s matches the given query.") % {"name": model._meta.verbose_name}
            )
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        message = ngettext(
            "Request was throttled. Expected available in %(wait)d second.",
            "Request was throttled. Expected available in %(wait)d seconds.",
            exc.wait,
        )
        wait = exc.wait
        # Without the wait: Throttled would add DRF's English sentence to this one. Kept for Retry-After.
        exc = exceptions.Throttled(detail=message % {"wait": wait})
        exc.wait = wait
    # Imported here: rest_framework.views reads the settings, which name this module's throttle and pages.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


def not_found(request):
    """An address under /api/ that no endpoint has: DRF's 404 body, in the request's language, not the site's HTML
    page."""
    language = requested_language(request)
    with translation.override(language):
        response = JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return says_its_language(response, language)


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` (from 1; past the last page a 404) and ``?page_size=`` (1 to ``API_MAX_PAGE_SIZE``): any other
    value is refused (400) rather than replaced by the default, so that a client learns of its mistake. Empty is
    absent, as for the filters."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    last_page_strings = ()  # ?page=last would be a second way to say a number

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param, "")
        if not value:
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(value) or not 1 <= int(value) <= self.max_page_size:
            raise refused_parameter(
                self.page_size_query_param,
                gettext("page_size must be a whole number from 1 to %(maximum)d.") % {"maximum": self.max_page_size},
            )
        return int(value)

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param, "")
        if not value:
            return 1
        if not WHOLE_NUMBER.fullmatch(value) or int(value) < 1:
            raise refused_parameter(self.page_query_param, gettext("page must be a whole number from 1."))
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 10**9 - 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


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
