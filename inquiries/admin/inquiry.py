"""InquiryAdmin: the list of inquiries (filters, kana search, actions, export) and the change page, where staff
handle one (status, assignee, notes) and see what the company sent and its history."""

from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from import_export.forms import ExportForm

from accounts.staff_groups import inquiry_handlers
from inquiries.admin import actions, replies, views
from inquiries.models import KANA_READINGS, SUBMITTED_FIELDS, Inquiry, InquiryEmail, InquiryEvent, ResponseTarget
from inquiries.resources import InquiryResource
from inquiries.services.workflow import record_view, update_inquiry
from inquiries.working_days import today_in_tokyo
from yport.admin import HistoryInline, KanaSearchMixin, StaffImportExportMixin
from yport.spreadsheets import EXPORT_FORMATS

# What the company sent, as the change page shows it (the fields of interest through a display method).
DISPLAY_METHODS = {"fields_of_interest": "fields_display", "project": "project_display"}
SUBMITTED_DISPLAY = tuple(DISPLAY_METHODS.get(name, name) for name in SUBMITTED_FIELDS)
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


class InquiryEventInline(HistoryInline):
    model = InquiryEvent
    fields = ("created_at", "kind", "actor", "old_status", "new_status", "detail")
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inquiry", "actor")


class InquiryEmailInline(HistoryInline):
    model = InquiryEmail
    fields = ("kind", "state", "attempts", "last_attempt_at", "sent_at", "error")

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


@admin.register(Inquiry)
class InquiryAdmin(StaffImportExportMixin, KanaSearchMixin, ExportActionMixin, admin.ModelAdmin):
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
        ("project", admin.RelatedOnlyFieldListFilter),
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
    actions = (
        actions.assign_to_me,
        actions.mark_in_progress,
        actions.mark_answered,
        actions.mark_closed,
        actions.mark_spam,
        actions.resend_emails,
        actions.erase_selected,
    )
    # Export (django-import-export): the selected rows through the action, or the filtered list through the button.
    import_export_change_list_template = "admin/inquiries/inquiry/change_list.html"  # the export link and "Overview"
    resource_classes = (InquiryResource,)
    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm
    show_change_form_export = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("fields_of_interest")

    def has_add_permission(self, request):
        return False  # inquiries come only from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # nothing a company sent is lost; purge_inquiries anonymises old ones

    def has_erase_permission(self, request):
        return request.user.has_perm("inquiries.erase_inquiry")

    @admin.display(description=_("fields of interest"))
    def fields_display(self, obj):
        return ", ".join(str(field) for field in obj.fields_of_interest.all())

    @admin.display(description=_("project of interest"))
    def project_display(self, obj):
        """The project the company asked from, with its city, linked to its page in the admin."""
        project = obj.project
        if project is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            reverse("admin:projects_project_change", args=[project.pk]),
            project.title,
            project.city.name,
            project.get_stage_display(),
        )

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
                record_view(inquiry=inquiry, by=request.user)
                extra_context = {**(extra_context or {}), "can_reply": replies.can_reply(self, request, inquiry)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        current = Inquiry.objects.get(pk=obj.pk)
        update_inquiry(
            inquiry=current,
            status=form.cleaned_data["status"],
            assignee=form.cleaned_data["assignee"],
            notes=form.cleaned_data["internal_notes"],
            by=request.user,
        )

    @admin.display(description=_("replies sent from the portal"))
    def replies_display(self, obj):
        return replies.replies_html(obj)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path("overview/", wrap(views.overview), name="inquiries_inquiry_overview"),
            path(
                "<path:object_id>/attachments/<int:attachment_id>/",
                wrap(views.attachment_download),
                name="inquiries_inquiry_attachment",
            ),
            path("<path:object_id>/reply/", wrap(replies.reply), name="inquiries_inquiry_reply"),
            *super().get_urls(),
        ]
