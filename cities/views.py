import json

from django.http import Http404, HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.generic import DetailView, TemplateView, View
from django_filters.views import FilterView
from rest_framework.utils.encoders import JSONEncoder

from cities.catalogue import DATASETS, DATASETS_BY_SLUG, dataset_csv, dataset_document, licence_metadata
from cities.compare import comparison, published_cities
from cities.compare_data import comparison_csv, comparison_json
from cities.filters import CityFilter
from cities.forms import CityComparisonForm
from cities.licence import OpenDataLicence
from cities.models import City, SDGGoal
from cities.opendata import data_csv
from cities.sdg import goal_summaries
from cities.serializers import CityDataSerializer
from editorial.previews import SharedPreviewMixin
from pagecache.fragments import FragmentDetailMixin, FragmentListMixin, is_fragment_cached, request_fragment_version
from yport.http import answer_conditionally
from yport.publishing import is_published_now
from yport.seo import PageQueryFilterSetMixin
from yport.staff_preview import StaffPreviewMixin


class CityListView(FragmentListMixin, PageQueryFilterSetMixin, FilterView):
    fragment_name = "city-list"
    filterset_class = CityFilter
    template_name = "cities/city_list.html"
    context_object_name = "cities"
    strict = False  # invalid filter values are ignored (and their errors shown), not turned into an empty list

    def get_queryset(self):
        return City.objects.published().with_list_figures().order_by("name", "pk")


class CityDetailView(StaffPreviewMixin, FragmentDetailMixin, DetailView):
    model = City
    context_object_name = "city"
    fragment_name = "city-detail"

    def fragment_vary_on(self, city):
        return (is_published_now(city),)  # staff see a published city as visitors do

    def fragment_prefetch_lookups(self):
        return City.objects.with_profile().with_public_connections()._prefetch_related_lookups


class CityPreviewView(SharedPreviewMixin, CityDetailView):
    """A city as a shareable preview link shows it (``yport.views.preview``)."""


class CityDataView(DetailView):
    """A published city's key figures and SDG self-evaluations as a file to download (``format``: csv or json), in
    the page's language. Drafts are a 404, for staff too: a download is for publishing."""

    format = "csv"

    def get_queryset(self):
        return City.objects.published().with_open_data()

    def render_to_response(self, context):
        data = CityDataSerializer(self.object, context={"request": self.request}).data
        filename = f"{self.object.slug}-data-{get_language()}.{self.format}"
        if self.format == "csv":
            response = HttpResponse(data_csv(data), content_type="text/csv; charset=utf-8")
        else:
            content = json.dumps(data, cls=JSONEncoder, ensure_ascii=False, indent=2)
            response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DataCatalogueView(TemplateView):
    """The open-data catalogue: every dataset of ``cities.catalogue.DATASETS`` with its downloads and the licence,
    and each published city's own downloads. Its template caches all it shows of them (the content and its JSON-LD,
    ``{% cache … data-catalogue fragment_version LANGUAGE_CODE %}``), so the licence and the cities are read only
    when a template renders them: while both fragments are cached the page reads nothing."""

    template_name = "cities/data_catalogue.html"

    def get_context_data(self, **kwargs):
        licence = SimpleLazyObject(OpenDataLicence.objects.current)
        return super().get_context_data(
            datasets=DATASETS,
            licence=licence,
            licence_terms=SimpleLazyObject(lambda: licence_metadata(licence)["terms"]),
            # Not even built while cached: a published() QuerySet costs a tenth of a millisecond to build.
            cities=SimpleLazyObject(lambda: list(City.objects.published().order_by("name", "pk"))),
            **kwargs,
        )


