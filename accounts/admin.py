"""The authenticator-device admin: superusers reset a staff member's second factor here. It replaces the one
django-otp registers: autodiscovery imports this module after django-otp's (accounts comes after
django_otp.plugins.otp_totp in INSTALLED_APPS)."""

from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


class DeviceAdmin(TOTPDeviceAdmin):
    """Authenticator devices, for superusers only: they delete a staff member's device to reset it (the member
    enrols again at the next sign-in). Keys and QR codes are never shown (OTP_ADMIN_HIDE_SENSITIVE_DATA)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        # A device is made by its owner on their enrolment page, where they see the secret; never for someone else.
        return False


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, DeviceAdmin)
