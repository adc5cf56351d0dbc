"""The mail outbox: how every email of the portal leaves. A service queues the email (a row of a QueuedEmail model,
see yport.models) in the transaction of the change it tells about, and the email worker (``manage.py
send_queued_emails --watch``) sends what is due, retrying a failure after a growing delay. So a slow or dead mail
server never delays a save, and never loses an email. (Only a handler's reply, which they wait for on purpose, is
also tried once right after its commit: deliver_now.)

The queues are found by what they are: every concrete subclass of QueuedEmail (the kernel's OutgoingEmail, the
inquiries' InquiryEmail, …); the kernel names no app."""

import logging
from datetime import datetime, timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from yport.models import EmailState, OutgoingEmail, QueuedEmail

logger = logging.getLogger(__name__)

OUTCOME_FIELDS = ("attempts", "last_attempt_at", "next_attempt_at", "state", "sent_at", "error", "message_id")


def new_message_id() -> str:
    """A Message-ID for an email, given when it is queued and kept, so that later emails can refer to it. The
    domain is the site's, never a DNS look-up of this host."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


def queue_models() -> list:
    """The concrete QueuedEmail models of the installed apps, in a stable order."""
    return sorted(
        (model for model in apps.get_models() if issubclass(model, QueuedEmail)), key=lambda model: model._meta.label
    )


# --- Queuing ----------------------------------------------------------------------------------------------------


def render_text(template: str, context: dict, *, language: str) -> tuple[str, str]:
    """(subject, text) of ``<template>_subject.txt`` and ``<template>_body.txt`` rendered in ``language``; the
    subject on one line."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return subject, body


def prepare_email(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    key: str = "",
    reply_to: str = "",
    erase_text_when_sent: bool = False,
) -> OutgoingEmail:
    """An unsaved OutgoingEmail to one address, rendered now from ``template`` (see render_text) in ``language``
    (by default the site's), for queue_emails."""
    language = language or settings.LANGUAGE_CODE
    subject, body = render_text(template, context, language=language)
    return OutgoingEmail(
        kind=kind,
        key=key,
        to=to,
        reply_to=reply_to,
        language=language,
        subject=subject,
        body=body,
        erase_text_when_sent=erase_text_when_sent,
        message_id=new_message_id(),
    )


def queue_emails(emails: list[OutgoingEmail]) -> list[OutgoingEmail]:
    """Queue prepared emails (prepare_email) for the email worker, in at most four queries however many. Call it
    inside the transaction of the change they tell about: the emails are stored with the change or not at all.

    Side effects: one OutgoingEmail row each, except for an email whose ``key`` is queued already (sent or not,
    also by a concurrent run): that one is left out, so a repeated run queues nothing twice. Returns the emails
    queued, saved."""
    plain = [email for email in emails if not email.key]
    keyed = {email.key: email for email in emails if email.key}
    queued = OutgoingEmail.objects.bulk_create(plain) if plain else []
    if keyed:
        taken = set(OutgoingEmail.objects.filter(key__in=keyed).values_list("key", flat=True))
        fresh = [email for key, email in keyed.items() if key not in taken]
        if fresh:
            # A concurrent run may have queued one of them meanwhile: the database keeps the first (unique key).
            OutgoingEmail.objects.bulk_create(fresh, ignore_conflicts=True)
            queued += OutgoingEmail.objects.filter(key__in=[email.key for email in fresh]).order_by("pk")
    return queued


def queue_email(**fields) -> OutgoingEmail | None:
    """Queue one email (the arguments of prepare_email); None if its key is queued already."""
    queued = queue_emails([prepare_email(**fields)])
    return queued[0] if queued else None


# --- Sending ----------------------------------------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta:
    """How long the worker waits after a failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def email_lease() -> timedelta:
    """How long a claimed email is left to its sender: longer than a send can take."""
    return timedelta(seconds=3 * settings.EMAIL_TIMEOUT + 60)


def deliver(email: QueuedEmail, *, now: datetime | None = None) -> bool:
    """Try to send one (claimed) email and record the outcome: state, attempts, error, next attempt, and what the
    email's model records of it (record_attempt). Never raises for a mail failure; returns whether it was sent."""
    now = now or timezone.now()
    email.attempts += 1
    email.last_attempt_at = now
    if not email.message_id:  # queued before Message-IDs were stored: give it one now, kept for later replies
        email.message_id = new_message_id()
    try:
        message = email.build_message()
        if not message.recipients():
            raise ValueError("no recipients")
        message.extra_headers.setdefault("Message-ID", email.message_id)
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any mail failure is recorded; the email stays queued
        email.state = EmailState.FAILED
        email.error = f"{type(exc).__name__}: {exc}"[:2000]
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        logger.warning("%s %s failed (attempt %s): %s", email._meta.label, email.pk, email.attempts, email.error)
    else:
        email.state = EmailState.SENT
        email.sent_at = now
        email.error = ""
    with transaction.atomic():
        email.save(update_fields=OUTCOME_FIELDS)
        email.record_attempt()
    return email.state == EmailState.SENT


def _claim(model, email, *, now) -> bool:
    """Move the email's next attempt past the longest a send can take, only if nobody claimed it first."""
    claimed = model._default_manager.filter(pk=email.pk, next_attempt_at=email.next_attempt_at).update(
        next_attempt_at=now + email_lease()
    )
    return bool(claimed)


def claim_due_email(model, *, now: datetime) -> QueuedEmail | None:
    """Take the next due email of ``model`` for this worker, or None when none is due.

    The row is read with FOR UPDATE SKIP LOCKED (PostgreSQL; other databases ignore it), so workers never wait for
    each other, and claimed by moving its next attempt past the longest a send can take, with an UPDATE that only
    succeeds if nobody claimed it first. Another worker therefore never sends it too, and if this worker dies while
    sending, the email becomes due again after that time."""
    while True:
        with transaction.atomic():
            email = (
                model._default_manager.due(now=now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related(*model.outbox_select_related)
                .order_by("next_attempt_at", "id")
                .first()
            )
            if email is None:
                return None
            claimed = _claim(model, email, now=now)
        if claimed:
            return email


def send_due_emails(*, now: datetime | None = None) -> tuple[int, int]:
    """The email worker's pass: send every due email of every queue once (each claimed first, see
    claim_due_email). A failed one is due again later (retry_delay). Returns (sent, failed)."""
    now = now or timezone.now()
    sent = failed = 0
    for model in queue_models():
        while (email := claim_due_email(model, now=now)) is not None:
            if deliver(email):
                sent += 1
            else:
                failed += 1
    return sent, failed


def deliver_now(model, pk: int) -> None:
    """Send one queued email right away if it is still due and nobody else claimed it (the same claim as the
    worker's); run after the commit that queued it, where someone waits for it on purpose (a handler's reply). A
    failure is recorded and left to the worker's retries; the database being unavailable here loses nothing
    either, the worker finds the email later."""
    now = timezone.now()
    try:
        email = model._default_manager.due(now=now).select_related(*model.outbox_select_related).filter(pk=pk).first()
        if email is not None and _claim(model, email, now=now):
            deliver(email, now=now)
    except Exception:  # noqa: BLE001 - the email stays queued for the worker
        logger.exception("%s %s: sending right away failed; the email worker retries it", model._meta.label, pk)
