from modeltranslation.translator import TranslationOptions, register

from registrations.models import RegistrationSetup


@register(RegistrationSetup)
class RegistrationSetupTranslationOptions(TranslationOptions):
    fields = ("page_text", "confirmation_text")
