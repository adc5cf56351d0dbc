"""The OpenAPI schema's additions for every endpoint of the API (drf-spectacular)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import is_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from yport.api import LANGUAGE_PARAMETER
from yport.languages import language_codes


# The body of every error but a refused filter value (yport.api.exception_handler); no docstring, which the schema
# would show untranslated.
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the answer's language."))

    class Meta:
        ref_name = "Error"


FILTER_ERRORS = {
    "type": "object",
    "description": _("One key per refused parameter, with its messages in the answer's language."),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class AutoSchema(openapi.AutoSchema):
    """Every operation takes the ``lang`` parameter and the ``Accept-Language`` header, and documents its errors
    with their bodies: 404 and 429 on every operation, 400 on the lists (a filter value they cannot use)."""

    def get_response_serializers(self):
        found = super().get_response_serializers()
        if not is_serializer(found):
            return found  # an operation that states its own responses
        responses = {200: found}
        if getattr(self.view, "action", None) == "list":
            responses[400] = OpenApiResponse(FILTER_ERRORS, description=_("A filter value that cannot be used."))
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
                    "Language of the answer; without it, the first of Accept-Language that the site has, else ja."
                ),
            ),
            OpenApiParameter(
                "Accept-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=_("Used when lang is not given."),
            ),
        ]
