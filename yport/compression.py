"""Text answers (HTML, JSON, CSV, XML, iCalendar, feeds) are sent gzip-compressed to clients that accept it; written
here only.

``CompressTextMiddleware`` is Django's ``GZipMiddleware`` limited to text: images, PDFs and other downloads are
compressed already, and compressing them again costs CPU for nothing. It keeps Django's defence against BREACH (since
Django 4.2 every compressed body carries 0–100 random bytes in the gzip header, so its length says nothing about a
secret on the page, such as a CSRF token); Django's per-request CSRF token masking is a second one. An answer
compressed for its request is compressed at level 1 (``PER_REQUEST_LEVEL``), a page stored by the page cache at
Django's level 6: compressing every uncached page at level 6 cost 5-15 % of its time.

Static files never reach it (WhiteNoise, above it, answers them with its own precompressed files), and pages the page
cache answers arrive already compressed (``pagecache.middleware`` keeps the compressed body; such pages carry no
secret, so no padding), which the middleware leaves alone.
"""

import gzip
import secrets

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

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


STORED_LEVEL = 6  # a page the page cache keeps is compressed once: Django's level, the smaller body
# An answer compressed for each request (the page cache off, the inquiry form, signed-in staff): level 1 takes a
# quarter to a half of level 6's time (0.08 instead of 0.33 ms for the 29 KB inquiry form, 0.04 instead of 0.08 ms
# for a 13 KB conference page) for a body about 13 % larger (8.1 instead of 7.1 KiB, 3.2 instead of 2.8 KiB).
PER_REQUEST_LEVEL = 1


def gzip_bytes(content: bytes, *, max_random_bytes: int = 0, level: int = STORED_LEVEL) -> bytes:
    """``content`` gzip-compressed (no timestamp), with Django's random padding against BREACH if asked
    (``django.utils.text.compress_string``: 0 to ``max_random_bytes`` - 1 bytes as a file name in the header)."""
    compressed = gzip.compress(content, compresslevel=level, mtime=0)
    if not max_random_bytes:
        return compressed
    header = bytearray(compressed[:10])
    header[3] = gzip.FNAME
    return bytes(header) + b"a" * secrets.randbelow(max_random_bytes) + b"\x00" + compressed[10:]


class CompressTextMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text, its whole-body branch at PER_REQUEST_LEVEL (streaming answers as Django
    compresses them)."""

    def process_response(self, request, response):
        if not is_compressible(response):
            return response
        if response.streaming:
            return super().process_response(request, response)
        if len(response.content) < SHORTEST:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request):
            return response
        compressed = gzip_bytes(response.content, max_random_bytes=self.max_random_bytes, level=PER_REQUEST_LEVEL)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # RFC 9110 8.8.1, as Django does
        response.headers["Content-Encoding"] = "gzip"
        return response
