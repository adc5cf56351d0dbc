import sys

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponsePermanentRedirect
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views import defaults
from django.views.generic import TemplateView

from cities.models import City
from cities.views import CityPreviewView
from conferences.models import Conference
from conferences.views import ConferencePreviewView
from editorial.previews import valid_preview_link
from pagecache.fragments import is_fragment_cached, request_fragment_version
from projects.models import Project
from projects.views import ProjectPreviewView
from yport import api
from yport.http import no_store
from yport.languages import language_codes
from yport.search import SearchForm, search_site
from yport.search_text import query_words
from yport.seo import absolute_url

DATABASE_RETRY_AFTER_SECONDS = 30

# The kinds of page a shareable preview link can show, and the view that renders each like its public page.
PREVIEW_VIEWS = {Conference: ConferencePreviewView, City: CityPreviewView, Project: ProjectPreviewView}


@no_store
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def favicon(request):
    # Resolved per request: with the manifest storage the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def robots_txt(request):
    """Crawlers may read every public page; the admin and the staff sign-in are no business of theirs."""
    staff_paths = [f"/{code}/{part}/" for code in language_codes() for part in ("admin", "account")]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ["/admin/", *staff_paths])]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unavailable"
    return "ok"


def cache_state(*, database_ok: bool) -> str:
    if not database_ok and isinstance(caches["default"], DatabaseCache):
        return "unavailable"  # it lives in that database: asking would wait for the connect timeout again
    try:
        cache.set("readyz", "ok", timeout=10)
        answered = cache.get("readyz")
    except Exception:  # noqa: BLE001 - every cache client error means the same here
        return "unavailable"
    return "ok" if answered == "ok" else "unavailable"


@no_store
def readyz(request):
    """Ready for traffic while the database answers (503 otherwise); the cache's state is told but a cache outage
    is harmless, so it alone never takes the app server out of the load balancer."""
    database = database_state()
    states = {"database": database, "cache": cache_state(database_ok=database == "ok")}
    body = "".join(f"{name}: {state}\n" for name, state in states.items())
    status = 200 if states["database"] == "ok" else 503
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """handler404: under /api/ the API's JSON 404 in the request's language; elsewhere the site's page."""
    if request.path_info == "/api" or request.path_info.startswith("/api/"):
        return api.not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: a database outage (wherever it was raised, a middleware included) answers 503 with a page that
    needs no database and says when to try again; any other error is Django's 500."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)


@no_store
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its security cookie (a visitor who blocks cookies) is refused with a
    page in the site's layout and the visitor's language (the address's prefix) that says what to do, and a link
    back to the page the form was sent from."""
    form_url = request.path if url_has_allowed_host_and_scheme(request.path, allowed_hosts=None) else ""
    body = loader.get_template("403_csrf.html").render({"form_url": form_url})
    return HttpResponseForbidden(body)


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_fragment_cached("home", request_fragment_version(self.request), get_language()):
            return context  # the page's content is cached: nothing to fetch for it
        context["latest_conference"] = Conference.objects.latest_published()
        context["partner_cities"] = City.objects.published().with_list_figures().order_by("name", "pk")[:6]
        return context


class SearchView(TemplateView):
    """``?q=``: the site search. An empty, overlong or otherwise invalid query shows the form with a hint or the
    error, and no results."""

    template_name = "search.html"
    query_parameters = ("q",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        words = query_words(query)
        groups = search_site(words) if words else []
        context.update(form=form, query=query, groups=groups, total=sum(group.total for group in groups))
        return context


def preview(request, token):
    """An unpublished conference or city through a shareable preview link, for anyone holding the link; an unknown,
    expired or revoked link is a 404 like any other."""
    link = valid_preview_link(token)
    if link is None:
        raise Http404
    view_class = PREVIEW_VIEWS.get(ContentType.objects.get_for_id(link.content_type_id).model_class())
    if view_class is None:
        raise Http404
    return view_class.as_view(preview_link=link)(request)
