"""What each email to a registrant says (the outbox sends them, see RegistrationEmail): rendered when it is sent, in
the registrant's language, from the registration as it is then. The online join link is in a mail only when the
registration says so at that moment (Registration.online_join_url); the seat confirmation, a change of mode and the
reminders carry the conference's calendar file to a confirmed registrant, and to one on site the ticket's QR code
too (registrations.tickets: it opens the check-in page on the registrant). ``queue_email`` is how a change puts one
into the outbox."""

from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation

from conferences import calendars
from registrations import links
from registrations.models import (
    Registration,
    RegistrationEmail,
    RegistrationEmailKind,
    RegistrationStatus,
)
from registrations.tickets import ticket_qr_png
from yport.outbox import new_message_id, render_text

# These carry the conference's calendar file to a confirmed registrant, and to one on site the ticket's QR code.
WITH_CALENDAR = (RegistrationEmailKind.CONFIRMED, RegistrationEmailKind.REMINDER, RegistrationEmailKind.MODE_CHANGED)


def render_email(email: RegistrationEmail) -> EmailMultiAlternatives:
    registration = email.registration
    conference = registration.conference
    headers = {"Message-ID": email.message_id} if email.message_id else {}
    if email.kind == RegistrationEmailKind.MESSAGE:
        return EmailMultiAlternatives(subject=email.subject, body=email.body, to=[registration.email], headers=headers)
    setup = conference.registration_setup
    now = timezone.now()
    context = {
        "email": email,
        "registration": registration,
        "conference": conference,
        "setup": setup,
        "manage_url": links.link(registration, links.MANAGE),
        "confirm_url": links.link(registration, links.CONFIRM)
        if registration.status == RegistrationStatus.PENDING_EMAIL
        else "",
        "online_join_url": registration.online_join_url(setup=setup, now=now),
        "online_link_released_at": setup.online_link_released_at(),
        "starts_at": setup.starts_at(),
    }
    subject, body = render_text("registrations/email/registration", context, language=registration.language)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[registration.email], headers=headers)
    if email.kind in WITH_CALENDAR and registration.status == RegistrationStatus.CONFIRMED:
        with translation.override(registration.language):
            sessions = conference.sessions.filter(starts_at__isnull=False).order_by("starts_at", "order", "pk")
            ics = calendars.conference_calendar(conference, sessions)
        message.attach(calendars.download_name(conference.slug), ics, calendars.CONTENT_TYPE)
        if registration.has_door_ticket:
            message.attach(f"ticket-{registration.ticket_code}.png", ticket_qr_png(registration), "image/png")
    return message


def queue_email(registration: Registration, kind: str, *, now: datetime, key: str = "", **fields):
    """Queue one email to the registrant (rendered when it is sent). With a ``key``, a second email with the same key
    is not queued (returns None). Call inside the transaction of the change it tells about."""
    if key and registration.emails.filter(key=key).exists():
        return None
    return RegistrationEmail.objects.create(
        registration=registration,
        kind=kind,
        key=key,
        next_attempt_at=now,
        created_at=now,
        message_id=new_message_id(),
        **fields,
    )
