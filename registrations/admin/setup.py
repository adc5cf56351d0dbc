"""A conference's registration as staff set it up: when it is open, the modes and their seats, approval, the online
link, the times of the mails, the public participant list, the retention and the bilingual texts."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from registrations.models import RegistrationSetup
from registrations.services import seats_changed


@admin.register(RegistrationSetup)
class RegistrationSetupAdmin(TabbedTranslationAdmin):
    list_display = (
        "conference",
        "opens_at",
        "closes_at",
        "modes_offered",
        "on_site_capacity",
        "online_capacity",
        "requires_approval",
    )
    list_select_related = ("conference",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ("modes_offered", "requires_approval")
    search_fields = ("conference__title_ja", "conference__title_en", "conference__slug")
    fieldsets = (
        (None, {"fields": ("conference", ("opens_at", "closes_at"), "requires_approval")}),
        (_("Attendance modes and seats"), {"fields": ("modes_offered", ("on_site_capacity", "online_capacity"))}),
        (_("Online attendance"), {"fields": ("online_join_url", "online_link_release_before")}),
        (
            _("Mails and time limits"),
            {
                "fields": (
                    "email_confirmation_window",
                    "offer_validity",
                    ("first_reminder_before", "second_reminder_before"),
                )
            },
        ),
        (_("Optional questions"), {"fields": ("ask_phone", "ask_dietary_needs", "ask_accessibility_needs")}),
        (_("Texts"), {"fields": ("page_text", "confirmation_text")}),
        (_("Privacy"), {"fields": ("participant_list_public", "retention_days")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # More seats, or a mode opened: the people waiting get the new free seats, in order.
            seats_changed(setup=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a setup goes with its conference; its registrations need its capacities and retention
