"""The emails about a registration (RegistrationEmail), in the outbox."""

import logging

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registrations.models.registration import Registration
from yport.models import EmailState, RecordEmail, sent_has_time

logger = logging.getLogger(__name__)


class RegistrationEmailKind(models.TextChoices):
    CONFIRM_EMAIL = "confirm_email", _("please confirm your email address")
    MANAGE_LINK = "manage_link", _("already registered: the manage link")
    PENDING_APPROVAL = "pending_approval", _("received, awaiting approval")
    CONFIRMED = "confirmed", _("seat confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFER = "offer", _("seat offered")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")
    REJECTED = "rejected", _("not accepted")
    MODE_CHANGED = "mode_changed", _("attendance mode changed")
    REMINDER = "reminder", _("reminder")
    MESSAGE = "message", _("message from the organisers")


class RegistrationEmail(RecordEmail):
    """One email to a registrant, in the outbox (see RecordEmail: the email worker sends and retries it). Rendered
    when it is sent, in the registrant's language, from the registration as it is then (so that a link or a status
    is current, and nothing is sent once the registration is anonymised); a message staff wrote keeps its subject
    and text here. A ``key`` makes queuing idempotent (one email per reminder, per offer)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), related_name="emails", on_delete=models.CASCADE
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=RegistrationEmailKind.choices)
    key = models.CharField(verbose_name=_("key"), max_length=100, blank=True, editable=False)

    outbox_record = "registration"
    outbox_select_related = ("registration", "registration__conference")

    class Meta:
        verbose_name = _("registration email")
        verbose_name_plural = _("registration emails")
        ordering = ["registration", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "key"], condition=~Q(key=""), name="registration_email_unique_key"
            ),
            sent_has_time("registration_email_sent_has_time"),
        ]

    def __str__(self):
        return f"{self.registration.ticket_code} {self.get_kind_display()} ({self.get_state_display()})"

    def build_message(self):
        from registrations.emails import render_email  # the mails build on these models

        return render_email(self)

    def record_attempt(self) -> None:
        if self.state != EmailState.SENT:
            # The ticket code and kind only: no address or name in a log line.
            logger.warning("Registration %s: %s email failed: %s", self.registration.ticket_code, self.kind, self.error)
