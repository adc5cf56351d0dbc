"""Client addresses and submission rate limits of the public forms: only the sender's network is kept, never the
full address; a limit is counted on the stored rows themselves, so that it holds across every app server and
whatever the cache does."""

import ipaddress
import math
from datetime import datetime, timedelta

NETWORK_PREFIX = {4: 24, 6: 48}


class RateLimitExceeded(Exception):
    """The client's network has used up its accepted submissions (of one public form) for the current window;
    ``retry_after`` is the number of seconds until it may send again."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


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


def seconds_until_next_slot(rows, *, time_field: str, limit: int, window: timedelta, now: datetime) -> int | None:
    """None while fewer than ``limit`` of ``rows`` (one network's submissions, a queryset) were received in the last
    ``window`` (by ``time_field``); otherwise the seconds until the oldest of them leaves the window. Call it inside
    the submission's transaction after a row lock that makes concurrent submissions count one after another."""
    recent = list(
        rows.filter(**{f"{time_field}__gt": now - window})
        .order_by(f"-{time_field}")
        .values_list(time_field, flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    if not recent:  # a limit of 0 accepts nothing
        return int(window.total_seconds())
    return max(1, math.ceil((recent[-1] + window - now).total_seconds()))
