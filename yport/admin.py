"""Admin pieces shared by the content apps: which records still lack English text, publish/unpublish, picture
previews, and uploads when the file storage does not answer."""

import logging

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.translator import translator

from yport.publishing import PublicationState
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


class PublishableAdminMixin:
    """Publish / unpublish actions for models built on ``yport.publishing.Publishable``."""

    actions = ("publish", "unpublish")

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_state(request, queryset, PublicationState.PUBLISHED)

    @admin.action(description=_("Unpublish the selected items (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_state(request, queryset, PublicationState.DRAFT)

    def _set_state(self, request, queryset, state):
        changed = 0
        for obj in queryset.exclude(publication_state=state):
            obj.publication_state = state
            obj.save(update_fields=["publication_state", "updated_at"])
            self.log_change(request, obj, [{"changed": {"fields": ["publication_state"]}}])
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d item changed.", "%(count)d items changed.", changed) % {"count": changed},
            messages.SUCCESS,
        )


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
