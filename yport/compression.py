"""Text answers (HTML, JSON, CSV, XML, iCalendar, feeds) are sent gzip-compressed to clients that accept it; written
here only.

``CompressTextMiddleware`` is Django's ``GZipMiddleware`` limited to text: images, PDFs and other downloads are
compressed already, and compressing them again costs CPU for nothing. It keeps Django's defence against BREACH (since
Django 4.2 every compressed body carries 0–100 random bytes in the gzip header, so its length says nothing about a
secret on the page, such as a CSRF token); Django's per-request CSRF token masking is a second one.

Static files never reach it (WhiteNoise, above it, answers them with its own precompressed files), and pages the page
cache answers arrive already compressed (``pagecache.middleware`` keeps the compressed body; such pages carry no
secret, so no padding), which the middleware leaves alone.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
SHORTEST = 200  # bytes: shorter answers gain nothing (Django's limit too)
TEXT_TYPES = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/vnd.oai.openapi",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


def is_compressible(response) -> bool:
    """Whether ``response`` is text worth compressing and not already encoded."""
    content_type = response.get("Content-Type", "").lower()
    return content_type.startswith(TEXT_TYPES) and not response.has_header("Content-Encoding")


def accepts_gzip(request) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def gzip_bytes(content: bytes, *, max_random_bytes: int = 0) -> bytes:
    """``content`` gzip-compressed as the middleware does it (level 6, no timestamp; random padding if asked)."""
    return compress_string(content, max_random_bytes=max_random_bytes)


class CompressTextMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_compressible(response):
            return response
        return super().process_response(request, response)
