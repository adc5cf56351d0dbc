from django.db.models import prefetch_related_objects
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView

from cities.filters import CityFilter
from cities.models import City
from yport.fragments import is_fragment_cached, request_fragment_version
from yport.two_factor import is_signed_in_staff


class CityListView(FilterView):
    filterset_class = CityFilter
    template_name = "cities/city_list.html"
    context_object_name = "cities"

    def get_queryset(self):
        return City.objects.published().with_list_figures().order_by("name", "pk")


class CityDetailView(DetailView):
    context_object_name = "city"

    def get_queryset(self):
        # Staff may preview a draft; visitors see published cities only (others are a 404).
        cities = City.objects.all() if is_signed_in_staff(self.request.user) else City.objects.published()
        return cities

    def get_object(self, queryset=None):
        """The city, with everything its page shows unless the page's content is cached (templates/cities/
        city_detail.html varies it on the same values)."""
        city = super().get_object(queryset)
        vary_on = (request_fragment_version(self.request), get_language(), self.request.path, city.is_public)
        if not is_fragment_cached("city-detail", *vary_on):
            lookups = City.objects.with_profile().with_public_connections()._prefetch_related_lookups
            prefetch_related_objects([city], *lookups)
        return city
