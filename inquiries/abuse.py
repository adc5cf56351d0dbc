"""Client networks and the submission rate limit: only shortened or keyed-hashed addresses are kept."""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_network(address: str) -> str:
    """The address shortened to its network: IPv4 /24, IPv6 /48 (enough for abuse handling, not a person)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def address_key(address: str) -> str:
    """A keyed hash of the full address, for cache keys: not reversible without the SECRET_KEY."""
    return hmac.new(settings.SECRET_KEY.encode(), f"inquiry-rate:{address}".encode(), hashlib.sha256).hexdigest()[:32]


def claim_submission_slot(address: str) -> bool:
    """Take one of INQUIRY_RATE_LIMIT slots for this address; False when all are taken.

    Each slot is a cache key added with the window as timeout. ``cache.add`` is atomic in the shared cache backends
    (an INSERT on the key's primary key in the database cache, SET NX in Redis), so two worker processes can never
    take the same slot, and the limit holds across processes. A slot frees itself one window after it was taken."""
    limit = settings.INQUIRY_RATE_LIMIT
    window = settings.INQUIRY_RATE_WINDOW_SECONDS
    key = address_key(address)
    return any(cache.add(f"inquiry-rate:{key}:{slot}", 1, timeout=window) for slot in range(limit))
