"""The OpenAPI schema's additions for every endpoint of the API (drf-spectacular)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import is_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from yport.api import LANGUAGE_PARAMETER
from yport.languages import language_codes


# The body of every error but a refused parameter value (yport.api.exception_handler); no docstring, which the
# schema would show untranslated.
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the answer's language."))

    class Meta:
        ref_name = "Error"


# The body of a 400 (yport.api.refused_parameter, and django-filter's errors as DRF gives them).
PARAMETER_ERRORS = {
    "type": "object",
    "description": _("One key per refused parameter, with its messages in the answer's language."),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class AutoSchema(openapi.AutoSchema):
    """Every operation takes the ``lang`` parameter and the ``Accept-Language`` header, and documents its errors
    with their bodies: 400 (a parameter value it cannot use: ``lang``, a filter, a page), 404 and 429."""

    def get_response_serializers(self):
        found = super().get_response_serializers()
        if not is_serializer(found):
            return found  # an operation that states its own responses
        responses = {200: found}
        responses[400] = OpenApiResponse(PARAMETER_ERRORS, description=_("A parameter value that cannot be used."))
        responses[404] = OpenApiResponse(
            ErrorSerializer, description=_("No such item, a page past the end, or an unknown address.")
        )
        responses[429] = OpenApiResponse(
            ErrorSerializer, description=_("Too many requests from this client; Retry-After says when to try again.")
        )
        return responses

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                LANGUAGE_PARAMETER,
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=language_codes(),
                description=_(
                    "Language of the answer, in any case (EN is en); without it, the first of Accept-Language that "
                    "the site has, else ja. Any other value is refused (400)."
                ),
            ),
            OpenApiParameter(
                "Accept-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=_("Used when lang is not given."),
            ),
        ]


def empty_query_value_is_absent(result, generator, request, public):
    """Every query parameter may be sent empty (``?year=``), which means the same as leaving it out: as on the list
    pages, whose forms send their empty fields. A drf-spectacular postprocessing hook."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
