"""Approval before publishing (決裁): the writes of the workflow, in one place.

Who may publish: superusers and holders of ``editorial.publish_content`` (the Publishers group). Everyone else edits
drafts and *submits* them; a publisher *approves* (publishes, within the publish window given) or *sends back*.

The rule, for every route (``needs_approval``): a change is a proposal when the user may not publish and any item
involved, before or after the change, is live — for a part of an item (a session, a key figure) its parents before
and after, so that moving a part into or out of a published item is one too. Speakers, site pages, fields of
cooperation and goal names, which have no publication state of their own, are live while the public sees them.

A change that an editor saves to a published item is a *proposal*: the admin saves it as usual, django-reversion
records it as a revision (followed relations included), and in the same transaction the live rows are reverted to
the snapshot of the approved state taken just before. So the committed rows (and with them the public pages and
the page cache, whose generation changes on commit) never hold an unapproved change. Approving reverts to the
proposed revision, which makes it live.

The editor is told by email when their submission is approved or sent back, the Publishers when something is
submitted: the notices (editorial.approval_notices) are queued in the outbox in the same transaction, and the email
worker sends them, so a slow or dead mail server never delays a save or loses a notice."""

import logging

import reversion
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Revision, Version

from editorial.approval_notices import queue_decision_notice, queue_submission_notice
from editorial.models import ApprovalRequest, ApprovalStatus
from yport.publishing import PublicationState, has_published_state
from yport.staff_group_names import PUBLISHERS

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "editorial.publish_content"
COMMENT_MAX_LENGTH = 2000
PUBLICATION_FIELDS = ("publication_state", "publish_from", "publish_until")


class ApprovalError(Exception):
    """The request is no longer awaiting approval (decided or replaced meanwhile)."""


def can_publish(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(PUBLISH_PERMISSION)))


def publishers():
    """The staff told of a new submission: active members of the Publishers group with an email address."""
    User = get_user_model()
    return User.objects.filter(is_active=True, is_staff=True, groups__name=PUBLISHERS).exclude(email="")


def live_rows(queryset):
    """The rows of ``queryset`` whose change reaches the public: for a publishable item once published (a publish
    window counts, so that nothing scheduled goes live unseen), for a speaker once in a published conference (the
    model's queryset says which rows, with ``needing_approval()``); for everything else a public page shows (a site
    page, a field of cooperation, a goal's name) all rows."""
    if hasattr(queryset, "needing_approval"):
        return queryset.needing_approval()
    return queryset


def new_items_are_live(model) -> bool:
    """Whether a new row of ``model`` is public as soon as it is saved (no publication state or other condition)."""
    return not hasattr(model._default_manager.none(), "needing_approval")


def is_live(item) -> bool:
    """Whether a change to ``item`` reaches the public: the item as stored now (see ``live_rows``), or the item as
    given, when that is a state to be saved (a version restored from the history) with a publication state of
    published."""
    if item is None:
        return False
    if has_published_state(item):
        return True
    return item.pk is not None and live_rows(type(item)._default_manager.filter(pk=item.pk)).exists()


def needs_approval(*, user, before=(), after=()) -> bool:
    """The approval rule, for every route that changes content (change and add forms, inlines, deletion, restoring
    from the history, import): a change by ``user`` is a proposal when they may not publish and any item involved,
    ``before`` the change or ``after`` it, is live. For a part of an item (a session, a key figure) the items are
    its parents before and after the change, so moving a part from a draft into a published item, or out of one,
    is a proposal too; for an item itself, the item."""
    if can_publish(user):
        return False
    return any(is_live(item) for item in (*before, *after))


def snapshot(*items, user, comment=None) -> Revision:
    """Record the current state of ``items`` and their followed relations as one revision (by default: the approved
    state before a proposed change)."""
    with reversion.create_revision(manage_manually=True, atomic=False):
        for item in items:
            reversion.add_to_revision(item)
        reversion.set_user(user)
        reversion.set_comment(comment or gettext("Approved version before a proposed change"))
    return latest_revision(items[0])


def latest_revision(obj) -> Revision:
    return Version.objects.get_for_object(obj).order_by("-pk").first().revision


def _clean_comment(comment: str) -> str:
    return (comment or "").strip()[:COMMENT_MAX_LENGTH]


def submit(*, obj, revision: Revision, user, comment: str = "") -> ApprovalRequest:
    """Submit ``revision`` (the proposed state of ``obj``) for approval; an earlier submission still awaiting
    approval is replaced."""
    with transaction.atomic():
        open_requests = ApprovalRequest.objects.for_object(obj).awaiting().select_for_update()
        open_requests.update(status=ApprovalStatus.SUPERSEDED, decided_by=user, decided_at=timezone.now())
        request = ApprovalRequest.objects.create(
            content_object=obj,
            object_repr=str(obj)[:200],
            revision=revision,
            submitted_by=user,
            comment=_clean_comment(comment),
        )
        queue_submission_notice(request)
    return request


