"""Admin pieces shared by the content apps: which records still lack English text, publishing and approval,
picture previews, and uploads when the file storage does not answer."""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.translator import translator

from yport import approvals, outbox_admin  # noqa: F401 - outbox_admin registers the outbox's admin
from yport.models import ApprovalRequest, ApprovalStatus
from yport.previews import create_preview_link, links_for, preview_url, revoke_preview_link
from yport.publishing import PublicationState
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


class ApprovalListFilter(admin.SimpleListFilter):
    title = _("approval")
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        return (("awaiting", pgettext_lazy("approval status", "awaiting approval")),)

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            content_type = ContentType.objects.get_for_model(queryset.model)
            awaiting = ApprovalRequest.objects.awaiting().filter(content_type=content_type)
            return queryset.filter(pk__in=awaiting.values("object_id"))
        return queryset


class ApprovalForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"), required=False, max_length=approvals.COMMENT_MAX_LENGTH, widget=forms.Textarea
    )
    publish_from = forms.SplitDateTimeField(
        label=_("publish from"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_("Leave empty to publish at once."),
    )
    publish_until = forms.SplitDateTimeField(
        label=_("publish until"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_("Leave empty to keep it published."),
    )

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("publish_from"), cleaned_data.get("publish_until")
        if start and end and end <= start:
            raise ValidationError(_("The end of the publish window must be after its start."), code="window")
        return cleaned_data


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


class PublishableAdminMixin:
    """Publishing and approval for models built on ``yport.publishing.Publishable`` (see yport/approvals.py).

    Publishers (and superusers) publish and unpublish with the list actions and the publication fields. For everyone
    else those are read-only and refused whatever is posted; they submit for approval from the change page, and a
    change they save to a published item is kept as a proposal until a publisher approves it. Put it before
    ``VersionAdmin`` in the bases."""

    actions = ("publish", "unpublish")
    change_form_template = "admin/approval/change_form.html"

    def has_publish_permission(self, request):
        return approvals.can_publish(request.user)

    @admin.action(description=_("Publish the selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_state(request, queryset, PublicationState.PUBLISHED)

    @admin.action(description=_("Unpublish the selected items (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_state(request, queryset, PublicationState.DRAFT)

    def _set_state(self, request, queryset, state):
        if not self.has_publish_permission(request):
            raise PermissionDenied
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

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), ApprovalListFilter)

    def has_delete_permission(self, request, obj=None):
        # Deleting a published item takes it off the site: that is unpublishing.
        if obj is not None and obj.publication_state == PublicationState.PUBLISHED:
            return self.has_publish_permission(request) and super().has_delete_permission(request, obj)
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if not self.has_publish_permission(request):
            published = queryset.filter(publication_state=PublicationState.PUBLISHED)
            if published.exists():
                self.message_user(
                    request, _("Published items were not deleted: unpublishing needs a publisher."), messages.WARNING
                )
                queryset = queryset.exclude(publication_state=PublicationState.PUBLISHED)
        super().delete_queryset(request, queryset)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if self.has_publish_permission(request):
            return readonly
        return readonly + tuple(name for name in approvals.PUBLICATION_FIELDS if name not in readonly)

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # Whatever was posted or restored from the history: the publication stays as it was, a new item is a
            # draft.
            live = getattr(request, "approval_live_publication", None) or {
                "publication_state": PublicationState.DRAFT,
                "publish_from": None,
                "publish_until": None,
            }
            for name, value in live.items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)
        request.approval_saved_object = obj

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/approval/",
                self.admin_site.admin_view(self.approval_view),
                name=f"{opts.app_label}_{opts.model_name}_approval",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**self.approval_context(request, object_id), **(extra_context or {})}
        return self._with_approval(
            request,
            object_id,
            lambda: super(PublishableAdminMixin, self).change_view(request, object_id, form_url, context),
        )

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # Restoring a version from the history is a change like any other.
        return self._with_approval(
            request,
            version.object_id,
            lambda: super(PublishableAdminMixin, self)._reversion_revisionform_view(
                request, version, template_name, extra_context
            ),
        )

    def _with_approval(self, request, object_id, view):
        if request.method != "POST" or self.has_publish_permission(request):
            return view()
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            return view()  # a deleted item recovered from the history: save_model makes it a draft
        request.approval_live_publication = {name: getattr(obj, name) for name in approvals.PUBLICATION_FIELDS}
        comment = request.POST.get("approval_comment", "")
        if obj.publication_state != PublicationState.PUBLISHED:
            response = view()
            saved = getattr(request, "approval_saved_object", None)
            if saved is not None and response.status_code == 302 and "_submit_for_approval" in request.POST:
                approvals.submit(
                    obj=saved, revision=approvals.latest_revision(saved), user=request.user, comment=comment
                )
                self.message_user(request, _("Submitted for approval."), messages.SUCCESS)
            return response
        with transaction.atomic(using=router.db_for_write(self.model)):
            approved = approvals.snapshot(obj, user=request.user)
            response = view()
            saved = getattr(request, "approval_saved_object", None)
            if saved is not None and response.status_code == 302:
                approvals.propose_change(obj=saved, approved=approved, user=request.user, comment=comment)
                self.message_user(
                    request,
                    _(
                        "Your change was submitted for approval. Visitors see the approved version until a publisher "
                        "approves it."
                    ),
                    messages.WARNING,
                )
            else:
                approved.delete()
        return response

    def approval_context(self, request, object_id):
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            return {}
        history = list(ApprovalRequest.objects.for_object(obj).select_related("submitted_by", "decided_by", "revision"))
        awaiting = next((item for item in history if item.status == ApprovalStatus.AWAITING), None)
        opts = self.model._meta
        proposal_url = None
        if awaiting is not None:
            version = awaiting.revision.version_set.filter(
                content_type=ContentType.objects.get_for_model(self.model), object_id=str(obj.pk)
            ).first()
            if version is not None:
                proposal_url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=[quote(obj.pk), version.pk],
                )
        return {
            "approval_history": history,
            "approval_awaiting": awaiting,
            "approval_proposal_url": proposal_url,
            "approval_can_publish": self.has_publish_permission(request),
            "approval_is_published": obj.publication_state == PublicationState.PUBLISHED,
            "approval_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_approval", args=[quote(obj.pk)]
            ),
        }

    def approval_view(self, request, object_id):
        """A publisher approves the item awaiting approval (publishing it within the window given) or sends it
        back, with a comment."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not (self.has_publish_permission(request) and self.has_view_or_change_permission(request, obj)):
            raise PermissionDenied
        context = self.approval_context(request, object_id)
        awaiting = context["approval_awaiting"]
        change_url = reverse(
            f"{self.admin_site.name}:{self.model._meta.app_label}_{self.model._meta.model_name}_change",
            args=[quote(obj.pk)],
        )
        form = ApprovalForm(
            request.POST or None,
            initial={"publish_from": obj.publish_from, "publish_until": obj.publish_until},
        )
        decision = next((name for name in ("_approve", "_send_back") if name in request.POST), None)
        if request.method == "POST" and awaiting is not None and decision and form.is_valid():
            data = form.cleaned_data
            try:
                if decision == "_send_back":
                    approvals.send_back(request=awaiting, user=request.user, comment=data["comment"])
                    self.message_user(request, _("Sent back; the public keeps the approved version."))
                else:
                    approvals.approve(
                        request=awaiting,
                        user=request.user,
                        comment=data["comment"],
                        publish_from=data["publish_from"],
                        publish_until=data["publish_until"],
                    )
                    self.message_user(request, _("Approved and published."), messages.SUCCESS)
            except approvals.ApprovalError:
                self.message_user(request, _("This submission was decided or replaced meanwhile."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        context.update(
            self.admin_site.each_context(request),
            title=_("Approval: %(item)s") % {"item": obj},
            opts=self.model._meta,
            original=obj,
            form=form,
            media=self.media + form.media,
            change_url=change_url,
        )
        return TemplateResponse(request, "admin/approval/approval.html", context)


class ApprovalChildAdminMixin:
    """For the admin of a part of a publishable item edited on its own page (a conference's session, a city's key
    figure or SDG evaluation): when someone who may not publish adds, changes, restores or deletes a part of a
    published item, the change is a proposal for the whole item (see ``PublishableAdminMixin``) and the live rows
    stay as approved. The item's reversion registration must follow the part (and the part's own inlines).
    ``approval_parent`` names the foreign key to the item. Put it before ``VersionAdmin`` in the bases."""

    approval_parent = None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        request.approval_saved_object = obj

    def delete_queryset(self, request, queryset):
        if not approvals.can_publish(request.user):
            published = {f"{self.approval_parent}__publication_state": PublicationState.PUBLISHED}
            if queryset.filter(**published).exists():
                self.message_user(
                    request,
                    _("Parts of published items were not deleted: delete them on the item's page, for approval."),
                    messages.WARNING,
                )
                queryset = queryset.exclude(**published)
        super().delete_queryset(request, queryset)

    def _approval_owner(self, request, object_id):
        field = self.model._meta.get_field(self.approval_parent)
        if object_id is not None:
            obj = self.get_object(request, unquote(str(object_id)))
            if obj is not None:
                return getattr(obj, self.approval_parent)
        try:
            return field.related_model._default_manager.filter(pk=request.POST.get(self.approval_parent)).first()
        except (ValueError, ValidationError):
            return None

    def _propose(self, request, object_id, view):
        if request.method != "POST" or approvals.can_publish(request.user):
            return view()
        owner = self._approval_owner(request, object_id)
        if owner is None or owner.publication_state != PublicationState.PUBLISHED:
            return view()
        with transaction.atomic(using=router.db_for_write(self.model)):
            approved = approvals.snapshot(owner, user=request.user)
            response = view()
            if response.status_code == 302:
                owner = type(owner)._default_manager.get(pk=owner.pk)
                proposal = approvals.snapshot(
                    owner, user=request.user, comment=gettext("Proposed change to %(item)s") % {"item": owner}
                )
                approvals.propose_change(obj=owner, approved=approved, proposal=proposal, user=request.user)
                self.message_user(
                    request,
                    _(
                        "Your change was submitted for approval. Visitors see the approved version until a publisher "
                        "approves it."
                    ),
                    messages.WARNING,
                )
            else:
                approved.delete()
        return response

    def add_view(self, request, form_url="", extra_context=None):
        return self._propose(
            request, None, lambda: super(ApprovalChildAdminMixin, self).add_view(request, form_url, extra_context)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._propose(
            request,
            object_id,
            lambda: super(ApprovalChildAdminMixin, self).change_view(request, object_id, form_url, extra_context),
        )

    def delete_view(self, request, object_id, extra_context=None):
        return self._propose(
            request,
            object_id,
            lambda: super(ApprovalChildAdminMixin, self).delete_view(request, object_id, extra_context),
        )

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        exists = self.model._default_manager.filter(pk=version.object_id).exists()
        return self._propose(
            request,
            version.object_id if exists else None,
            lambda: super(ApprovalChildAdminMixin, self)._reversion_revisionform_view(
                request, version, template_name, extra_context
            ),
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


class PreviewLinkAdminMixin:
    """Shareable preview links on the change page: make one (in either language), see them all, revoke one. The
    buttons submit the change form to their own address (``formaction``), so the page needs no script."""

    # Extends the approval change form: every admin with preview links is a PublishableAdminMixin one too.
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
