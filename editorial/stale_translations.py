"""English text that may have fallen behind the Japanese: when a Japanese field changes while its English
counterpart (not empty) stays as it was, the English field is flagged "possibly out of date" until someone edits it or
confirms it is still correct. Called from the admin's save path and from imports, never from ``save()``."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, QuerySet
from modeltranslation.translator import translator

from editorial.models import StaleTranslation
from yport.languages import language_codes

SOURCE_LANGUAGE = settings.LANGUAGE_CODE  # Japanese: the text every translation follows


def translation_languages() -> list[str]:
    return [code for code in language_codes() if code != SOURCE_LANGUAGE]


def is_translated(model) -> bool:
    return model in translator.get_registered_models()


def translated_pairs(model) -> list[tuple[str, str]]:
    """(source field, translation field) for every translated field and language: ``("title_ja", "title_en")``."""
    names = sorted(translator.get_options_for_model(model).fields)
    return [(f"{name}_{SOURCE_LANGUAGE}", f"{name}_{code}") for name in names for code in translation_languages()]


def translated_values(obj: Model) -> dict[str, object]:
    """The translated fields' current values, to compare with after a change (``record_translation_changes``)."""
    return {field: getattr(obj, field) for pair in translated_pairs(type(obj)) for field in pair}


def stored_translated_values(model, pk) -> dict[str, object] | None:
    """The translated fields' values as stored, or None for a row not in the database."""
    fields = [field for pair in translated_pairs(model) for field in pair]
    return model._default_manager.filter(pk=pk).values(*fields).first() if pk is not None else None


def _rows(obj: Model) -> QuerySet:
    return StaleTranslation.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def record_translation_edit(*, obj: Model, changed_fields: Iterable[str]) -> set[str]:
    """After ``obj`` was saved with ``changed_fields`` (model field names such as ``title_ja``) changed: flag each
    translation whose source changed while it did not and is not empty (an empty one is "missing", not out of
    date); clear each translation that was edited. Returns the fields now flagged. Side effects: creates and deletes
    StaleTranslation rows."""
    changed = set(changed_fields)
    to_flag, to_clear = [], []
    for source, target in translated_pairs(type(obj)):
        if target in changed:
            to_clear.append(target)
        elif source in changed and getattr(obj, target):
            to_flag.append(target)
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        if to_clear:
            _rows(obj).filter(field_name__in=to_clear).delete()
        if to_flag:
            StaleTranslation.objects.bulk_create(
                [StaleTranslation(content_type=content_type, object_id=obj.pk, field_name=name) for name in to_flag],
                ignore_conflicts=True,
            )
    return stale_fields(obj)


def record_translation_changes(*, obj: Model, before: dict[str, object] | None) -> set[str]:
    """``record_translation_edit`` for the fields whose values differ from ``before`` (``translated_values`` or
    ``stored_translated_values`` taken before the change; None for a new row, which has nothing out of date)."""
    if before is None:
        return set()
    after = translated_values(obj)
    changed = [name for name, value in after.items() if (value or "") != (before.get(name) or "")]
    return record_translation_edit(obj=obj, changed_fields=changed)


def confirm_translations(*, objects: Iterable[Model]) -> int:
    """Someone checked the translations of ``objects`` and they are still correct: clear every flag. Returns how many
    objects had one. Side effects: deletes StaleTranslation rows."""
    confirmed = 0
    with transaction.atomic():
        for obj in objects:
            deleted, _detail = _rows(obj).delete()
            confirmed += bool(deleted)
    return confirmed


def stale_fields(obj: Model) -> set[str]:
    if obj.pk is None:
        return set()
    return set(_rows(obj).values_list("field_name", flat=True))


def stale_translation_exists(model) -> Exists:
    """For ``annotate``/``filter``: whether a row has a translation flagged as possibly out of date."""
    return Exists(
        StaleTranslation.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"))
    )


class StaleTranslationResourceMixin:
    """For a django-import-export resource: an imported row flags and clears like an edit in the admin."""

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance._translations_before = stored_translated_values(type(instance), instance.pk)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if instance.pk is not None:
            record_translation_changes(obj=instance, before=getattr(instance, "_translations_before", None))
