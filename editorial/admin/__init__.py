"""The composed admin bases of content under the editorial workflow. A content admin builds on the one base of its
capability set and names its own concerns only (fields, lists, inlines, and the capabilities it switches on):

- ``EditorialAdmin``: publishable content with a state of its own (a conference, a city): publishing and approval,
  preview links, slug history, stale translations, version comparison.
- ``EditorialPartAdmin``: a part of such an item edited on its own page (a session, a key figure, an SDG
  evaluation), under its item's approval (``approval_parent``); version comparison.
- ``EditorialItemAdmin``: content the public sees as it is stored (a speaker, a site page, a field of cooperation,
  a goal's name), with its approval page.

Every base also stores uploads safely (``MediaStorageErrorMixin``), shows whether the English is complete and keeps
import and export to those allowed (add ``ImportExportModelAdmin`` after the base for them). Switches:
``slug_history``, ``stale_translations``, ``revision_compare``, ``preview_links``.

The admin hooks that several capabilities take part in — ``save_model``, ``save_formset``, ``get_urls``,
``change_view``, ``delete_queryset`` and django-reversion's ``_reversion_revisionform_view`` — are written once,
here, and call each capability's steps in a fixed order; no capability overrides them, so no order of bases
matters."""

from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from editorial.admin.approvals import ApprovalAdminMixin, ApprovalChildAdminMixin, PublishableAdminMixin
from editorial.admin.previews import PreviewLinkSteps
from editorial.admin.slugs import SlugHistorySteps
from editorial.admin.translations import StaleTranslationAdminMixin, TranslationStatusMixin
from editorial.revision_compare import RevisionCompareAdminMixin
from editorial.slug_history import record_slug_change
from yport.admin import MediaStorageErrorMixin, StaffImportExportMixin

__all__ = ["EditorialAdmin", "EditorialItemAdmin", "EditorialPartAdmin"]


class EditorialModelAdmin(
    SlugHistorySteps,
    MediaStorageErrorMixin,
    PreviewLinkSteps,
    StaleTranslationAdminMixin,
    RevisionCompareAdminMixin,
    StaffImportExportMixin,
    TranslationStatusMixin,
    VersionAdmin,
    TabbedTranslationAdmin,
):
    """The hooks of every editorial admin, each written once. The approval capability (the class before this one
    in a base) provides the ``approval_*`` steps and ``deletable``; the defaults here are those of no approval."""

    slug_history = False
    stale_translations = False
    revision_compare = False
    preview_links = False

    # The approval steps (editorial.admin.approvals), for an admin without approval.
    def approval_urls(self):
        return []

    def approval_context(self, request, object_id):
        return {}

    def approval_route(self, request, object_id, view, version=None):
        return view()

    def approval_before_save(self, request, obj):
        pass

    def approval_after_save(self, request, obj):
        pass

    def deletable(self, request, queryset):
        return queryset

    # The hooks.
    def get_urls(self):
        return [
            *(self.preview_link_urls() if self.preview_links else ()),
            *self.approval_urls(),
            *(self.compare_urls() if self.revision_compare else ()),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {
            **self.approval_context(request, object_id),
            **(self.preview_link_context(request, object_id) if self.preview_links else {}),
            **(extra_context or {}),
        }
        return self.approval_route(
            request,
            object_id,
            lambda: super(EditorialModelAdmin, self).change_view(request, object_id, form_url, context),
        )

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # Restoring a version from the history is a change like any other, of everything its revision holds.
        old_slug = self.slug_before_revert(request, version) if self.slug_history else None
        response = self.approval_route(
            request,
            version.object_id,
            lambda: super(EditorialModelAdmin, self)._reversion_revisionform_view(
                request, version, template_name, extra_context
            ),
            version=version,
        )
        if old_slug:
            self.record_slug_after_revert(version, old_slug, response)
        return response

    def save_model(self, request, obj, form, change):
        old_slug = self.slug_before_save(form, change) if self.slug_history else None
        self.approval_before_save(request, obj)
        super().save_model(request, obj, form, change)
        if self.stale_translations:
            self.record_translations_after_save(obj, form, change)
        self.approval_after_save(request, obj)
        if old_slug:
            record_slug_change(instance=obj, old_slug=old_slug)

    def save_formset(self, request, form, formset, change):
        old_slugs = self.slugs_before_formset_save(formset) if self.slug_history else []
        super().save_formset(request, form, formset, change)
        if self.stale_translations:
            self.record_translations_after_formset_save(formset)
        for instance, old_slug in old_slugs:
            record_slug_change(instance=instance, old_slug=old_slug)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, self.deletable(request, queryset))


class EditorialAdmin(PublishableAdminMixin, EditorialModelAdmin):
    """Publishable content with a state of its own (yport.publishing.Publishable): a conference, a city."""

    change_form_template = "editorial/admin/preview_links_change_form.html"  # extends the approval change form
    slug_history = True
    stale_translations = True
    revision_compare = True
    preview_links = True


class EditorialPartAdmin(ApprovalChildAdminMixin, EditorialModelAdmin):
    """A part of a publishable item edited on its own page: a session, a key figure, an SDG evaluation. Name the
    foreign key to the item in ``approval_parent``."""

    revision_compare = True


class EditorialItemAdmin(ApprovalAdminMixin, EditorialModelAdmin):
    """Content the public sees as it is stored, under approval: a speaker, a site page, a field of cooperation, a
    goal's name."""
