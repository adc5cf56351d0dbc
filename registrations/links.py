"""The signed links in a registrant's mails (no account needed): one to confirm the email address, one to manage the
registration. Each is the registration's id signed with a key that includes the registration's own secret, so a
new secret (services.revoke_links) makes its old links invalid, and nobody can make a link for another id."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from registrations.models import Registration
from yport.http import row_id

CONFIRM = "confirm"
MANAGE = "manage"


def _signer(purpose: str, secret: str) -> signing.Signer:
    return signing.Signer(salt=f"registrations.{purpose}.{secret}")


def make_token(registration: Registration, purpose: str) -> str:
    return _signer(purpose, registration.secret).sign(str(registration.pk))


def registration_from_token(token: str, purpose: str, queryset=None) -> Registration | None:
    """The registration a token was made for, or None when it is malformed, forged, revoked or anonymised."""
    registration_id = row_id(token.partition(":")[0])
    if registration_id is None:
        return None
    queryset = Registration.objects.all() if queryset is None else queryset
    registration = queryset.filter(pk=registration_id, anonymised_at__isnull=True).first()
    if registration is None:
        return None
    try:
        _signer(purpose, registration.secret).unsign(token)
    except signing.BadSignature:
        return None
    return registration


def link(registration: Registration, purpose: str, *, absolute: bool = True) -> str:
    """The address of the confirm or manage page for ``registration``, in its language."""
    with translation.override(registration.language):
        path = reverse(
            f"registrations:{purpose}",
            kwargs={"slug": registration.conference.slug, "token": make_token(registration, purpose)},
        )
    return settings.SITE_URL + path if absolute else path
