"""The actions of the inquiry list; each calls the service and says how many of the selected inquiries changed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inquiries.models import InquiryStatus
from inquiries.services.outbox import queue_unsent_emails
from inquiries.services.privacy import anonymise_inquiry
from inquiries.services.workflow import assign, change_status
from yport.admin import erase_on_request_action
from yport.outbox_admin import report_queued


def report_changed(modeladmin, request, changed, total):
    modeladmin.message_user(
        request,
        ngettext("%(changed)d of %(total)d inquiry changed.", "%(changed)d of %(total)d inquiries changed.", total)
        % {"changed": changed, "total": total},
        messages.SUCCESS,
    )


@admin.action(description=_("Assign to me"), permissions=["change"])
def assign_to_me(modeladmin, request, queryset):
    changed = sum(assign(inquiry=inquiry, assignee=request.user, by=request.user) for inquiry in queryset)
    report_changed(modeladmin, request, changed, len(queryset))


def status_action(status, description):
    """An admin action that moves the selected inquiries to the given status (recorded in their history)."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        changed = sum(change_status(inquiry=inquiry, status=status, by=request.user) for inquiry in queryset)
        report_changed(modeladmin, request, changed, len(queryset))

    action.__name__ = f"mark_{status}"
    return action


mark_in_progress = status_action(InquiryStatus.IN_PROGRESS, _("Mark as in progress"))
mark_answered = status_action(InquiryStatus.ANSWERED, _("Mark as answered"))
mark_closed = status_action(InquiryStatus.CLOSED, _("Mark as closed"))
mark_spam = status_action(InquiryStatus.SPAM, _("Mark as spam"))


@admin.action(description=_("Send unsent emails again"), permissions=["change"])
def resend_emails(modeladmin, request, queryset):
    report_queued(modeladmin, request, queue_unsent_emails(inquiries=queryset))


erase_selected = erase_on_request_action(
    lambda inquiry: anonymise_inquiry(inquiry=inquiry), description=_("Erase personal data, as the person asked")
)
