"""The kernel's own records: the mail outbox (QueuedEmail, OutgoingEmail), through which every email of the portal
leaves (yport.outbox sends them). The editorial workflow's records live in editorial.models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- What a public form's record keeps --------------------------------------------------------------------------


class SubmissionRecord(models.Model):
    """What the record of a public form (an inquiry, a registration) keeps besides what the person sent: the language
    of the form, the consent (the privacy notice's version, when it was given), the sender's network for abuse
    handling, and when the personal data was erased (``anonymised_at``: no email about the record leaves after it,
    see RecordEmail)."""

    language = models.CharField(verbose_name=_("language"), max_length=10, choices=settings.LANGUAGES)
    privacy_notice_version = models.CharField(verbose_name=_("privacy notice version"), max_length=20)
    consent_given_at = models.DateTimeField(verbose_name=_("consent given at"))
    client_network = models.CharField(
        verbose_name=_("client network"),
        max_length=50,
        blank=True,
        help_text=_("The sender's address shortened to its network (IPv4 /24, IPv6 /48), for abuse handling."),
    )
    anonymised_at = models.DateTimeField(verbose_name=_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


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


def sent_has_time(name: str) -> models.CheckConstraint:
    """The constraint of every outbox table (``name`` its name there): a sent email has the time it was sent."""
    return models.CheckConstraint(condition=~Q(state=EmailState.SENT) | Q(sent_at__isnull=False), name=name)


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


class RecordEmailQuerySet(QueuedEmailQuerySet):
    def due(self, *, now):
        """Unsent emails whose next attempt is due and whose record still has its personal data."""
        return super().due(now=now).filter(**{f"{self.model.outbox_record}__anonymised_at__isnull": True})


class RecordEmail(QueuedEmail):
    """An email that is part of the record of one person's submission (an inquiry, a registration: the foreign key
    that ``outbox_record`` names, to a model with ``anonymised_at``): it is not sent once that record's personal data
    is erased. Its subject and text are stored when staff wrote them (``created_by``), else rendered when sent."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    subject = models.CharField(verbose_name=_("subject"), max_length=300, blank=True)
    body = models.TextField(verbose_name=_("text"), blank=True)

    objects = RecordEmailQuerySet.as_manager()

    outbox_record: str  # the name of the foreign key to the record

    class Meta:
        abstract = True


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
            sent_has_time("outgoing_email_sent_has_time"),
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
