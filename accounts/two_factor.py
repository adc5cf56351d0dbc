"""Two-factor sign-in for staff with an authenticator app (TOTP, django-otp): enrolment on the staff member's own page,
the code at the admin login, and the rule who counts as signed in."""

from base64 import b32encode
from urllib.parse import quote

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.mixins import UserPassesTestMixin
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockout import record_failed_sign_in
from yport import qr
from yport.http import no_store

CODE_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}", "size": 8}

CODE_ERRORS = {
    "token_required": _("Enter the 6-digit code from your authenticator app."),
    "invalid_token": _("That code is not right. Enter the code your authenticator app shows now."),
    "n_failed_attempts": ngettext_lazy(
        "After %(failure_count)d wrong code, codes are not checked for a few seconds. Wait a moment and try again.",
        "After %(failure_count)d wrong codes, codes are not checked for a while. Wait a moment and try again.",
        "failure_count",
    ),
    "verification_not_allowed": _("Codes cannot be checked at the moment. Wait a moment and try again."),
    "device_required": _("Enter the 6-digit code from your authenticator app."),
}


def confirmed_device(user):
    """The user's authenticator device once enrolment is confirmed, else None."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def needs_enrolment(user):
    """An active staff member, signed in with the password, who has no confirmed authenticator device yet."""
    return user.is_authenticated and user.is_active and user.is_staff and confirmed_device(user) is None


def check_code(device, code):
    """Verify a code against the device, within django-otp's throttling (each wrong code doubles the wait before
    the next is checked). Returns None when the code is right, else the error message."""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, extra = device.verify_is_allowed()
        if not allowed:
            if extra and extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                return CODE_ERRORS["n_failed_attempts"] % extra
            return CODE_ERRORS["verification_not_allowed"]
        if not device.verify_token(code):
            return CODE_ERRORS["invalid_token"]
    return None


# With ADMIN_2FA on, one answer for a wrong password and for a wrong or missing code: the form never tells someone who
# tries passwords that one was right.
INVALID_SIGN_IN = _(
    "The user name, password or authentication code is not right. User name and password are case-sensitive; "
    "leave the code empty if you have not set up two-factor sign-in yet."
)


class AdminLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin login: user name, password and, with ADMIN_2FA on, the code of the user's authenticator device.

    Users without a device sign in with the password only and are then sent to enrol (see ``yport.sites``).
    The password goes through ``authenticate(request, …)``, so django-axes counts every wrong one; a wrong or
    missing code after a right password counts the same (``record_failed_sign_in``), so the one lockout limits
    code guessing too. Both get the same message (INVALID_SIGN_IN)."""

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=6,
        help_text=_("The 6-digit code from your authenticator app. Leave empty if you have not set one up yet."),
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )
    otp_error_messages = {**OTPAuthenticationFormMixin.otp_error_messages, **CODE_ERRORS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.ADMIN_2FA:
            self.error_messages = {**self.error_messages, "invalid_login": INVALID_SIGN_IN}
        else:
            del self.fields["otp_token"]

    def clean(self):
        super().clean()
        user = self.get_user()
        if settings.ADMIN_2FA and user is not None and confirmed_device(user) is not None:
            try:
                self.clean_otp(user)  # sets user.otp_device; django_otp marks the session verified at login
            except forms.ValidationError:
                self.user_cache = None
                record_failed_sign_in(self.request, self.cleaned_data.get("username"))
                raise self.get_invalid_login_error() from None
        return self.cleaned_data

    def _chosen_device(self, user):
        # One authenticator per user, so no device choice in the form (clean_otp runs this in a transaction).
        return TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update().first()

    def _update_form(self, user):
        """django-otp would list the user's devices and render the password back into the page: neither here."""


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Authentication code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(CODE_ERRORS["token_required"], code="token_required")
        error = check_code(self.device, code)
        if error:
            raise forms.ValidationError(error, code="invalid_token")
        return code


def qr_code_data_uri(text):
    """A QR code of ``text`` as an SVG data: URI, drawn here (no third party sees the secret); scalable, no styles."""
    return "data:image/svg+xml;charset=utf-8," + quote(qr.svg(text))


def grouped_secret(device):
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


@method_decorator(no_store, name="dispatch")
class TwoFactorView(UserPassesTestMixin, FormView):
    """A staff member's own two-factor page: enrol an authenticator app (scan, type a code), or see that it is on.

    A confirmed device is never replaced here (someone with the password alone could otherwise swap it): a superuser
    resets it, in the admin or with ``manage.py reset_two_factor``."""

    template_name = "accounts/two_factor.html"
    form_class = CodeForm

    def test_func(self):
        user = self.request.user
        return user.is_authenticated and user.is_active and user.is_staff

    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        self.device = confirmed_device(request.user)
        self.pending = None
        if self.device is None:
            self.pending = self.pending_device()
        return super().dispatch(request, *args, **kwargs)

    def pending_device(self):
        """The unconfirmed device being enrolled; kept across reloads, so a scanned code stays valid."""
        user = self.request.user
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=gettext("Authenticator app"), confirmed=False)
        return device

    def post(self, request, *args, **kwargs):
        if self.device is not None:
            return redirect("two_factor")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.pending}

    def form_valid(self, form):
        self.pending.confirmed = True
        self.pending.save(update_fields=["confirmed"])
        django_otp.login(self.request, self.pending)
        messages.success(self.request, gettext("Two-factor sign-in is set up. From now on, sign in with a code."))
        return redirect(reverse("admin:index"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["device"] = self.device
        is_verified = getattr(self.request.user, "is_verified", None)
        context["verified"] = bool(is_verified and is_verified())
        context["required"] = settings.ADMIN_2FA
        if self.pending is not None:
            context["qr_code"] = qr_code_data_uri(self.pending.config_url)
            context["secret"] = grouped_secret(self.pending)
        return context
