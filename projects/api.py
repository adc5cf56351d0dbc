"""Read-only API endpoints for projects (wired in yport/api_urls.py, docs/api.md)."""

from rest_framework import viewsets

from projects.filters import ProjectFilterSet
from projects.models import Project
from projects.serializers import ProjectSerializer
from yport.api import LanguageMixin


class ProjectViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published projects of published partner cities, by city and order; filtered as the project list page is
    (``q`` searches as the site search does)."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Project.objects.published().for_page().order_by("city__name", "city__pk", "order", "slug")
