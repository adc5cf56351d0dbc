"""The editorial workflow's own records about content of any app, each pointing at its object through the content
types framework (so editorial imports no content app): the former slugs of content with public addresses, so that an
old address still arrives (editorial.redirects); the approval history of content that staff publish; shareable
preview links; and English texts that may have fallen behind the Japanese. The tables keep the names they had when
these models lived in ``yport`` (migration 0001 moved them without touching a row)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OldSlug(models.Model):
    """A slug that a row (a conference, session, speaker or city) had before. ``scope`` is the row that the slug is
    unique within (a session's conference), 0 for slugs unique in their table."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    scope = models.PositiveBigIntegerField(verbose_name=_("scope"), default=0)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80)
    changed_at = models.DateTimeField(verbose_name=_("changed at"), auto_now=True)

    class Meta:
        db_table = "yport_oldslug"
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        ordering = ["content_type", "scope", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "scope", "slug"], name="old_slug_unique_in_scope"),
        ]

    def __str__(self):
        return self.slug


class ApprovalStatus(models.TextChoices):
    AWAITING = "awaiting", pgettext_lazy("approval status", "awaiting approval")
    APPROVED = "approved", pgettext_lazy("approval status", "approved")
    SENT_BACK = "sent_back", pgettext_lazy("approval status", "sent back")
    SUPERSEDED = "superseded", pgettext_lazy("approval status", "replaced by a later submission")


class ApprovalRequestQuerySet(models.QuerySet):
    def awaiting(self):
        return self.filter(status=ApprovalStatus.AWAITING)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class ApprovalRequest(models.Model):
    """One submission for approval and its decision: who submitted what (a django-reversion revision of the
    proposed state, followed relations included), when and why, and who approved it or sent it back, when and why.
    The rows of an object, newest first, are its approval history."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(verbose_name=_("item"), max_length=200)
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("proposed version"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.AWAITING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(verbose_name=_("submitted"), auto_now_add=True)
    comment = models.TextField(verbose_name=_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(verbose_name=_("decided"), null=True, blank=True)
    decision_comment = models.TextField(verbose_name=_("decision comment"), blank=True)

    objects = ApprovalRequestQuerySet.as_manager()

    class Meta:
        db_table = "yport_approvalrequest"
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ("-submitted_at", "-pk")
        permissions = (("publish_content", _("Can publish, unpublish and approve content")),)
        indexes = (models.Index(fields=("content_type", "object_id"), name="approval_object_idx"),)
        constraints = (
            models.UniqueConstraint(
                fields=("content_type", "object_id"),
                condition=Q(status="awaiting"),
                name="approval_one_awaiting_per_object",
            ),
        )

    def __str__(self):
        return f"{self.object_repr} ({self.get_status_display()})"


class PreviewLink(models.Model):
    """A link that shows an unpublished page to someone without an account. Only a hash of its token is kept: the
    link is shown once, when it is made."""

    token_hash = models.CharField(verbose_name=_("token hash"), max_length=64, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(verbose_name=_("language"), max_length=10, choices=settings.LANGUAGES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    revoked_at = models.DateTimeField(verbose_name=_("revoked"), null=True, blank=True)

    class Meta:
        db_table = "yport_previewlink"
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("content_type", "object_id"), name="previewlink_object_idx"),)

    def __str__(self):
        return _("Preview link of %(object)s, made %(created)s") % {
            "object": f"{self.content_type_id}:{self.object_id}",
            "created": self.created_at,
        }


class StaleTranslation(models.Model):
    """An English field whose Japanese counterpart changed after the English was last edited."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    field_name = models.CharField(verbose_name=_("field"), max_length=100)
    flagged_at = models.DateTimeField(verbose_name=_("flagged"), auto_now=True)

    class Meta:
        db_table = "yport_staletranslation"
        verbose_name = _("possibly out-of-date translation")
        verbose_name_plural = _("possibly out-of-date translations")
        ordering = ("content_type", "object_id", "field_name")
        constraints = (
            models.UniqueConstraint(
                fields=("content_type", "object_id", "field_name"), name="staletranslation_unique_field"
            ),
        )

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field_name}"
