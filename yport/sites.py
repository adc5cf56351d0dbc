"""The admin site: with ADMIN_2FA on, only staff who signed in with their second factor get in; its index counts
what awaits a publisher's approval."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.two_factor import AdminLoginForm, needs_enrolment
from yport.staff_preview import is_signed_in_staff


class AdminSite(admin.AdminSite):
    site_header = _("Y-PORT Portal administration")
    site_title = _("Y-PORT Portal administration")
    index_title = _("Content and inquiries")
    login_form = AdminLoginForm
    login_template = "admin/two_factor_login.html"

    def has_permission(self, request):
        return super().has_permission(request) and is_signed_in_staff(request.user)

    def index(self, request, extra_context=None):
        """The index with a count of what awaits a publisher's approval, linked to the filtered lists."""
        return super().index(request, {"approvals_awaiting": self.approvals_awaiting(request), **(extra_context or {})})

    def approvals_awaiting(self, request):
        from editorial.admin.approvals import ApprovalAdminMixin
        from editorial.approvals import awaiting_counts, can_publish

        if not can_publish(request.user):
            return []
        models = [
            model
            for model, model_admin in self._registry.items()
            if isinstance(model_admin, ApprovalAdminMixin) and model_admin.has_view_or_change_permission(request)
        ]
        return [
            {
                "name": model._meta.verbose_name_plural,
                "count": count,
                "url": reverse(f"{self.name}:{model._meta.app_label}_{model._meta.model_name}_changelist")
                + "?approval=awaiting",
            }
            for model, count in awaiting_counts(models)
        ]

    def login(self, request, extra_context=None):
        """A staff member without a second factor who signed in with the password is sent to enrol one."""
        if settings.ADMIN_2FA and needs_enrolment(request.user):
            return redirect(reverse("two_factor"))
        return super().login(request, extra_context)
