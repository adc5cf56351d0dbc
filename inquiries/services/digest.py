"""The daily digest of overdue and unassigned inquiries for each inquiry handler, through the outbox."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.staff_groups import inquiry_handlers
from inquiries.models import Inquiry
from inquiries.working_days import today_in_tokyo
from yport.outbox import prepare_email, queue_emails


@dataclass(frozen=True)
class DigestRun:
    """What queue_overdue_digests did: digests queued, digests queued for the day before (not again), handlers with
    nothing to report."""

    queued: int
    already_queued: int
    silent: int


def admin_url(name: str, *args, query: str = "") -> str:
    """An absolute address in the admin, in the active language (for emails, which have no request)."""
    return settings.SITE_URL + reverse(name, args=args) + (f"?{query}" if query else "")


def overdue_digest_key(*, handler, today: date) -> str:
    """What makes a digest one of its kind: one per handler and day."""
    return f"inquiries.overdue_digest:{today.isoformat()}:{handler.pk}"


def prepare_overdue_digest(*, handler, overdue: list, unassigned: list, today: date):
    """The digest for one handler, rendered in the site's language: their overdue inquiries and the open unassigned
    ones, each with its reference, company, due date and the address of its page in the admin; nothing else of
    what the company sent. Its text is erased once it is sent (it names companies)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "today": today,
            "overdue": [(inquiry, admin_url("admin:inquiries_inquiry_change", inquiry.pk)) for inquiry in overdue],
            "unassigned": [
                (inquiry, admin_url("admin:inquiries_inquiry_change", inquiry.pk), inquiry.first_answer_due < today)
                for inquiry in unassigned
            ],
            "overdue_list_url": admin_url(
                "admin:inquiries_inquiry_changelist", query=f"response_target=overdue&assignee__id__exact={handler.pk}"
            ),
        }
    return prepare_email(
        kind="inquiries.overdue_digest",
        key=overdue_digest_key(handler=handler, today=today),
        to=handler.email,
        template="inquiries/email/overdue_digest",
        context=context,
        language=settings.LANGUAGE_CODE,
        erase_text_when_sent=True,
    )


def queue_overdue_digests(*, today: date | None = None) -> DigestRun:
    """Queue for each inquiry handler (an active staff member of the Inquiry handlers group with an email address)
    a digest of the inquiries assigned to them that are overdue on ``today`` (Tokyo's date by default) and every
    open unassigned inquiry; a handler with neither gets nothing.

    Side effects: one outgoing email per handler with something to list, in the outbox (yport.outbox): the email
    worker sends it and retries it while the mail server refuses. A handler's digest of a day is queued once, however
    often this runs that day. Six queries, however many handlers and inquiries."""
    today = today or today_in_tokyo()
    handlers = list(inquiry_handlers().exclude(email=""))
    unassigned = list(Inquiry.objects.open().filter(assignee__isnull=True).order_by("first_answer_due", "reference"))
    overdue = {}
    assigned = Inquiry.objects.overdue(today).filter(assignee__in=handlers)
    for inquiry in assigned.order_by("first_answer_due", "reference"):
        overdue.setdefault(inquiry.assignee_id, []).append(inquiry)
    digests = [
        prepare_overdue_digest(handler=handler, overdue=overdue.get(handler.pk, []), unassigned=unassigned, today=today)
        for handler in handlers
        if overdue.get(handler.pk) or unassigned
    ]
    queued = queue_emails(digests)
    return DigestRun(queued=len(queued), already_queued=len(digests) - len(queued), silent=len(handlers) - len(digests))
