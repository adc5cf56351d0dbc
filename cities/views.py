from django.views.generic import DetailView
from django_filters.views import FilterView

from cities.filters import CityFilter
from cities.models import City
from yport.fragments import FragmentDetailMixin, FragmentListMixin
from yport.two_factor import is_signed_in_staff


class CityListView(FragmentListMixin, FilterView):
    fragment_name = "city-list"
    filterset_class = CityFilter
    template_name = "cities/city_list.html"
    context_object_name = "cities"
    strict = False  # invalid filter values are ignored (and their errors shown), not turned into an empty list

    def get_queryset(self):
        return City.objects.published().with_list_figures().order_by("name", "pk")


class CityDetailView(FragmentDetailMixin, DetailView):
    context_object_name = "city"
    fragment_name = "city-detail"

    def get_queryset(self):
        # Staff may preview a draft; visitors see published cities only (others are a 404).
        cities = City.objects.all() if is_signed_in_staff(self.request.user) else City.objects.published()
        return cities

    def fragment_vary_on(self, city):
        return (city.is_public,)

    def fragment_prefetch_lookups(self):
        return City.objects.with_profile().with_public_connections()._prefetch_related_lookups
