from modeltranslation.translator import TranslationOptions, register

from conferences.models import Appearance, Conference, Session, Speaker


@register(Conference)
class ConferenceTranslationOptions(TranslationOptions):
    fields = ("title", "theme", "description", "venue", "organiser", "banner_alt")
    required_languages = ("ja",)


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("ja",)


@register(Speaker)
class SpeakerTranslationOptions(TranslationOptions):
    fields = ("name", "position", "organisation", "biography")
    required_languages = ("ja",)


@register(Appearance)
class AppearanceTranslationOptions(TranslationOptions):
    fields = ("presentation_title", "position", "organisation")
