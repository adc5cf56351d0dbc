"""The read-only JSON API at /api/v1/ (docs/api.md): one list and one detail address per resource, the OpenAPI
schema, and the old address of its reference page."""

import json

from django.shortcuts import redirect
from django.urls import path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from cities.api import CityViewSet, DatasetRowsViewSet, DatasetViewSet
from cities.catalogue import DATASETS
from conferences.api import ConferenceViewSet, SessionViewSet, SpeakerViewSet
from projects.api import ProjectViewSet
from yport.api import LanguageMixin, requested_language

app_name = "api"

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}

JSON_RENDERERS = [OpenApiJsonRenderer, OpenApiJsonRenderer2]
YAML_RENDERERS = [OpenApiYamlRenderer, OpenApiYamlRenderer2]
# Built once per language and process (a few hundred milliseconds each time): the schema changes only with the code.
SCHEMAS = {}


def openapi_schema(language: str) -> dict:
    """The OpenAPI schema with its texts in ``language``, as plain data: what the schema address serves and the
    reference page (``yport.api_reference``) shows."""
    if language not in SCHEMAS:
        with translation.override(language):
            generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
            schema = generator.get_schema(request=None, public=spectacular_settings.SERVE_PUBLIC)
            # Through JSON: the lazy texts become strings in this language, whichever is active when it is used.
            SCHEMAS[language] = json.loads(OpenApiJsonRenderer().render(schema))
    return SCHEMAS[language]


class SchemaView(LanguageMixin, SpectacularAPIView):
    """The OpenAPI 3 schema in the requested language: JSON (``application/vnd.oai.openapi+json`` by default,
    ``application/json`` when asked for, as many OpenAPI tools do), or YAML for ``Accept: application/vnd.oai.openapi``
    or ``application/yaml``."""

    # The first is the answer to a request that accepts anything.
    renderer_classes = [*JSON_RENDERERS, *YAML_RENDERERS]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return Response(openapi_schema(translation.get_language()))  # LanguageMixin's: ?lang= or Accept-Language


def docs(request):
    """The reference page's first address (it was Swagger UI): the page in the requested language."""
    language = requested_language(request)
    with translation.override(language):
        response = redirect("api_reference")
    patch_vary_headers(response, ("Accept-Language",))
    return response


urlpatterns = [
    path("conferences/", ConferenceViewSet.as_view(LIST), name="conference-list"),
    path("conferences/<slug:slug>/", ConferenceViewSet.as_view(DETAIL), name="conference-detail"),
    path("sessions/", SessionViewSet.as_view(LIST), name="session-list"),
    path("sessions/<slug:conference_slug>/<slug:slug>/", SessionViewSet.as_view(DETAIL), name="session-detail"),
    path("speakers/", SpeakerViewSet.as_view(LIST), name="speaker-list"),
    path("speakers/<slug:slug>/", SpeakerViewSet.as_view(DETAIL), name="speaker-detail"),
    path("cities/", CityViewSet.as_view(LIST), name="city-list"),
    path("cities/<slug:slug>/", CityViewSet.as_view(DETAIL), name="city-detail"),
    # The open-data catalogue, and one address per dataset (so that the schema describes each one's rows).
    path("data/", DatasetViewSet.as_view(LIST), name="data-list"),
    *(
        path(f"data/{dataset.slug}/", DatasetRowsViewSet.as_view(LIST, dataset=dataset), name=f"data-{dataset.slug}")
        for dataset in DATASETS
    ),
    path("projects/", ProjectViewSet.as_view(LIST), name="project-list"),
    path("projects/<slug:slug>/", ProjectViewSet.as_view(DETAIL), name="project-detail"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # Links for a browser, which accepts anything: the one format each address serves.
    path("schema/openapi.json", SchemaView.as_view(renderer_classes=JSON_RENDERERS), name="schema-json"),
    path("schema/openapi.yaml", SchemaView.as_view(renderer_classes=YAML_RENDERERS), name="schema-yaml"),
    path("docs/", docs, name="docs"),
]
