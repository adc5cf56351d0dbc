"""Read-only API endpoints for partner cities (wired in yport/api_urls.py, docs/api.md)."""

from rest_framework import viewsets

from cities.filters import CityFilter
from cities.models import City
from cities.serializers import CitySerializer
from yport.api import LanguageMixin


class CityViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published partner cities with their key figures, SDG self-evaluations, fields of cooperation
    and Voluntary Local Reviews, and the address of their projects; filtered as the city list page is."""

    serializer_class = CitySerializer
    filterset_class = CityFilter
    lookup_field = "slug"

    def get_queryset(self):
        return City.objects.published().with_profile().with_public_projects().order_by("name", "pk")
