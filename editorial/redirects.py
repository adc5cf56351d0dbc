"""Old addresses that still arrive: when a page is not found, a redirect that staff made for its path, or else the
same page under the current slugs of the rows it names, answers with a 301.

The participants are found by what they declare, never by app name: models built on ``StaffRedirect`` hold the
redirects staff keep, models built on ``editorial.slug_history.SlugHistory`` name the public URLs of their slugs."""

import functools

from django.apps import apps
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from editorial.slug_history import SlugHistory, current_row
from yport.query_parameters import requested_query_string


class StaffRedirect:
    """Declares a model of the redirects that staff keep: ``redirect_target(path)`` is the path that ``path`` is
    sent on to, or None."""

    @classmethod
    def redirect_target(cls, path: str) -> str | None:
        raise NotImplementedError


def declaring(base) -> list:
    return [model for model in apps.get_models() if issubclass(model, base)]


@functools.cache
def staff_redirect_models() -> tuple:
    return tuple(declaring(StaffRedirect))


@functools.cache
def slug_routes() -> dict:
    """Every public address with a slug in it: URL name → its slug arguments, outer first, each with the rows it
    names (a function of the row the argument before it named). A session's slug is looked up within the conference
    that the first argument names."""
    routes = {}
    for model in declaring(SlugHistory):
        arguments = [("slug", model.slug_redirect_rows)]
        if model.slug_scope_argument:
            scope_model = model._meta.get_field(model.slug_scope_field).related_model

            def rows_in_scope(scope, model=model):
                return model.slug_redirect_rows().filter(**{model.slug_scope_field: scope})

            arguments = [(model.slug_scope_argument, scope_model.slug_redirect_rows), ("slug", rows_in_scope)]
        for name in model.slug_routes:
            routes[name] = tuple(arguments)
    return routes


def staff_redirect(path):
    for model in staff_redirect_models():
        target = model.redirect_target(path)
        if target is not None:
            return target
    return None


def current_slug_path(path_info):
    """The path of the same page under the current slugs, or None when the path names no former slug."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    route = slug_routes().get(match.view_name)
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
