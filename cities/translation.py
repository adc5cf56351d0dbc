from modeltranslation.translator import TranslationOptions, register

from cities.licence import OpenDataLicence
from cities.models import (
    City,
    CityCooperation,
    FieldOfCooperation,
    KeyFigure,
    SDGEvaluation,
    SDGGoal,
    SDGIndicator,
    VoluntaryLocalReview,
)


@register(SDGGoal)
class SDGGoalTranslationOptions(TranslationOptions):
    fields = ("short_name",)
    required_languages = ("ja",)


@register(FieldOfCooperation)
class FieldOfCooperationTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja",)


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "vision", "agreement_name", "hero_image_alt", "development_sectors")
    required_languages = ("ja",)


@register(KeyFigure)
class KeyFigureTranslationOptions(TranslationOptions):
    fields = ("label", "source")


@register(SDGEvaluation)
class SDGEvaluationTranslationOptions(TranslationOptions):
    fields = ("title", "method")
    required_languages = ("ja",)


@register(SDGIndicator)
class SDGIndicatorTranslationOptions(TranslationOptions):
    fields = ("text", "unit", "source")
    required_languages = ("ja",)


@register(VoluntaryLocalReview)
class VoluntaryLocalReviewTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("ja",)


@register(CityCooperation)
class CityCooperationTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(OpenDataLicence)
class OpenDataLicenceTranslationOptions(TranslationOptions):
    fields = ("name", "url", "note")
