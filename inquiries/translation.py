from modeltranslation.translator import TranslationOptions, register

from inquiries.models import ReplyTemplate


@register(ReplyTemplate)
class ReplyTemplateTranslationOptions(TranslationOptions):
    fields = ("name", "subject", "body")
    required_languages = ("ja",)
