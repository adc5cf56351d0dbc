"""Who the client is: the connecting address, or, when that is one of the trusted reverse proxies
(``TRUSTED_PROXIES``, from DJANGO_TRUSTED_PROXIES), the address those proxies forwarded in X-Forwarded-For.

One rule for everything kept per client (the business-inquiry rate limit, the sign-in lockout, the API throttle)
and for HTTPS detection (``ForwardedHeadersMiddleware`` drops X-Forwarded-For and X-Forwarded-Proto that a client
sent itself). docs/deploying.md, "Reverse proxy", explains the setting."""

import functools
import ipaddress
import logging

from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)

UNKNOWN_ADDRESS = "unknown"
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")
# More proxies than any real chain has: X-Forwarded-For is read no further left (a longer run of trusted addresses,
# which only a client inside a trusted network can write, ends at the last one read).
MAX_PROXY_HOPS = 20


@functools.lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy) for proxy in proxies)


def is_port(text):
    return text.isascii() and text.isdigit()


def parse_address(text):
    """An IP address from REMOTE_ADDR or one entry of X-Forwarded-For, else None. A port (``192.0.2.1:443``,
    ``[2001:db8::1]:443``) and IPv6 brackets are dropped; an IPv4 address mapped into IPv6 (a dual-stack socket)
    becomes the IPv4 address, so that one client has one address however it connected."""
    text = text.strip()
    if text.startswith("["):
        text, _bracket, port = text[1:].partition("]")
        if not _bracket or (port and not (port.startswith(":") and is_port(port[1:]))):
            return None
    elif text.count(":") == 1:
        text, _colon, port = text.partition(":")
        if not is_port(port):
            return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted_proxy(address, hop=0) -> bool:
    """Whether ``address``, ``hop`` steps from this server (0: the connecting peer), is one of the reverse proxies.

    With DJANGO_TRUSTED_PROXIES unset, the deprecated INQUIRY_TRUSTED_PROXY_COUNT = N still works for one release:
    it trusts the N nearest hops whatever their address, which is what it always meant (and why it is replaced: an
    app server reachable directly lets a client choose its address)."""
    if settings.TRUSTED_PROXIES:
        return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))
    return hop < settings.INQUIRY_TRUSTED_PROXY_COUNT


def connecting_address(request):
    return parse_address(request.META.get("REMOTE_ADDR", ""))


def is_from_trusted_proxy(request) -> bool:
    """Whether the request came through a trusted reverse proxy, so that its forwarded headers may be believed."""
    peer = connecting_address(request)
    return peer is not None and is_trusted_proxy(peer)


def client_address(request) -> str:
    """The client's address as a string, or UNKNOWN_ADDRESS when the connecting address is unreadable.

    The connecting address, unless it is a trusted proxy: then X-Forwarded-For, read from the right (each proxy
    appends the address it saw), up to the first address that is not a trusted proxy. Whatever a client wrote
    itself stands left of that and is never read. An entry that is no address where a trusted proxy should have
    written one ends the walk at the last trusted hop: the visitors then share that proxy's address (one limit for
    all of them) rather than choose their own."""
    peer = connecting_address(request)
    if peer is None:
        return UNKNOWN_ADDRESS
    client = peer
    if is_trusted_proxy(peer):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", MAX_PROXY_HOPS)
        for hop, text in enumerate(reversed([part for part in forwarded if part.strip()]), start=1):
            address = parse_address(text)
            if address is None:
                break
            client = address
            if not is_trusted_proxy(address, hop):
                break
    return str(client)


class ForwardedHeadersMiddleware:
    """Drops X-Forwarded-For and X-Forwarded-Proto unless the request came through a trusted proxy, before anything
    reads them: Django's HTTPS detection (SECURE_PROXY_SSL_HEADER, and with it the HTTPS redirect and secure
    cookies) would otherwise believe any client that sends ``X-Forwarded-Proto: https``. First in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_from_trusted_proxy(request):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


def log_trusted_proxies():
    """The start-up line saying whose forwarded headers this server believes (called from yport/wsgi.py)."""
    if settings.TRUSTED_PROXIES:
        logger.info(
            "Trusted reverse proxies (DJANGO_TRUSTED_PROXIES): %s. X-Forwarded-For and X-Forwarded-Proto are read "
            "only from them.",
            ", ".join(settings.TRUSTED_PROXIES),
        )
    elif settings.INQUIRY_TRUSTED_PROXY_COUNT > 0:
        logger.warning(
            "INQUIRY_TRUSTED_PROXY_COUNT=%d is deprecated and trusts the nearest %d hop(s) whatever their address; "
            "list the proxies' networks in DJANGO_TRUSTED_PROXIES instead (docs/deploying.md).",
            settings.INQUIRY_TRUSTED_PROXY_COUNT,
            settings.INQUIRY_TRUSTED_PROXY_COUNT,
        )
    else:
        logger.info(
            "No trusted reverse proxies (DJANGO_TRUSTED_PROXIES is empty): the connecting address is the client, "
            "X-Forwarded-For and X-Forwarded-Proto are ignored."
        )


def check_trusted_proxies_listed(app_configs=None, **kwargs):
    """Deploy check: in production the site is behind a reverse proxy, which has to be listed."""
    if settings.DEBUG or settings.TRUSTED_PROXIES:
        return []
    return [
        checks.Warning(
            "DJANGO_TRUSTED_PROXIES lists no reverse proxy. Behind a proxy every visitor then has the proxy's "
            "address (one inquiry limit and one sign-in lockout for everyone) and HTTPS is not detected.",
            hint="List the proxies' addresses or networks, e.g. DJANGO_TRUSTED_PROXIES=127.0.0.1,::1 "
            '(docs/deploying.md, "Reverse proxy").',
            id="yport.W001",
        )
    ]


def check_deprecated_proxy_count(app_configs=None, **kwargs):
    if settings.INQUIRY_TRUSTED_PROXY_COUNT <= 0:
        return []
    ignored = " It is ignored, as DJANGO_TRUSTED_PROXIES is set." if settings.TRUSTED_PROXIES else ""
    return [
        checks.Warning(
            "INQUIRY_TRUSTED_PROXY_COUNT is deprecated and will be removed in the next release." + ignored,
            hint="List the proxies' addresses or networks in DJANGO_TRUSTED_PROXIES instead (docs/deploying.md).",
            id="yport.W002",
        )
    ]
