"""The client's address as the site sees it, behind any number of trusted reverse proxies.

Used wherever a limit is kept per client: the business-inquiry rate limit and the sign-in lockout."""

import ipaddress

from django.conf import settings

UNKNOWN_ADDRESS = "unknown"


def client_address(request) -> str:
    """REMOTE_ADDR, or with INQUIRY_TRUSTED_PROXY_COUNT = N the address the outermost trusted proxy saw.

    Behind a reverse proxy that does not set REMOTE_ADDR itself, every visitor shares the proxy's address (and so one
    rate limit and one sign-in lockout) unless INQUIRY_TRUSTED_PROXY_COUNT is set."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.INQUIRY_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return UNKNOWN_ADDRESS
