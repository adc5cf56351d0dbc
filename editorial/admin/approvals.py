"""Approval in the admin (see editorial/approvals.py): every route that saves content under approval — the change and
add forms with their inlines, deletion, restoring and recovering from the history — asks ``approvals.needs_approval``
and, when it says so, keeps the change as a proposal through the one flow, ``ApprovalAdminMixin.save_with_approval``.

- ``ApprovalAdminMixin``: an item the public sees as it is stored (a speaker in a published conference, a site page,
  a field of cooperation, a goal's name), with its approval page.
- ``PublishableAdminMixin``: an item with a publication state (a conference, a city); adds publishing.
- ``ApprovalChildAdminMixin``: a part of such an item edited on its own page (a session, a key figure).

They are the approval capability of the composed bases in editorial.admin (use those): each provides the steps
(``approval_route``, ``approval_before_save``, ``approval_after_save``, ``approval_urls``, ``approval_context``,
``deletable``) that the bases' hooks call, and overrides no hook another capability takes part in."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from editorial import approvals
from editorial.models import ApprovalRequest, ApprovalStatus
from yport.publishing import PublicationState

PROPOSED_MESSAGE = _(
    "Your change was submitted for approval. Visitors see the approved version until a publisher approves it."
)


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


class PublishApprovalForm(ApprovalForm):
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


def _key(item):
    return type(item)._meta.label, str(item.pk)


def _stored(items):
    """The rows of ``items`` as stored now, by model and key (those that do not exist are left out)."""
    stored = {}
    for item in items:
        row = type(item)._default_manager.filter(pk=item.pk).first() if item.pk is not None else None
        if row is not None:
            stored[_key(row)] = row
    return stored


class ProposalFlowMixin:
    """The one proposal flow of the admin, for every admin of content under approval."""

    def save_with_approval(self, request, *, before, after, view, comment=""):
        """Run ``view`` (an admin view that saves a change) under the approval rule: when ``needs_approval`` says
        the change of ``request.user`` to the items involved (``before`` and ``after`` it) is a proposal, the live
        rows are snapshot first, the change is saved and recorded as the proposal of the live item (the first of
        ``after``, else of ``before``), and the live rows are put back, all in one transaction."""
        if not approvals.needs_approval(user=request.user, before=before, after=after):
            return view()
        items = _stored(dict.fromkeys(item for item in (*after, *before) if item is not None))
        target = next((item for item in (*after, *before) if approvals.is_live(item) and _key(item) in items), None)
        if target is None:
            # Only a restore from the history can bring back a published item that no longer exists.
            raise PermissionDenied
        target = items[_key(target)]
        with transaction.atomic(using=router.db_for_write(self.model)):
            approved = approvals.snapshot(*items.values(), user=request.user)
            request.approval_proposing = True
            response = view()
            if response.status_code == 302:
                current = _stored(items.values())
                target = current[_key(target)]
                proposal = approvals.snapshot(
                    target,
                    *(item for item in current.values() if item != target),
                    user=request.user,
                    comment=gettext("Proposed change to %(item)s") % {"item": target},
                )
                approvals.propose_change(
                    obj=target, approved=approved, proposal=proposal, user=request.user, comment=comment
                )
                self.message_user(request, PROPOSED_MESSAGE, messages.WARNING)
            else:
                approved.delete()
        return response

    def revision_items(self, version):
        """The items under approval that restoring ``version`` (its whole revision) changes: as stored now and as
        the revision holds them."""
        before, after = [], []
        for recorded in version.revision.version_set.select_related("content_type"):
            model = recorded.content_type.model_class()
            if not isinstance(self.admin_site._registry.get(model), ApprovalAdminMixin):
                continue
            after.append(recorded._object_version.object)
            before.extend(model._default_manager.filter(pk=recorded.object_id))
        return before, after

    def get_changelist_instance(self, request):
        # Editing in the list would save without the rule: only for those who may publish.
        changelist = super().get_changelist_instance(request)
        if not approvals.can_publish(request.user):
            changelist.list_editable = ()
        return changelist


class ApprovalAdminMixin(ProposalFlowMixin):
    """Approval for an item the public sees: who may not publish proposes every change to it while it is live (its
    approval page is where a publisher approves or sends back), adds only what starts hidden, and deletes only what
    is not live. ``approval_prepare(live=…, approved=…)`` may adjust an approved object."""

    change_form_template = "editorial/admin/approval/change_form.html"
    approval_form = ApprovalForm
    approval_prepare = None

    def has_publish_permission(self, request):
        return approvals.can_publish(request.user)

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), ApprovalListFilter)

    def has_add_permission(self, request, *args):
        if approvals.new_items_are_live(self.model) and not self.has_publish_permission(request):
            return False
        return super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        # Deleting a live item takes it off the site: that is for a publisher.
        if obj is not None and approvals.is_live(obj):
            return self.has_publish_permission(request) and super().has_delete_permission(request, obj)
        return super().has_delete_permission(request, obj)

    def deletable(self, request, queryset):
        if not self.has_publish_permission(request):
            live = approvals.live_rows(queryset)
            if live.exists():
                self.message_user(
                    request, _("Published items were not deleted: unpublishing needs a publisher."), messages.WARNING
                )
                queryset = queryset.exclude(pk__in=live.values("pk"))
        return queryset

    def approval_after_save(self, request, obj):
        request.approval_saved_object = obj

    def approval_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/approval/",
                self.admin_site.admin_view(self.approval_view),
                name=f"{opts.app_label}_{opts.model_name}_approval",
            ),
        ]

    def approval_route(self, request, object_id, view, version=None):
        """Run ``view``, which saves a change to the item ``object_id`` (or restores ``version``, a change like any
        other of everything its revision holds), under the approval rule."""
        if request.method != "POST" or self.has_publish_permission(request):
            return view()
        before, after = self.revision_items(version) if version is not None else ([], [])
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            # A deleted item recovered from the history is new (a draft, or refused by the add permission); the
            # rest of its revision is not.
            recovered = (self.model._meta.label, str(object_id))
            after = [item for item in after if _key(item) != recovered]
            return self.save_with_approval(request, before=before, after=after, view=view)
        self.before_approval(request, obj)
        comment = request.POST.get("approval_comment", "")
        if approvals.needs_approval(user=request.user, before=[obj, *before], after=after):
            return self.save_with_approval(request, before=[obj, *before], after=after, view=view, comment=comment)
        response = view()
        saved = getattr(request, "approval_saved_object", None)
        if saved is not None and response.status_code == 302 and "_submit_for_approval" in request.POST:
            approvals.submit(obj=saved, revision=approvals.latest_revision(saved), user=request.user, comment=comment)
            self.message_user(request, _("Submitted for approval."), messages.SUCCESS)
        return response

    def before_approval(self, request, obj):
        """Called with the stored item before a change by someone who may not publish."""

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
            "approval_is_published": approvals.is_live(obj),
            "approval_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_approval", args=[quote(obj.pk)]
            ),
        }

    def approval_initial(self, obj):
        return {}

    def approval_view(self, request, object_id):
        """A publisher approves the item awaiting approval (publishing it within the window given, if it has a
        publication) or sends it back, with a comment."""
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
        form = self.approval_form(request.POST or None, initial=self.approval_initial(obj))
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
                        publish_from=data.get("publish_from"),
                        publish_until=data.get("publish_until"),
                        prepare=self.approval_prepare,
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
        return TemplateResponse(request, "editorial/admin/approval/approval.html", context)


class PublishableAdminMixin(ApprovalAdminMixin):
    """Publishing and approval for models built on ``yport.publishing.Publishable``.

    Publishers (and superusers) publish and unpublish with the list actions and the publication fields. For everyone
    else those are read-only and refused whatever is posted; they submit for approval from the change page, and a
    change they save to a published item is kept as a proposal until a publisher approves it."""

    actions = ("publish", "unpublish")
    approval_form = PublishApprovalForm

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

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if self.has_publish_permission(request):
            return readonly
        return readonly + tuple(name for name in approvals.PUBLICATION_FIELDS if name not in readonly)

    def before_approval(self, request, obj):
        request.approval_live_publication = {name: getattr(obj, name) for name in approvals.PUBLICATION_FIELDS}

    def approval_before_save(self, request, obj):
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

    def approval_initial(self, obj):
        return {"publish_from": obj.publish_from, "publish_until": obj.publish_until}


class ApprovalChildAdminMixin(ProposalFlowMixin):
    """For the admin of a part of a publishable item edited on its own page (a conference's session, a city's key
    figure or SDG evaluation): when someone who may not publish adds, changes, moves, restores or deletes a part, the
    items involved are its parent before the change and the one posted; if either is published, the change is a
    proposal for it (``save_with_approval``) and the live rows stay as approved. The item's reversion registration
    must follow the part (and the part's own inlines). ``approval_parent`` names the foreign key to the item."""

    approval_parent = None

    def approval_before_save(self, request, obj):
        # The last guard, for a route that did not go through save_with_approval.
        if not getattr(request, "approval_proposing", False) and approvals.needs_approval(
            user=request.user, before=self._stored_parents(obj.pk), after=[getattr(obj, self.approval_parent)]
        ):
            raise PermissionDenied

    def deletable(self, request, queryset):
        if not approvals.can_publish(request.user):
            published = {f"{self.approval_parent}__in": approvals.live_rows(self._parents())}
            if queryset.filter(**published).exists():
                self.message_user(
                    request,
                    _("Parts of published items were not deleted: delete them on the item's page, for approval."),
                    messages.WARNING,
                )
                queryset = queryset.exclude(**published)
        return queryset

    def _parents(self):
        return self.model._meta.get_field(self.approval_parent).related_model._default_manager.all()

    def _stored_parents(self, pk):
        if pk is None:
            return []
        attname = self.model._meta.get_field(self.approval_parent).attname
        try:
            return list(self._parents().filter(pk__in=self.model._default_manager.filter(pk=pk).values(attname)))
        except (ValueError, ValidationError):
            return []

    def _posted_parents(self, request):
        value = request.POST.get(self.approval_parent)
        if not value:
            return []
        try:
            return list(self._parents().filter(pk=value))
        except (ValueError, ValidationError):
            return []

    def approval_route(self, request, object_id, view, version=None):
        """Run ``view``, which changes the part ``object_id`` (or restores ``version``: reverting the whole revision,
        so that every item it holds is involved), under the approval rule."""
        if request.method != "POST" or approvals.can_publish(request.user):
            return view()
        before, after = self.revision_items(version) if version is not None else ([], [])
        if object_id is not None:
            before += self._stored_parents(unquote(str(object_id)))
        after += self._posted_parents(request)
        return self.save_with_approval(request, before=before, after=after, view=view)

    def add_view(self, request, form_url="", extra_context=None):
        return self.approval_route(
            request, None, lambda: super(ApprovalChildAdminMixin, self).add_view(request, form_url, extra_context)
        )

    def delete_view(self, request, object_id, extra_context=None):
        return self.approval_route(
            request,
            object_id,
            lambda: super(ApprovalChildAdminMixin, self).delete_view(request, object_id, extra_context),
        )
