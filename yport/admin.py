"""Admin pieces shared by the content apps: which records still lack English text, picture previews, and uploads
when the file storage does not answer (publishing and approval: yport.approval_admin)."""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.translator import translator

from yport import outbox_admin  # noqa: F401 - registers the outbox's admin
from yport.previews import create_preview_link, links_for, preview_url, revoke_preview_link
from yport.stale_translations import (
    confirm_translations,
    is_translated,
    record_translation_edit,
    stale_fields,
    stale_translation_exists,
)
from yport.storage import STORAGE_ERRORS

logger = logging.getLogger(__name__)


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


def image_preview(image, width):
    """A picture's rendition for the admin's preview columns and fields; a dash without a picture."""
    if not image:
        return "—"
    return format_html('<img src="{}" alt="" width="{}" loading="lazy">', image.rendition(width), width)


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
    """Flags English text that may have fallen behind the Japanese (``yport.stale_translations``) on every save of
    the form and its inlines; adds the ``english_current`` list column (put ``StaleTranslationListFilter`` in
    ``list_filter``), a "still correct" checkbox and action, and a marker on each flagged field."""

    confirm_field_name = "english_still_correct"

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/stale-translation-tabs.js"], css={"all": ["css/admin-translations.css"]}
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(has_stale_translation=stale_translation_exists(self.model))

    @admin.display(description=_("English up to date"), boolean=True, ordering="has_stale_translation")
    def english_current(self, obj):
        return not obj.has_stale_translation

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
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
        if obj is None:
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            if form.cleaned_data.get(self.confirm_field_name):
                confirm_translations(objects=[obj])
            record_translation_edit(obj=obj, changed_fields=form.changed_data)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if is_translated(formset.model):
            for obj, changed_fields in formset.changed_objects:
                record_translation_edit(obj=obj, changed_fields=changed_fields)


class StaffImportExportMixin:
    """The permissions of django-import-export's admin pages, which by default let every staff user import and
    export. Importing creates and changes rows, so it needs the model's add and change permissions; exporting shows
    every row, so it needs the view permission (in Django, the change permission includes viewing). Put it first in
    the bases of every admin with ``ImportMixin`` or ``ExportMixin``."""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_valid_export_item_pks(self, request):
        # The rows picked in the list may be exported only if this user's admin list holds them. (Overridden because
        # the library still calls this method for exports started from the action and warns that it is deprecated.)
        return self.get_export_queryset(request).values_list("pk", flat=True)


class MediaStorageErrorMixin:
    """A change with an upload that the file storage refuses or does not answer (the bucket is down, the disk is
    full) is shown again with a form error instead of failing with a server error: nothing of it is saved (the
    admin's transaction is rolled back), and everything the editor entered is on the page again except the file,
    which browsers never fill in. An upload written before the failure is an orphan for ``cleanup_media``. Put it
    first in the bases of every admin whose form or inlines have a file field."""

    storage_error_message = _(
        "The file could not be stored: the file storage did not answer. Nothing was saved. Everything else you "
        "entered is still here: choose the file again and save, or try again later."
    )
    storage_field_error_message = _("This file could not be stored. Choose it again.")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except STORAGE_ERRORS:
            if request.method != "POST" or not request.FILES:
                raise
            logger.exception("The file storage failed while saving %s; the change was not saved.", self.opts.label)
        request.media_storage_failed = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if not getattr(request, "media_storage_failed", False):
            return form_class
        admin_ = self

        class StorageFailedForm(form_class):
            def clean(self):
                super().clean()
                for name in self.files:
                    if name in self.fields:
                        self.add_error(name, ValidationError(admin_.storage_field_error_message, code="storage"))
                raise ValidationError(admin_.storage_error_message, code="storage_unavailable")

        return StorageFailedForm


class PreviewLinkAdminMixin:
    """Shareable preview links on the change page: make one (in either language), see them all, revoke one. The
    buttons submit the change form to their own address (``formaction``), so the page needs no script."""

    # Extends the approval change form: every admin with preview links is a PublishableAdminMixin one too
    # (yport.approval_admin).
    change_form_template = "admin/preview_links_change_form.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(require_POST(self.create_preview_link_view)),
                name="{}_{}_preview_link_create".format(*info),
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(require_POST(self.revoke_preview_link_view)),
                name="{}_{}_preview_link_revoke".format(*info),
            ),
            *super().get_urls(),
        ]

    def _preview_target(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_page(self, obj):
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]) + "#preview-links")

    def create_preview_link_view(self, request, object_id):
        obj = self._preview_target(request, object_id)
        languages = dict(settings.LANGUAGES)
        language = request.POST.get("preview_language")
        if language not in languages:
            language = settings.LANGUAGE_CODE
        link, token = create_preview_link(obj=obj, user=request.user, language=language)
        self.message_user(
            request,
            gettext(
                "Preview link (%(language)s): %(url)s — it works without an account until %(expires)s. Copy it "
                "now: it cannot be shown again."
            )
            % {
                "language": languages[language],
                "url": request.build_absolute_uri(preview_url(token, language)),
                "expires": formats.date_format(link.expires_at, "DATETIME_FORMAT"),
            },
            messages.SUCCESS,
        )
        return self._change_page(obj)

    def revoke_preview_link_view(self, request, object_id, link_id):
        obj = self._preview_target(request, object_id)
        link = links_for(obj).filter(pk=link_id).first()
        if link is None:
            raise Http404
        revoke_preview_link(link=link)
        self.message_user(request, gettext("The preview link was revoked."), messages.SUCCESS)
        return self._change_page(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj):
            extra_context["preview_links"] = list(links_for(obj))
            extra_context["preview_link_days"] = settings.PREVIEW_LINK_DAYS
            extra_context["preview_languages"] = settings.LANGUAGES
            extra_context["now_for_links"] = timezone.now()
        return super().change_view(request, object_id, form_url, extra_context)
