"""The inquiries' own admin pages beside the list and the change page: the overview and an attachment's download.
InquiryAdmin.get_urls wires them; each takes the InquiryAdmin first, for its permissions and the admin site."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.staff_groups import inquiry_handlers
from inquiries.attachments import content_disposition
from inquiries.models import OPEN_STATUSES, Inquiry, InquiryStatus
from inquiries.services.workflow import record_download
from inquiries.working_days import today_in_tokyo
from yport.http import forbid_storing
from yport.storage import STORAGE_ERRORS


def attachment_download(model_admin, request, object_id, attachment_id):
    """Send one attached PDF as a download (never shown in the browser), and record who downloaded it."""
    if not (model_admin.has_view_permission(request) and request.user.has_perm("inquiries.view_inquiryattachment")):
        raise PermissionDenied
    inquiry = model_admin.get_object(request, admin.utils.unquote(object_id))
    if inquiry is None:
        raise Http404
    attachment = get_object_or_404(inquiry.attachments.select_related("inquiry"), pk=attachment_id)
    try:
        file = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    except STORAGE_ERRORS:
        response = TemplateResponse(
            request,
            "admin/inquiries/inquiry/attachment_unavailable.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": _("The file cannot be read now"),
                "opts": model_admin.model._meta,
            },
            status=503,
        )
        response["Retry-After"] = "60"
        return response
    record_download(attachment=attachment, by=request.user)
    response = FileResponse(file, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    forbid_storing(response)
    return response


def overview(model_admin, request):
    """Open inquiries per status and month, and open and overdue ones per handler."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    by_status = Inquiry.objects.counts_by_status()
    today = today_in_tokyo()
    per_handler = open_and_overdue_per_handler(today)
    per_month = [
        {
            "month": month,
            "counts": list(counts.values()),
            "open": sum(counts[status] for status in OPEN_STATUSES),
            "total": sum(counts.values()),
        }
        for month, counts in Inquiry.objects.per_month()
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Inquiries overview"),
        "opts": model_admin.model._meta,
        "statuses": [(status.label, by_status[status]) for status in InquiryStatus],
        "status_labels": InquiryStatus.labels,
        "open_count": sum(by_status[status] for status in OPEN_STATUSES),
        "per_month": per_month,
        "per_handler": per_handler,
        # Every open inquiry is in one row: assigned to a handler, to somebody else, or to nobody.
        "overdue_count": sum(overdue for _assignee, _open, overdue in per_handler),
        "today": today,
    }
    return TemplateResponse(request, "admin/inquiries/inquiry/overview.html", context)


def open_and_overdue_per_handler(today):
    """Rows (handler or None for unassigned, open, overdue) for every inquiry handler and anybody else who has open
    inquiries, then the unassigned ones; two queries."""
    counts = Inquiry.objects.open_and_overdue_per_assignee(today=today)
    User = get_user_model()
    assignees = User.objects.filter(
        Q(pk__in=inquiry_handlers().values("pk")) | Q(pk__in=[pk for pk in counts if pk is not None])
    ).order_by(User.USERNAME_FIELD)
    rows = [(user, *counts.get(user.pk, (0, 0))) for user in assignees]
    return [*rows, (None, *counts.get(None, (0, 0)))]