def propose_change(*, obj, approved: Revision, user, comment: str = "", proposal: Revision | None = None):
    """After an editor's change to the published ``obj`` was saved and recorded: keep the recorded revision (or
    ``proposal``) as the proposal, submit it, and put the live rows back to ``approved`` (the snapshot taken before
    the change, which is then dropped). Call inside the transaction of the change."""
    proposal = proposal or latest_revision(obj)
    approved.revert(delete=True)
    approved.delete()
    return submit(obj=obj, revision=proposal, user=user, comment=comment)


def approve(
    *, request: ApprovalRequest, user, comment: str = "", publish_from=None, publish_until=None, prepare=None
) -> ApprovalRequest:
    """Make the proposed version live and, for a publishable item, published within the given window.
    ``prepare(live=…, approved=…)``, if given, adjusts the approved object (the live one as it was before) before it
    is saved."""
    if not can_publish(user):
        raise PermissionError("Only publishers approve.")
    model = request.content_type.model_class()
    with transaction.atomic(using=router.db_for_write(model)):
        request = _lock_awaiting(request)
        live = model._default_manager.get(pk=request.object_id)
        request.revision.revert(delete=True)
        obj = model._default_manager.get(pk=request.object_id)
        if hasattr(obj, "publication_state"):
            obj.publication_state = PublicationState.PUBLISHED
            obj.publish_from = publish_from
            obj.publish_until = publish_until
        if prepare is not None:
            prepare(live=live, approved=obj)
        with reversion.create_revision(atomic=False):
            obj.save()
            reversion.set_user(user)
            reversion.set_comment(gettext("Approved and published"))
        _decide(request, ApprovalStatus.APPROVED, user, comment)
    return request


def send_back(*, request: ApprovalRequest, user, comment: str = "") -> ApprovalRequest:
    """Refuse the proposal; the live (approved) version stays as it is."""
    if not can_publish(user):
        raise PermissionError("Only publishers send back.")
    with transaction.atomic():
        request = _lock_awaiting(request)
        _decide(request, ApprovalStatus.SENT_BACK, user, comment)
    return request


def _lock_awaiting(request):
    request = ApprovalRequest.objects.select_for_update().select_related("revision").get(pk=request.pk)
    if request.status != ApprovalStatus.AWAITING:
        raise ApprovalError(request.status)
    return request


def _decide(request, status, user, comment):
    request.status = status
    request.decided_by = user
    request.decided_at = timezone.now()
    request.decision_comment = _clean_comment(comment)
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    queue_decision_notice(request)


def awaiting_counts(models) -> list[tuple]:
    """(model, count) of the items awaiting approval, for each of ``models`` with at least one; one query."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    content_types = ContentType.objects.get_for_models(*models)
    counts = dict(
        ApprovalRequest.objects.awaiting()
        .filter(content_type__in=content_types.values())
        .values_list("content_type")
        .annotate(count=Count("pk"))
        .values_list("content_type", "count")
    )
    return [(model, counts[ct.pk]) for model, ct in content_types.items() if counts.get(ct.pk)]


class ApprovalImportResourceMixin:
    """For the django-import-export resource of content under approval: an import by someone who may not publish
    refuses the rows that ``needs_approval`` says would change a live item (each such row is reported as invalid, so
    nothing of the file is imported); unchanged rows are skipped as usual. Imports without a user (code, management
    commands) are not checked. ``approval_parent`` names the foreign key to the item a row is a part of (a session's
    conference, a key figure's city); without it, a row is an item itself (a speaker)."""

    approval_parent = None

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.approval_user = kwargs.get("user")

    def approval_items(self, instance):
        """The items involved before and after the row's change."""
        stored = type(instance)._default_manager.filter(pk=instance.pk) if instance.pk is not None else None
        if self.approval_parent is None:
            return ([instance] if stored is not None else []), []
        field = instance._meta.get_field(self.approval_parent)
        parents = field.related_model._default_manager
        before = list(parents.filter(pk__in=stored.values(field.attname))) if stored is not None else []
        return before, list(parents.filter(pk=getattr(instance, field.attname)))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

        skip = super().skip_row(instance, original, row, import_validation_errors=import_validation_errors)
        user = getattr(self, "approval_user", None)
        if skip or import_validation_errors or user is None:
            return skip
        before, after = self.approval_items(instance)
        if needs_approval(user=user, before=before, after=after):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        gettext(
                            "This row changes a published item: a publisher imports it, or change it on the item's "
                            "page, for approval."
                        )
                    ]
                }
            )
        return False
