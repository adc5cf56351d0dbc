from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm

from accounts.staff_groups import inquiry_handlers
from inquiries import services
from inquiries.admin_replies import InquiryReplyMixin
from inquiries.attachments import content_disposition
from inquiries.kana import HIRAGANA_TO_KATAKANA
from inquiries.models import (
    KANA_READINGS,
    OPEN_STATUSES,
    SUBMITTED_FIELDS,
    Inquiry,
    InquiryEmail,
    InquiryEvent,
    InquiryStatus,
    ResponseTarget,
)
from inquiries.resources import ExcelCSV, InquiryResource
from inquiries.working_days import today_in_tokyo
from yport.admin import StaffImportExportMixin
from yport.http import forbid_storing
from yport.storage import STORAGE_ERRORS

# What the company sent, as the change page shows it (the fields of interest through a display method).
SUBMITTED_DISPLAY = tuple("fields_display" if name == "fields_of_interest" else name for name in SUBMITTED_FIELDS)
# The same on the change page, each name with its reading in katakana beside it on one line.
SUBMITTED_LAYOUT = tuple(
    (name, KANA_READINGS[name]) if name in KANA_READINGS else name
    for name in SUBMITTED_DISPLAY
    if name not in KANA_READINGS.values()
)
CONSENT_FIELDS = ("privacy_notice_version", "consent_given_at", "client_network", "anonymised_at")
RESPONSE_TARGET_FIELDS = ("first_answer_due", "first_answered_at")


class ResponseTargetFilter(admin.SimpleListFilter):
    """Where the inquiries stand against their response target today (Tokyo's date)."""

    title = _("response target")
    parameter_name = "response_target"

    def lookups(self, request, model_admin):
        return ResponseTarget.choices

    def queryset(self, request, queryset):
        if self.value() in ResponseTarget.values:
            return queryset.response_target(self.value(), today=today_in_tokyo())
        return queryset  # no choice, or an unknown one from a hand-made address: the whole list


