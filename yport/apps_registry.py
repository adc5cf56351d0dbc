"""What the installed apps declare about themselves, so that generic code never lists app names.

An app whose models are what the public pages show says so on its AppConfig: ``public_content = True``. The page
cache makes a new content generation when any of their rows changes, the content editors' group holds their
permissions, and the benchmark times a page of each of their models. An app that is not public content but has a
model the public pages show names it (lower-case model name) in ``public_content_models``: a change of one of its
rows makes a new content generation too, and nothing else follows.
"""

from django.apps import apps


def public_content_apps():
    """The app configs that declare ``public_content = True``, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if getattr(config, "public_content", False)]


def public_content_app_labels() -> tuple[str, ...]:
    return tuple(config.label for config in public_content_apps())


def is_public_content_model(model) -> bool:
    """Whether ``model`` belongs to an app that declares public content, or its app names it in
    ``public_content_models``."""
    config = apps.app_configs.get(model._meta.app_label)
    return getattr(config, "public_content", False) or model._meta.model_name in getattr(
        config, "public_content_models", ()
    )
