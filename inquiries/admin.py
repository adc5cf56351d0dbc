import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inquiries import services
from inquiries.models import OPEN_STATUSES, Inquiry, InquiryEmail, InquiryEvent, InquiryStatus

SUBMITTED_READONLY = (
    "reference",
    "created_at",
    "language",
    "company_name",
    "department",
    "contact_person",
    "email",
    "phone",
    "country",
    "website",
    "fields_display",
    "city",
    "message",
    "privacy_notice_version",
    "consent_given_at",
    "client_network",
    "anonymised_at",
)
# Cells a spreadsheet would take for a formula (CSV injection); such text is exported with a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


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


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "status",
        "company_name",
        "contact_person",
        "fields_display",
        "city",
        "created_at",
        "assignee",
    )
    list_display_links = ("reference", "company_name")
    list_filter = (
        "status",
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "fields_of_interest",
        ("city", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("city", "assignee")
    search_fields = ("reference", "company_name", "department", "contact_person", "email", "message")
    date_hierarchy = "created_at"
    readonly_fields = SUBMITTED_READONLY
    fieldsets = (
        (_("Handling"), {"fields": ("status", "assignee", "internal_notes")}),
        (
            _("What the company sent"),
            {
                "fields": (
                    ("reference", "created_at", "language"),
                    "company_name",
                    "department",
                    "contact_person",
                    "email",
                    "phone",
                    "country",
                    "website",
                    "fields_display",
                    "city",
                    "message",
                )
            },
        ),
        (
            _("Consent and abuse handling"),
            {"fields": ("privacy_notice_version", "consent_given_at", "client_network", "anonymised_at")},
        ),
    )
    inlines = (InquiryEmailInline, InquiryEventInline)
    actions = (
        "assign_to_me",
        "mark_in_progress",
        "mark_answered",
        "mark_closed",
        "mark_spam",
        "resend_emails",
        "export_csv",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("fields_of_interest")

    def has_add_permission(self, request):
        return False  # inquiries come only from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # nothing a company sent is lost; purge_inquiries anonymises old ones

    @admin.display(description=_("fields of interest"))
    def fields_display(self, obj):
        return ", ".join(str(field) for field in obj.fields_of_interest.all())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            inquiry = self.get_object(request, admin.utils.unquote(object_id))
            if inquiry is not None and self.has_view_or_change_permission(request, inquiry):
                services.record_view(inquiry=inquiry, by=request.user)
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

    def _report(self, request, changed, total):
        self.message_user(
            request,
            ngettext("%(changed)d of %(total)d inquiry changed.", "%(changed)d of %(total)d inquiries changed.", total)
            % {"changed": changed, "total": total},
            messages.SUCCESS,
        )

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        changed = sum(services.assign(inquiry=inquiry, assignee=request.user, by=request.user) for inquiry in queryset)
        self._report(request, changed, len(queryset))

    def _mark(self, request, queryset, status):
        changed = sum(services.change_status(inquiry=inquiry, status=status, by=request.user) for inquiry in queryset)
        self._report(request, changed, len(queryset))

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, InquiryStatus.IN_PROGRESS)

    @admin.action(description=_("Mark as answered"), permissions=["change"])
    def mark_answered(self, request, queryset):
        self._mark(request, queryset, InquiryStatus.ANSWERED)

    @admin.action(description=_("Mark as closed"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self._mark(request, queryset, InquiryStatus.CLOSED)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._mark(request, queryset, InquiryStatus.SPAM)

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

    @admin.action(description=_("Export to CSV (Excel)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="inquiries-{stamp}.csv"'
        response.write("\ufeff")  # the byte order mark makes Excel read the file as UTF-8 (Japanese text)
        writer = csv.writer(response)
        writer.writerow(
            [
                _("reference number"),
                _("received"),
                _("status"),
                _("company name"),
                _("department"),
                _("contact person"),
                _("email address"),
                _("phone number"),
                _("country"),
                _("company website"),
                _("fields of interest"),
                _("partner city of interest"),
                _("language"),
                _("assignee"),
                _("message"),
            ]
        )
        for inquiry in queryset.select_related("city", "assignee").prefetch_related("fields_of_interest"):
            writer.writerow(
                [
                    inquiry.reference,
                    timezone.localtime(inquiry.created_at).strftime("%Y-%m-%d %H:%M"),
                    inquiry.get_status_display(),
                    csv_safe(inquiry.company_name),
                    csv_safe(inquiry.department),
                    csv_safe(inquiry.contact_person),
                    csv_safe(inquiry.email),
                    inquiry.phone.as_international if inquiry.phone else "",
                    inquiry.country.name if inquiry.country else "",
                    csv_safe(inquiry.website),
                    ", ".join(str(field) for field in inquiry.fields_of_interest.all()),
                    csv_safe(inquiry.city or ""),
                    inquiry.get_language_display(),
                    inquiry.assignee.get_username() if inquiry.assignee else "",
                    csv_safe(inquiry.message),
                ]
            )
        return response

    # --- Overview ----------------------------------------------------------------------------------------------

    def get_urls(self):
        overview = path(
            "overview/",
            self.admin_site.admin_view(self.overview_view),
            name="inquiries_inquiry_overview",
        )
        return [overview, *super().get_urls()]

    def overview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        by_status = dict(Inquiry.objects.values_list("status").annotate(count=Count("id")).order_by())
        statuses = [(status.label, by_status.get(status.value, 0)) for status in InquiryStatus]
        month_rows = (
            Inquiry.objects.annotate(month=TruncMonth("created_at"))
            .values("month", "status")
            .annotate(count=Count("id"))
            .order_by("-month")
        )
        months = {}
        for row in month_rows:
            counts = months.setdefault(row["month"], dict.fromkeys(InquiryStatus.values, 0))
            counts[row["status"]] = row["count"]
        per_month = [
            {
                "month": month,
                "counts": [counts[value] for value in InquiryStatus.values],
                "open": sum(counts[status] for status in OPEN_STATUSES),
                "total": sum(counts.values()),
            }
            for month, counts in sorted(months.items(), reverse=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Inquiries overview"),
            "opts": self.model._meta,
            "statuses": statuses,
            "status_labels": InquiryStatus.labels,
            "open_count": sum(by_status.get(status, 0) for status in OPEN_STATUSES),
            "per_month": per_month,
        }
        return TemplateResponse(request, "admin/inquiries/inquiry/overview.html", context)
