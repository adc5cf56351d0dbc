"""Old addresses that still arrive: when a page is not found, a redirect that staff made for its path, or else the
same page under the current slugs of the conference, session, speaker or city it names, answers with a 301."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from cities.models import City
from conferences.models import Conference, Session, Speaker
from sitepages.models import Redirect
from yport.query_parameters import requested_query_string
from yport.slug_history import current_row


def conferences():
    return Conference.objects.published()


def sessions(conference_pk):
    return Session.objects.filter(conference_id=conference_pk)


def speakers():
    return Speaker.objects.published()


def cities():
    return City.objects.published()


CONFERENCE = (("slug", conferences),)
SESSION = (("conference_slug", conferences), ("slug", sessions))
SPEAKER = (("slug", speakers),)
CITY = (("slug", cities),)

# Every public address with a slug in it (URL name → its slug arguments, outer first, and the rows they name). A
# session's slug is looked up within the conference that the first argument names.
SLUG_ROUTES = {
    "conferences:conference_detail": CONFERENCE,
    "conferences:conference_calendar": CONFERENCE,
    "conferences:session_detail": SESSION,
    "conferences:session_calendar": SESSION,
    "conferences:speaker_detail": SPEAKER,
    "cities:city_detail": CITY,
    "cities:city_data_csv": CITY,
    "cities:city_data_json": CITY,
}


def staff_redirect(path):
    if "\x00" in path or len(path) > Redirect._meta.get_field("old_path").max_length:
        return None  # no such redirect can exist (and PostgreSQL refuses a NUL byte outright)
    return Redirect.objects.filter(old_path=path).values_list("new_path", flat=True).first()


def current_slug_path(path_info):
    """The path of the same page under the current slugs, or None when the path names no former slug."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    route = SLUG_ROUTES.get(match.view_name)
    if route is None:
        return None
    kwargs = dict(match.kwargs)
    scope = None
    for argument, rows in route:
        row = current_row(rows() if scope is None else rows(scope), kwargs[argument], scope or 0)
        if row is None:
            return None
        scope, kwargs[argument] = row
    if kwargs == match.kwargs:
        return None
    return reverse(match.view_name, kwargs=kwargs)


class RedirectFallbackMiddleware:
    """After the view: only a 404 to a GET or HEAD is looked at, so found pages cost nothing more. Inside the locale
    middleware, so that the new address has the language of the old one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = staff_redirect(request.path) or current_slug_path(request.path_info)
        if target is None or target == request.path:
            return response
        query = requested_query_string(request)
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
