"""The actions of the registration list; each calls the service (registrations.services) for every selected
registration and says how many changed and why the others did not."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registrations.services import NoSeatLeft, NotAllowedNow, approve, erase, promote, reject
from yport.admin import erase_on_request_action


def report(modeladmin, request, changed, total, *, refused=0, no_seat=0):
    modeladmin.message_user(
        request,
        ngettext(
            "%(changed)d of %(total)d registration changed.", "%(changed)d of %(total)d registrations changed.", total
        )
        % {"changed": changed, "total": total},
        messages.SUCCESS if changed else messages.WARNING,
    )
    if refused:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d registration was left as it is: its status does not allow this.",
                "%(count)d registrations were left as they are: their status does not allow this.",
                refused,
            )
            % {"count": refused},
            messages.WARNING,
        )
    if no_seat:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d person stays on the waiting list: their mode has no free seat.",
                "%(count)d people stay on the waiting list: their mode has no free seat.",
                no_seat,
            )
            % {"count": no_seat},
            messages.WARNING,
        )


def apply_to_each(service, modeladmin, request, queryset):
    changed = refused = no_seat = 0
    registrations = list(queryset.order_by("waiting_since", "created_at", "id"))
    for registration in registrations:
        try:
            service(registration=registration, user=request.user)
        except NotAllowedNow:
            refused += 1
        except NoSeatLeft:
            no_seat += 1
        else:
            changed += 1
    report(modeladmin, request, changed, len(registrations), refused=refused, no_seat=no_seat)


@admin.action(description=_("Approve (takes a seat, or the waiting list when full)"), permissions=["change"])
def approve_selected(modeladmin, request, queryset):
    apply_to_each(approve, modeladmin, request, queryset.filter(anonymised_at__isnull=True))


@admin.action(description=_("Reject"), permissions=["change"])
def reject_selected(modeladmin, request, queryset):
    apply_to_each(reject, modeladmin, request, queryset.filter(anonymised_at__isnull=True))


@admin.action(description=_("Offer a seat from the waiting list now"), permissions=["change"])
def promote_selected(modeladmin, request, queryset):
    apply_to_each(promote, modeladmin, request, queryset.filter(anonymised_at__isnull=True))


erase_selected = erase_on_request_action(
    lambda registration: erase(registration=registration),
    description=_("Erase personal data, as the person asked (cancels before the conference)"),
)

ACTIONS = (approve_selected, reject_selected, promote_selected, erase_selected)
