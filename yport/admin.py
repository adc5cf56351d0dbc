"""Admin pieces shared by every app: picture previews, the permissions of import and export, uploads when the file
storage does not answer, and erasing a person's data on their request. (The editorial workflow's admin — approval,
previews, translations, slugs, versions — is editorial.admin.)"""

import logging

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yport import outbox_admin  # noqa: F401 - registers the outbox's admin
from yport.kana import HIRAGANA_TO_KATAKANA
from yport.storage import STORAGE_ERRORS

logger = logging.getLogger(__name__)


def image_preview(image, width):
    """A picture's rendition for the admin's preview columns and fields; a dash without a picture."""
    if not image:
        return "—"
    return format_html('<img src="{}" alt="" width="{}" loading="lazy">', image.rendition(width), width)


class HistoryInline(admin.TabularInline):
    """Rows that record what happened to an object (its emails, its events), listed under it: every field of
    ``fields`` read-only, none added, changed or deleted."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


class KanaSearchMixin:
    """A search in hiragana also finds the readings (フリガナ) among the ``search_fields``, which are stored in
    katakana (ヤマダ for やまだ)."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        in_katakana = search_term.translate(HIRAGANA_TO_KATAKANA)
        if in_katakana != search_term:
            katakana_results, katakana_duplicates = super().get_search_results(request, queryset, in_katakana)
            results = results | katakana_results
            may_have_duplicates = may_have_duplicates or katakana_duplicates
        return results, may_have_duplicates


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


ERASE_CONFIRMED = "erase_confirmed"


def erase_on_request_action(erase, *, description):
    """An admin action that erases the personal data of the selected rows when the person asked for it (the privacy
    notice says whom to ask), after a page that lists them and asks again: ``erase(obj)`` for each row whose data is
    still there (``anonymised_at`` empty). Shown to staff for whom the ModelAdmin's ``has_erase_permission`` holds."""

    @admin.action(description=description, permissions=["erase"])
    def erase_selected(modeladmin, request, queryset):
        rows = list(queryset.filter(anonymised_at__isnull=True).order_by("pk"))
        if request.POST.get(ERASE_CONFIRMED) != "yes":
            context = {
                **modeladmin.admin_site.each_context(request),
                "title": gettext("Erase personal data on request"),
                "opts": modeladmin.opts,
                "rows": rows,
                "action_name": "erase_selected",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "confirmed_name": ERASE_CONFIRMED,
            }
            return TemplateResponse(request, "admin/erase_selected_confirmation.html", context)
        for row in rows:
            erase(row)
        modeladmin.message_user(
            request,
            gettext("The personal data of %(count)d %(items)s was erased.")
            % {"count": len(rows), "items": model_ngettext(modeladmin.opts, len(rows))},
            messages.SUCCESS,
        )
        return None

    return erase_selected
