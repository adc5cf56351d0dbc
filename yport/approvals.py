"""Approval before publishing (決裁): the writes of the workflow, in one place.

Who may publish: superusers and holders of ``yport.publish_content`` (the Publishers group). Everyone else edits
drafts and *submits* them; a publisher *approves* (publishes, within the publish window given) or *sends back*.

A change that an editor saves to a published item is a *proposal*: the admin saves it as usual, django-reversion
records it as a revision (followed relations included), and in the same transaction the live rows are reverted to
the snapshot of the approved state taken just before. So the committed rows (and with them the public pages and
the page cache, whose generation changes on commit) never hold an unapproved change. Approving reverts to the
proposed revision, which makes it live.

The editor is told by email when their submission is approved or sent back, the Publishers when something is
submitted: the notices (yport.approval_notices) are queued in the outbox in the same transaction, and the email
worker sends them, so a slow or dead mail server never delays a save or loses a notice."""

import logging

import reversion
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Revision, Version

from yport.approval_notices import queue_decision_notice, queue_submission_notice
from yport.models import ApprovalRequest, ApprovalStatus
from yport.publishing import PublicationState

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "yport.publish_content"
COMMENT_MAX_LENGTH = 2000
PUBLICATION_FIELDS = ("publication_state", "publish_from", "publish_until")


class ApprovalError(Exception):
    """The request is no longer awaiting approval (decided or replaced meanwhile)."""


def can_publish(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(PUBLISH_PERMISSION)))


def publishers():
    """The staff told of a new submission: active members of the Publishers group with an email address."""
    from yport.staff_groups import PUBLISHERS

    User = get_user_model()
    return User.objects.filter(is_active=True, is_staff=True, groups__name=PUBLISHERS).exclude(email="")


def snapshot(obj, *, user, comment=None) -> Revision:
    """Record the current state of ``obj`` and its followed relations as a revision (by default: the approved state
    before a proposed change)."""
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.add_to_revision(obj)
        reversion.set_user(user)
        reversion.set_comment(comment or gettext("Approved version before a proposed change"))
    return latest_revision(obj)


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
    *, request: ApprovalRequest, user, comment: str = "", publish_from=None, publish_until=None
) -> ApprovalRequest:
    """Make the proposed version live and published within the given window."""
    if not can_publish(user):
        raise PermissionError("Only publishers approve.")
    model = request.content_type.model_class()
    with transaction.atomic(using=router.db_for_write(model)):
        request = _lock_awaiting(request)
        request.revision.revert(delete=True)
        obj = model._default_manager.get(pk=request.object_id)
        obj.publication_state = PublicationState.PUBLISHED
        obj.publish_from = publish_from
        obj.publish_until = publish_until
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
    """For the django-import-export resource of a part of a publishable item (a session, a key figure): an import
    by someone who may not publish refuses the rows that would change a published item (each such row is reported
    as invalid, so nothing of the file is imported); unchanged rows are skipped as usual. Imports without a user
    (code, management commands) are not checked. ``approval_parent`` names the foreign key to the item."""

    approval_parent = None

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.approval_user = kwargs.get("user")

    def skip_row(self, instance, original, row, import_validation_errors=None):
        from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

        skip = super().skip_row(instance, original, row, import_validation_errors=import_validation_errors)
        user = getattr(self, "approval_user", None)
        if skip or import_validation_errors or user is None or can_publish(user):
            return skip
        attname = instance._meta.get_field(self.approval_parent).attname
        parent_model = instance._meta.get_field(self.approval_parent).related_model
        parent_ids = {getattr(instance, attname)}
        if instance.pk is not None:
            parent_ids |= set(type(instance)._default_manager.filter(pk=instance.pk).values_list(attname, flat=True))
        if parent_model._default_manager.filter(pk__in=parent_ids, publication_state=PublicationState.PUBLISHED):
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
