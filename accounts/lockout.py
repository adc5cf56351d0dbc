"""Sign-in lockout (django-axes): the client address it counts, the failures it counts besides wrong passwords, and
the page a locked-out client sees."""

import math

from axes.conf import settings as axes_settings
from axes.helpers import get_client_parameters, get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render
from django.utils import timezone

from yport.client import UNKNOWN_ADDRESS, client_address
from yport.http import forbid_storing


def lockout_client_address(request):
    """The address axes counts failures for: the same one the inquiry rate limit uses (None when unreadable)."""
    address = client_address(request)
    return None if address == UNKNOWN_ADDRESS else address


def record_failed_sign_in(request, username):
    """Counts a sign-in that failed after the password was right (a wrong authentication code) as django-axes counts
    a wrong password: towards the same limit, per user name and per address. At the limit the response becomes the
    lockout page (AxesMiddleware)."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def lockout_ends_at(request, credentials=None):
    """When this client may sign in again: the latest moment at which each locked counter (per user name, per
    address) has fewer failures inside the cool-off than the limit."""
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    username = get_client_username(request, credentials)
    ends_at = now
    for filters in get_client_parameters(
        username, request.axes_ip_address, request.axes_user_agent, request, credentials
    ):
        failures = 0
        attempts = AccessAttempt.objects.filter(**filters, attempt_time__gte=now - cool_off).order_by("-attempt_time")
        for attempt_time, count in attempts.values_list("attempt_time", "failures_since_start"):
            failures += count
            if failures >= limit:
                # Once this attempt leaves the cool-off window, fewer than `limit` failures remain in it.
                ends_at = max(ends_at, attempt_time + cool_off)
                break
    return ends_at


def lockout_response(request, original_response=None, credentials=None):
    """The translated lockout page (HTTP 429 with Retry-After), saying when the client may try again."""
    ends_at = lockout_ends_at(request, credentials)
    seconds = max(1, math.ceil((ends_at - timezone.now()).total_seconds()))
    response = render(
        request,
        "accounts/locked_out.html",
        {"ends_at": ends_at, "minutes": math.ceil(seconds / 60)},
        status=axes_settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    forbid_storing(response)
    return response
