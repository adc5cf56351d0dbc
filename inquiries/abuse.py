"""Client addresses and the submission rate limit: only the sender's network is kept, never the full address."""

import ipaddress
import math
from datetime import datetime, timedelta

from django.conf import settings

from inquiries.models import Inquiry

NETWORK_PREFIX = {4: 24, 6: 48}


def client_network(address: str) -> str:
    """The address shortened to its network: IPv4 /24, IPv6 /48 (enough for abuse handling, not a person). An
    IPv4 address mapped into IPv6 (::ffff:192.0.2.1) counts as the IPv4 address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return str(ipaddress.ip_network(f"{ip}/{NETWORK_PREFIX[ip.version]}", strict=False))


def seconds_until_next_slot(network: str, *, now: datetime) -> int | None:
    """None while the network has accepted fewer than INQUIRY_RATE_LIMIT inquiries in the last window; otherwise the
    seconds until the oldest of them leaves the window.

    Counted on the stored inquiries themselves, so the limit holds across every app server and whatever the cache
    does. Call it inside the submission's transaction after the reference number is taken: that row lock makes
    concurrent submissions count one after another."""
    limit = settings.INQUIRY_RATE_LIMIT
    window = timedelta(seconds=settings.INQUIRY_RATE_WINDOW_SECONDS)
    recent = list(
        Inquiry.objects.filter(client_network=network, created_at__gt=now - window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    if not recent:  # a limit of 0 accepts nothing
        return int(window.total_seconds())
    return max(1, math.ceil((recent[-1] + window - now).total_seconds()))
