"""The OpenAPI schema's additions for every endpoint of the API (drf-spectacular)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from yport.api import LANGUAGE_PARAMETER
from yport.languages import language_codes


class AutoSchema(openapi.AutoSchema):
    """Every operation takes the ``lang`` parameter and the ``Accept-Language`` header."""

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