class DatasetDownloadView(View):
    """One dataset of the catalogue as a file (``format``: csv or json) in the page's language, with the licence's
    address in a ``Link: <…>; rel="license"`` header."""

    format = "csv"

    def get(self, request, dataset):
        dataset = DATASETS_BY_SLUG.get(dataset)
        if dataset is None:
            raise Http404
        licence = OpenDataLicence.objects.current()
        rows = list(dataset.rows())
        if self.format == "csv":
            response = HttpResponse(dataset_csv(dataset, rows), content_type="text/csv; charset=utf-8")
        else:
            document = dataset_document(dataset, rows, licence=licence, request=request)
            content = json.dumps(document, cls=JSONEncoder, ensure_ascii=False, indent=2)
            response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{dataset.filename(self.format)}"'
        if licence.url:
            response["Link"] = f'<{iri_to_uri(licence.url)}>; rel="license"'
        return answer_conditionally(request, response)


class CityWithGoalMixin:
    """Fetches the city with the SDG goal its address names as ``city.page_goal`` (None: no such goal), so that the
    city kept beside the page's fragments (``FragmentDetailMixin``) brings the goal the page's head shows."""

    def get_object(self, queryset=None):
        city = super().get_object(queryset)
        city.page_goal = SDGGoal.objects.filter(number=self.kwargs["goal"]).first()
        return city


class CityGoalView(FragmentDetailMixin, CityWithGoalMixin, DetailView):
    """One SDG goal of a published city in full: its rating, each indicator's series, baseline, target and sources.
    Its template caches the goal's part as ``{% cache … city-goal fragment_version LANGUAGE_CODE request.path %}``:
    while that is cached, the city and its goal are kept beside it and nothing is read or worked out."""

    template_name = "cities/city_goal.html"
    context_object_name = "city"
    fragment_name = "city-goal"

    def get_queryset(self):
        return City.objects.published()

    def fragment_prefetch_lookups(self):
        return City.objects.with_sdg_evaluations()._prefetch_related_lookups

    def get_context_data(self, **kwargs):
        goal = self.object.page_goal
        if goal is None:
            raise Http404("There is no such SDG goal.")
        context = super().get_context_data(goal=goal, **kwargs)
        if not self.fragment_cached:  # rendered only within a content version in which the goal has indicators
            summary = next(
                (summary for summary in goal_summaries(self.object) if summary.goal.number == goal.number), None
            )
            if summary is None:
                raise Http404("The city has no indicators for this goal.")
            context["summary"] = summary
        return context


class CityComparisonMixin:
    """The chosen published cities (``?city=slug`` repeated; none: all) and their comparison."""

    query_parameters = ("city",)

    def comparison_context(self):
        cities = list(published_cities())
        form = CityComparisonForm(self.request.GET, cities=cities)
        form.is_valid()
        chosen = set(form.cleaned_data.get("city") or ())
        shown = [city for city in cities if city.slug in chosen] if chosen else cities
        return {
            "form": form,
            "chosen": bool(chosen),
            "chosen_slugs": chosen,
            "unknown_cities": form.unknown_cities(),
            **comparison(shown),
        }


class CityComparisonView(CityComparisonMixin, TemplateView):
    """The comparison page; its template caches all it shows below the page's head as ``{% cache …
    city-compare fragment_version LANGUAGE_CODE request.get_full_path %}``: while that is cached, nothing is read."""

    template_name = "cities/city_compare.html"
    fragment_name = "city-compare"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A selection is a view of the whole comparison: only the page of all cities is for search engines.
        context["noindex"] = any(self.request.GET.getlist("city"))
        vary_on = (request_fragment_version(self.request), get_language(), self.request.get_full_path())
        if not is_fragment_cached(self.fragment_name, *vary_on):
            context.update(self.comparison_context())
        return context


class CityComparisonDataView(CityComparisonMixin, View):
    """The comparison as a file to download (``format``: csv or json), in the page's language."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        context = self.comparison_context()
        if self.format == "csv":
            response = HttpResponse(comparison_csv(context), content_type="text/csv; charset=utf-8")
        else:
            content = json.dumps(comparison_json(context, request), cls=JSONEncoder, ensure_ascii=False, indent=2)
            response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="partner-cities-compared-{get_language()}.{self.format}"'
        )
        return response