class InquiryEventInline(admin.TabularInline):
    model = InquiryEvent
    fields = ("created_at", "kind", "actor", "old_status", "new_status", "detail")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inquiry", "actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InquiryEmailInline(admin.TabularInline):
    model = InquiryEmail
    fields = ("kind", "state", "attempts", "last_attempt_at", "sent_at", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inquiry")


class InquiryAdminForm(forms.ModelForm):
    """An inquiry can be assigned to an active member of the Inquiry handlers group, or stay with its assignee
    (whom a superuser may have given it to), so that saving never drops an assignment unseen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            allowed = Q(pk__in=inquiry_handlers())
            if self.instance.assignee_id:
                allowed |= Q(pk=self.instance.assignee_id)
            User = get_user_model()
            self.fields["assignee"].queryset = User.objects.filter(allowed).order_by(User.USERNAME_FIELD)


def status_action(status, description):
    """An admin action that moves the selected inquiries to the given status (recorded in their history)."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        changed = sum(services.change_status(inquiry=inquiry, status=status, by=request.user) for inquiry in queryset)
        modeladmin.report_changed(request, changed, len(queryset))

    action.__name__ = f"mark_{status}"
    return action


@admin.register(Inquiry)
class InquiryAdmin(InquiryReplyMixin, StaffImportExportMixin, ExportActionMixin, admin.ModelAdmin):
    form = InquiryAdminForm
    change_form_template = "admin/inquiries/inquiry/change_form.html"  # the Reply link
    list_display = (
        "reference",
        "status",
        "due_display",
        "company_name",
        "company_name_kana",
        "contact_person",
        "fields_display",
        "city",
        "created_at",
        "assignee",
    )
    list_display_links = ("reference", "company_name")
    list_filter = (
        "status",
        ResponseTargetFilter,
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "fields_of_interest",
        ("city", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("city", "assignee")
    search_fields = (
        "reference",
        "company_name",
        "company_name_kana",
        "department",
        "contact_person",
        "contact_person_kana",
        "email",
        "message",
    )
    date_hierarchy = "created_at"
    readonly_fields = (
        "reference",
        "created_at",
        "language",
        *RESPONSE_TARGET_FIELDS,
        *SUBMITTED_DISPLAY,
        "attachments_display",
        *CONSENT_FIELDS,
        "replies_display",
    )
    fieldsets = (
        (_("Handling"), {"fields": ("status", "assignee", RESPONSE_TARGET_FIELDS, "internal_notes")}),
        (_("Replies"), {"fields": ("replies_display",)}),
        (
            _("What the company sent"),
            {"fields": (("reference", "created_at", "language"), *SUBMITTED_LAYOUT, "attachments_display")},
        ),
        (_("Consent and abuse handling"), {"fields": CONSENT_FIELDS}),
    )
    inlines = (InquiryEmailInline, InquiryEventInline)
    actions = ("assign_to_me", "mark_in_progress", "mark_answered", "mark_closed", "mark_spam", "resend_emails")
    # Export (django-import-export): the selected rows through the action, or the filtered list through the button.
    import_export_change_list_template = "admin/inquiries/inquiry/change_list.html"  # the export link and "Overview"
    resource_classes = (InquiryResource,)
    export_formats = (ExcelCSV, base_formats.XLSX)
    export_form_class = ExportForm
    show_change_form_export = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("fields_of_interest")

    def get_search_results(self, request, queryset, search_term):
        """A search in hiragana also finds the readings, which are stored in katakana (ヤマダ for やまだ)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        in_katakana = search_term.translate(HIRAGANA_TO_KATAKANA)
        if in_katakana != search_term:
            katakana_results, katakana_duplicates = super().get_search_results(request, queryset, in_katakana)
            results = results | katakana_results
            may_have_duplicates = may_have_duplicates or katakana_duplicates
        return results, may_have_duplicates

    def has_add_permission(self, request):
        return False  # inquiries come only from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # nothing a company sent is lost; purge_inquiries anonymises old ones

    @admin.display(description=_("fields of interest"))
    def fields_display(self, obj):
        return ", ".join(str(field) for field in obj.fields_of_interest.all())

    @admin.display(description=_("attachments"))
    def attachments_display(self, obj):
        """Each attached file as a link to the download view (never to the file itself), with its size."""
        items = [
            (
                reverse("admin:inquiries_inquiry_attachment", args=[obj.pk, attachment.pk]),
                attachment.original_name,
                filesizeformat(attachment.size),
            )
            for attachment in obj.attachments.all()
        ]
        if not items:
            return "-"
        return format_html(
            '<ul class="inquiry-attachments">{}</ul>',
            format_html_join("", '<li><a href="{}">{}</a> ({})</li>', items),
        )

    @admin.display(description=_("first answer due"), ordering="first_answer_due")
    def due_display(self, obj):
        """The due date, with the inquiry's standing in words (not only a colour) when it needs attention."""
        due = formats.date_format(obj.first_answer_due, "SHORT_DATE_FORMAT")
        target = obj.response_target(today=today_in_tokyo())
        if target in (ResponseTarget.OVERDUE, ResponseTarget.DUE_TODAY):
            return format_html('{} <strong class="response-{}">{}</strong>', due, target, ResponseTarget(target).label)
        return due

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            inquiry = self.get_object(request, admin.utils.unquote(object_id))
            if inquiry is not None and self.has_view_or_change_permission(request, inquiry):
                services.record_view(inquiry=inquiry, by=request.user)
                extra_context = {**(extra_context or {}), "can_reply": self.can_reply(request, inquiry)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        current = Inquiry.objects.get(pk=obj.pk)
        services.update_inquiry(
            inquiry=current,
            status=form.cleaned_data["status"],
            assignee=form.cleaned_data["assignee"],
            notes=form.cleaned_data["internal_notes"],
            by=request.user,
        )

    # --- Actions -----------------------------------------------------------------------------------------------

    def report_changed(self, request, changed, total):
        self.message_user(
            request,
            ngettext("%(changed)d of %(total)d inquiry changed.", "%(changed)d of %(total)d inquiries changed.", total)
            % {"changed": changed, "total": total},
            messages.SUCCESS,
        )

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        changed = sum(services.assign(inquiry=inquiry, assignee=request.user, by=request.user) for inquiry in queryset)
        self.report_changed(request, changed, len(queryset))

    mark_in_progress = status_action(InquiryStatus.IN_PROGRESS, _("Mark as in progress"))
    mark_answered = status_action(InquiryStatus.ANSWERED, _("Mark as answered"))
    mark_closed = status_action(InquiryStatus.CLOSED, _("Mark as closed"))
    mark_spam = status_action(InquiryStatus.SPAM, _("Mark as spam"))

    @admin.action(description=_("Send unsent emails again"), permissions=["change"])
    def resend_emails(self, request, queryset):
        queued = services.queue_unsent_emails(inquiries=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d unsent email queued: the email worker sends it within a minute.",
                "%(count)d unsent emails queued: the email worker sends them within a minute.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )

    # --- Overview ----------------------------------------------------------------------------------------------

    def get_urls(self):
        overview = path(
            "overview/",
            self.admin_site.admin_view(self.overview_view),
            name="inquiries_inquiry_overview",
        )
        attachment = path(
            "<path:object_id>/attachments/<int:attachment_id>/",
            self.admin_site.admin_view(self.attachment_view),
            name="inquiries_inquiry_attachment",
        )
        return [overview, attachment, *super().get_urls()]

    def attachment_view(self, request, object_id, attachment_id):
        """Send one attached PDF as a download (never shown in the browser), and record who downloaded it."""
        if not (self.has_view_permission(request) and request.user.has_perm("inquiries.view_inquiryattachment")):
            raise PermissionDenied
        inquiry = self.get_object(request, admin.utils.unquote(object_id))
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
                    **self.admin_site.each_context(request),
                    "title": _("The file cannot be read now"),
                    "opts": self.model._meta,
                },
                status=503,
            )
            response["Retry-After"] = "60"
            return response
        services.record_download(attachment=attachment, by=request.user)
        response = FileResponse(file, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(attachment.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        forbid_storing(response)
        return response

    def overview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        by_status = Inquiry.objects.counts_by_status()
        today = today_in_tokyo()
        per_handler = self.open_and_overdue_per_handler(today)
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
            **self.admin_site.each_context(request),
            "title": _("Inquiries overview"),
            "opts": self.model._meta,
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

    def open_and_overdue_per_handler(self, today):
        """Rows (handler or None for unassigned, open, overdue) for every inquiry handler and anybody else who has open
        inquiries, then the unassigned ones; two queries."""
        counts = Inquiry.objects.open_and_overdue_per_assignee(today=today)
        User = get_user_model()
        assignees = User.objects.filter(
            Q(pk__in=inquiry_handlers().values("pk")) | Q(pk__in=[pk for pk in counts if pk is not None])
        ).order_by(User.USERNAME_FIELD)
        rows = [(user, *counts.get(user.pk, (0, 0))) for user in assignees]
        return [*rows, (None, *counts.get(None, (0, 0)))]
