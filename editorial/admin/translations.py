"""Translations in the admin: which records still lack English text, and which English text may have fallen behind
the Japanese (editorial.stale_translations)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.translator import translator

from editorial.stale_translations import (
    confirm_translations,
    is_translated,
    record_translation_edit,
    stale_fields,
    stale_translation_exists,
)


def translated_field_names(model):
    return sorted(translator.get_options_for_model(model).fields)


def _empty(field_name):
    return Q(**{f"{field_name}__isnull": True}) | Q(**{field_name: ""})


def english_missing_condition(model):
    """Rows where some translated field has Japanese text but no English text."""
    condition = Q(pk__in=[])
    for name in translated_field_names(model):
        condition |= _empty(f"{name}_en") & ~_empty(f"{name}_ja")
    return condition


def lacks_english(instance):
    return any(
        getattr(instance, f"{name}_ja", None) and not getattr(instance, f"{name}_en", None)
        for name in translated_field_names(type(instance))
    )


class EnglishTextListFilter(admin.SimpleListFilter):
    title = _("English text")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return (("missing", _("missing")), ("complete", _("complete")))

    def queryset(self, request, queryset):
        condition = english_missing_condition(queryset.model)
        if self.value() == "missing":
            return queryset.filter(condition)
        if self.value() == "complete":
            return queryset.exclude(condition)
        return queryset


class TranslationStatusMixin:
    """Adds the ``english_complete`` list column; put ``EnglishTextListFilter`` in ``list_filter``."""

    @admin.display(description=_("English complete"), boolean=True)
    def english_complete(self, obj):
        return not lacks_english(obj)


class StaleTranslationListFilter(admin.SimpleListFilter):
    title = _("English up to date")
    parameter_name = "english_current"

    def lookups(self, request, model_admin):
        return (("stale", _("possibly out of date")), ("current", _("up to date")))

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(stale_translation_exists(queryset.model))
        if self.value() == "current":
            return queryset.exclude(stale_translation_exists(queryset.model))
        return queryset


STALE_HELP_TEXT = _(
    "Possibly out of date: the Japanese text changed after this English text was last edited. Edit it, or confirm it "
    "is still correct."
)


class StaleTranslationAdminMixin:
    """For admins with ``stale_translations = True``: flags English text that may have fallen behind the Japanese
    (``editorial.stale_translations``) on every save of the form and its inlines (steps of the composed admin's
    hooks, editorial.admin.EditorialModelAdmin); adds the ``english_current`` list column (put
    ``StaleTranslationListFilter`` in ``list_filter``), a "still correct" checkbox and action, and a marker on each
    flagged field."""

    confirm_field_name = "english_still_correct"
    stale_translations = False

    @property
    def media(self):
        media = super().media
        if not self.stale_translations:
            return media
        return media + forms.Media(js=["js/stale-translation-tabs.js"], css={"all": ["css/admin-translations.css"]})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.stale_translations:
            return queryset
        return queryset.annotate(has_stale_translation=stale_translation_exists(self.model))

    @admin.display(description=_("English up to date"), boolean=True, ordering="has_stale_translation")
    def english_current(self, obj):
        return not obj.has_stale_translation

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.stale_translations and self.has_change_permission(request):
            action = self.get_action("confirm_english")
            actions[action[1]] = action
        return actions

    @admin.action(description=_("Confirm the English of the selected items is still correct"))
    def confirm_english(self, request, queryset):
        count = confirm_translations(objects=queryset)
        self.message_user(
            request,
            ngettext(
                "English confirmed as up to date for %(count)d item.",
                "English confirmed as up to date for %(count)d items.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def _stale_fields(self, obj):
        if obj is None or not self.stale_translations:
            return set()
        if not hasattr(obj, "_stale_fields"):
            obj._stale_fields = stale_fields(obj)
        return obj._stale_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        stale = self._stale_fields(obj)
        if stale:
            confirm = forms.BooleanField(
                label=_("The English is still correct"),
                required=False,
                help_text=_("Clears the “possibly out of date” marks without editing the English."),
            )
            base_form = kwargs.get("form", self.form)
            kwargs["form"] = type("StaleTranslationForm", (base_form,), {self.confirm_field_name: confirm})
        form_class = super().get_form(request, obj, change=change, **kwargs)
        for name in stale:
            field = form_class.base_fields.get(name)
            if field is not None:
                field.help_text = STALE_HELP_TEXT
                classes = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{classes} stale-translation".strip()
        return form_class

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._stale_fields(obj):
            fieldsets = [*fieldsets, (_("Translation"), {"fields": (self.confirm_field_name,)})]
        return fieldsets

    def record_translations_after_save(self, obj, form, change):
        if change:
            if form.cleaned_data.get(self.confirm_field_name):
                confirm_translations(objects=[obj])
            record_translation_edit(obj=obj, changed_fields=form.changed_data)

    def record_translations_after_formset_save(self, formset):
        if is_translated(formset.model):
            for obj, changed_fields in formset.changed_objects:
                record_translation_edit(obj=obj, changed_fields=changed_fields)
