import json

from django.http import HttpResponse
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView
from rest_framework.utils.encoders import JSONEncoder

from cities.filters import CityFilter
from cities.models import City
from cities.opendata import data_csv
from cities.serializers import CityDataSerializer
from editorial.previews import SharedPreviewMixin
from pagecache.fragments import FragmentDetailMixin, FragmentListMixin
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
