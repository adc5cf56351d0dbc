from modeltranslation.translator import TranslationOptions, register

from sitepages.models import SitePage


@register(SitePage)
class SitePageTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ja",)
