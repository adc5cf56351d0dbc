"""RegistrationAdmin: the registrations of the conferences, headed by the counts against capacity per mode (of the
chosen conference, or of the latest ones), with filters, search (kana in hiragana too), the export and the actions;
the change page shows a registration read-only with its emails. Its own pages: check-in (registrations.checkin)
and the message to the registrants of a mode (mail)."""

from functools import partial

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export.admin import ExportActionMixin
from import_export.forms import ExportForm

from registrations import checkin
from registrations.admin import actions, mail
from registrations.admin.summary import capacity_summary, setups_for_list
from registrations.exports import RegistrationResource
from registrations.models import SUBMITTED_FIELDS, Registration, RegistrationEmail
from yport.admin import HistoryInline, KanaSearchMixin, StaffImportExportMixin
from yport.http import row_id
from yport.spreadsheets import EXPORT_FORMATS

CHECK_IN_PERMISSION = "registrations.check_in_registration"
ERASE_PERMISSION = "registrations.erase_registration"
EXPORT_PERMISSION = "registrations.export_registration"
MAIL_PERMISSION = "registrations.mail_registrants"

STATE_FIELDS = (
    "ticket_code",
    "conference",
    "status",
    "created_at",
    "email_confirmed_at",
    "confirmed_at",
    "waiting_since",
    "offer_expires_at",
    "decided_by",
    "decided_at",
    "checked_in_at",
    "cancelled_at",
)
CONSENT_FIELDS = ("language", "privacy_notice_version", "consent_given_at", "client_network", "anonymised_at")
# The conference filter's parameter (admin.RelatedFieldListFilter on "conference").
CONFERENCE_PARAMETER = "conference__id__exact"


class RegistrationEmailInline(HistoryInline):
    model = RegistrationEmail
    fields = ("created_at", "kind", "state", "attempts", "sent_at", "error")


@admin.register(Registration)
class RegistrationAdmin(StaffImportExportMixin, KanaSearchMixin, ExportActionMixin, admin.ModelAdmin):
    list_display = (
        "ticket_code",
        "name",
        "name_kana",
        "organisation",
        "country",
        "mode",
        "status",
        "created_at",
        "checked_in_at",
    )
    list_display_links = ("ticket_code", "name")
    list_filter = (
        ("conference", admin.RelatedOnlyFieldListFilter),
        "status",
        "mode",
        ("country", CountryFilter),
        ("checked_in_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("conference",)
    search_fields = ("name", "name_kana", "organisation", "email", "ticket_code")
    readonly_fields = (*STATE_FIELDS, *SUBMITTED_FIELDS, *CONSENT_FIELDS)
    fieldsets = (
        (_("Registration"), {"fields": STATE_FIELDS}),
        (_("What the person sent"), {"fields": SUBMITTED_FIELDS}),
        (_("Consent and abuse handling"), {"fields": CONSENT_FIELDS}),
    )
    inlines = (RegistrationEmailInline,)
    actions = actions.ACTIONS
    # Export (django-import-export): the selected rows through the action, or the filtered list through the button.
    import_export_change_list_template = "admin/registrations/registration/change_list.html"
    resource_classes = (RegistrationResource,)
    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm
    show_change_form_export = False

    def has_add_permission(self, request):
        return False  # registrations come only from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is deleted; purge_registrations anonymises old ones

    def has_erase_permission(self, request):
        return request.user.has_perm(ERASE_PERMISSION)

    def has_export_permission(self, request):
        # The whole list in one file is more than viewing it row by row: a permission of its own.
        return super().has_export_permission(request) and request.user.has_perm(EXPORT_PERMISSION)

    def changelist_view(self, request, extra_context=None):
        # The admin's own filter answers a junk value; the header then shows the latest conferences.
        conference_id = row_id(request.GET.get(CONFERENCE_PARAMETER, ""))
        extra_context = {
            **(extra_context or {}),
            "capacity_summary": capacity_summary(setups_for_list(conference_id)),
            "conference_parameter": CONFERENCE_PARAMETER,
            "chosen_conference_id": conference_id,
            "can_check_in": request.user.has_perm(CHECK_IN_PERMISSION),
            "can_mail": request.user.has_perm(MAIL_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path("check-in/", wrap(checkin.check_in_page), name="registrations_registration_check_in"),
            path("mail/", wrap(mail.mail_registrants_page), name="registrations_registration_mail"),
            *super().get_urls(),
        ]
