from modeltranslation.translator import TranslationOptions, register

from cities.models import City, FieldOfCooperation, SDGGoal


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
    fields = ("name", "summary", "vision", "agreement_name", "hero_image_alt")
    required_languages = ("ja",)
