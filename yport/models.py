"""The kernel's own records about content of any app, each pointing at its object through the content types
framework (so the kernel imports no app): the former slugs of content with public addresses, so that an old address
still arrives (yport.redirects); the approval history of content that staff publish; shareable preview links; and
English texts that may have fallen behind the Japanese; and the mail outbox (QueuedEmail, OutgoingEmail), through
which every email of the portal leaves (yport.outbox sends them)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
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


# --- The mail outbox --------------------------------------------------------------------------------------------


class EmailState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("email state", "pending")
    SENT = "sent", pgettext_lazy("email state", "sent")
    FAILED = "failed", pgettext_lazy("email state", "failed")


class QueuedEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.exclude(state=EmailState.SENT)

    def due(self, *, now):
        """Unsent emails whose next attempt is due."""
        return self.unsent().filter(next_attempt_at__lte=now)

    def send_again_now(self) -> int:
        """Make the unsent ones of these emails due now, for the email worker to send within seconds. Returns how
        many were queued."""
        return self.unsent().update(next_attempt_at=timezone.now())


class QueuedEmail(models.Model):
    """The delivery state of one email in the outbox: the unsent rows of every concrete subclass are the queue that
    the email worker (send_queued_emails, see yport.outbox) works through, with retries after a growing delay. A
    subclass says how its message is built (``build_message``) and may record each attempt in its own history
    (``record_attempt``). Every email gets its Message-ID when it is queued."""

    state = models.CharField(
        verbose_name=_("state"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(verbose_name=_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        verbose_name=_("next attempt"),
        default=timezone.now,
        db_index=True,
        help_text=_("When the email worker sends it (again): later after each failure."),
    )
    sent_at = models.DateTimeField(verbose_name=_("sent at"), null=True, blank=True)
    error = models.TextField(verbose_name=_("error"), blank=True)
    message_id = models.CharField(verbose_name=_("Message-ID"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(verbose_name=_("queued at"), default=timezone.now, editable=False)

    objects = QueuedEmailQuerySet.as_manager()

    # Relations the worker reads with each claimed email (for build_message and record_attempt).
    outbox_select_related = ()

    class Meta:
        abstract = True

    def build_message(self):
        """The django.core.mail.EmailMessage to send (its Message-ID header is set from ``message_id``)."""
        raise NotImplementedError

    def record_attempt(self) -> None:
        """Called in the transaction that stores the outcome of an attempt (``state`` and ``error`` are set)."""


class OutgoingEmail(QueuedEmail):
    """An email rendered when it was queued (in its recipient's language), to one recipient: the approval notices,
    the handlers' digest, and whatever else is not the record of one inquiry. A ``key`` (when given) makes queuing
    idempotent: a second email with the same key is not queued."""

    kind = models.CharField(verbose_name=_("kind"), max_length=50)
    key = models.CharField(verbose_name=_("key"), max_length=200, blank=True, editable=False)
    to = models.CharField(verbose_name=_("to"), max_length=254)
    reply_to = models.CharField(verbose_name=_("reply to"), max_length=254, blank=True)
    language = models.CharField(verbose_name=_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    subject = models.CharField(verbose_name=_("subject"), max_length=300, blank=True)
    body = models.TextField(verbose_name=_("text"), blank=True)
    erase_text_when_sent = models.BooleanField(
        verbose_name=_("erase the text once sent"),
        default=False,
        editable=False,
        help_text=_("For emails that list personal data: only the delivery record stays."),
    )

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ("-created_at", "-pk")
        constraints = (
            models.UniqueConstraint(fields=("key",), condition=~Q(key=""), name="outgoing_email_unique_key"),
            models.CheckConstraint(
                condition=~Q(state=EmailState.SENT) | Q(sent_at__isnull=False), name="outgoing_email_sent_has_time"
            ),
        )

    def __str__(self):
        return f"{self.subject or self.kind} → {self.to} ({self.get_state_display()})"

    def build_message(self):
        from django.core.mail import EmailMessage

        return EmailMessage(
            subject=self.subject,
            body=self.body,
            to=[self.to],
            reply_to=[self.reply_to] if self.reply_to else None,
        )

    def record_attempt(self) -> None:
        if self.state == EmailState.SENT and self.erase_text_when_sent:
            self.subject = self.body = ""
            self.save(update_fields=["subject", "body"])
