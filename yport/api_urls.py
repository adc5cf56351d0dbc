"""The read-only JSON API at /api/v1/ (docs/api.md): one list and one detail address per resource, the OpenAPI
schema and its docs page."""

from django.urls import path
from django.utils import translation
from django.views.generic import TemplateView
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from cities.api import CityViewSet
from conferences.api import ConferenceViewSet, SessionViewSet, SpeakerViewSet
from projects.api import ProjectViewSet
from yport.api import LanguageMixin

app_name = "api"

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}


class SchemaView(LanguageMixin, SpectacularAPIView):
    """The OpenAPI 3 schema in the requested language: JSON (``application/vnd.oai.openapi+json`` by default,
    ``application/json`` when asked for, as many OpenAPI tools do), or YAML for ``Accept: application/vnd.oai.openapi``
    or ``application/yaml``."""

    # The first is the answer to a request that accepts anything.
    renderer_classes = [OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2]
    # Built once per language and process (a few hundred milliseconds each time): it changes only with the code.
    schemas = {}

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = translation.get_language()  # LanguageMixin's: ?lang= or Accept-Language
        if language not in self.schemas:
            self.schemas[language] = self._get_schema_response(request).data
        return Response(self.schemas[language])


urlpatterns = [
    path("conferences/", ConferenceViewSet.as_view(LIST), name="conference-list"),
    path("conferences/<slug:slug>/", ConferenceViewSet.as_view(DETAIL), name="conference-detail"),
    path("sessions/", SessionViewSet.as_view(LIST), name="session-list"),
    path("sessions/<slug:conference_slug>/<slug:slug>/", SessionViewSet.as_view(DETAIL), name="session-detail"),
    path("speakers/", SpeakerViewSet.as_view(LIST), name="speaker-list"),
    path("speakers/<slug:slug>/", SpeakerViewSet.as_view(DETAIL), name="speaker-detail"),
    path("cities/", CityViewSet.as_view(LIST), name="city-list"),
    path("cities/<slug:slug>/", CityViewSet.as_view(DETAIL), name="city-detail"),
    path("projects/", ProjectViewSet.as_view(LIST), name="project-list"),
    path("projects/<slug:slug>/", ProjectViewSet.as_view(DETAIL), name="project-detail"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="docs"),
]
