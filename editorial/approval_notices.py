"""The emails of the approval workflow (editorial.approvals): the Publishers are told of a submission, the editor of
the decision. Each is rendered in its recipient's language and queued in the outbox (yport.outbox) in the
transaction of the submission or decision, so the notice is stored with it, the save never waits for the mail
server, and a notice the server refuses is sent again later."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from editorial.models import ApprovalRequest, ApprovalStatus
from yport.outbox import prepare_email, queue_emails


def approval_url(request: ApprovalRequest, *, language: str) -> str:
    """The address of the request's approval page in the admin, in ``language``."""
    opts = request.content_type.model_class()._meta
    with translation.override(language):
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_approval", args=[request.object_id])
    return settings.SITE_URL + path


def recipient_language(user) -> str:
    """The language a staff member gets emails in: the site's (staff accounts hold no language of their own)."""
    return settings.LANGUAGE_CODE


def queue_submission_notice(request: ApprovalRequest) -> list:
    """Queue one email to each publisher (editorial.approvals.publishers) but the submitter about a new submission.
    Call inside the transaction of the submission. Returns the emails queued."""
    from editorial.approvals import publishers

    submitter_email = getattr(request.submitted_by, "email", "")
    recipients = {user.email: user for user in publishers().order_by("pk") if user.email != submitter_email}
    emails = []
    for address, user in sorted(recipients.items()):
        language = recipient_language(user)
        context = {
            "user": request.submitted_by or "—",
            "item": request.object_repr,
            "comment": request.comment or "—",
            "url": approval_url(request, language=language),
        }
        emails.append(
            prepare_email(
                kind="approvals.submitted",
                to=address,
                template="editorial/email/submitted",
                context=context,
                language=language,
            )
        )
    return queue_emails(emails)


def queue_decision_notice(request: ApprovalRequest) -> list:
    """Queue an email to the submitter about the decision on their request (approved or sent back), unless they
    decided it themselves or have no address. Call inside the transaction of the decision. Returns the emails
    queued."""
    submitter = request.submitted_by
    if submitter is None or not submitter.email or submitter == request.decided_by:
        return []
    language = recipient_language(submitter)
    context = {
        "approved": request.status == ApprovalStatus.APPROVED,
        "user": request.decided_by or "—",
        "item": request.object_repr,
        "comment": request.decision_comment or "—",
        "url": approval_url(request, language=language),
    }
    email = prepare_email(
        kind="approvals.decided",
        to=submitter.email,
        template="editorial/email/decided",
        context=context,
        language=language,
    )
    return queue_emails([email])
