"""The site's languages (settings.LANGUAGES), read in one place."""

from django.conf import settings


def language_codes() -> list[str]:
    """The codes of the site's languages, Japanese (the default and the source of every translation) first."""
    return [code for code, _name in settings.LANGUAGES]


def language_names() -> dict[str, str]:
    """Each language's name by its code, in the active language."""
    return dict(settings.LANGUAGES)
