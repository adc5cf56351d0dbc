"""The outbox in the admin: staff see the emails that are not the record of one inquiry (approval notices, digests;
an inquiry's emails are on its page), why one failed, and send failed ones again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from yport.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "to", "subject", "state", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "to",
        "reply_to",
        "language",
        "subject",
        "body",
        "state",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "error",
        "message_id",
    )
    readonly_fields = fields
    actions = ("send_again_now",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send unsent emails again now"), permissions=["change"])
    def send_again_now(self, request, queryset):
        report_queued(self, request, queryset.send_again_now())


def report_queued(modeladmin, request, queued):
    """Tells the staff member how many unsent emails an admin action queued again (inquiry emails or the outbox's)."""
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d unsent email queued: the email worker sends it within a minute.",
            "%(count)d unsent emails queued: the email worker sends them within a minute.",
            queued,
        )
        % {"count": queued},
        messages.SUCCESS,
    )
