"""Where uploaded pictures and PDFs are kept: the local disk (``MEDIA_ROOT``), or an S3-compatible bucket shared by
every app server (``DJANGO_MEDIA_STORAGE=s3``, django-storages on boto3).

Objects in the bucket are public and named once (a new upload never takes an existing name), so their URLs are
plain, stable addresses without a signature: ``<public URL>/<name>``, built without asking the bucket. Every call
to the bucket has a connect and read timeout and a bounded number of attempts; what the editor sees when the
bucket does not answer is decided in ``yport.admin.MediaStorageErrorMixin``.
"""

from urllib.parse import urlsplit

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ImproperlyConfigured

# Browsers and proxies may keep a picture a day. Originals never change under their name; a rendition remade by
# regenerate_renditions --all may show its old pixels for that long.
MEDIA_CACHE_CONTROL = "public, max-age=86400"


def default_public_url(*, bucket, endpoint_url, region):
    """Where the bucket's objects can be read: beside the endpoint (path style, as MinIO, Ceph and the like serve
    them) or, on AWS itself, the bucket's regional address."""
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{bucket}"
    return f"https://{bucket}.s3.{region or 'us-east-1'}.amazonaws.com"


def s3_media_storage(
    *,
    bucket,
    endpoint_url="",
    region="",
    access_key_id="",
    secret_access_key="",
    public_url="",
    acl="public-read",
    timeout=5.0,
    attempts=3,
):
    """The ``STORAGES["default"]`` entry for media in an S3-compatible bucket, and the public URL they are read
    from (for MEDIA_URL and the Content Security Policy)."""
    if not bucket:
        raise ImproperlyConfigured("DJANGO_S3_BUCKET must name the bucket when DJANGO_MEDIA_STORAGE is s3.")
    public_url = (public_url or default_public_url(bucket=bucket, endpoint_url=endpoint_url, region=region)).rstrip("/")
    address = urlsplit(public_url)
    if address.scheme not in ("http", "https") or not address.netloc:
        raise ImproperlyConfigured(f"DJANGO_S3_PUBLIC_URL must be an http(s) address, not {public_url!r}.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key_id or None,
        "secret_key": secret_access_key or None,
        # Public objects at plain addresses: no signature in the URL, so pages and caches see one stable URL.
        "querystring_auth": False,
        "url_protocol": f"{address.scheme}:",
        "custom_domain": address.netloc + address.path,
        "default_acl": acl or None,
        "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
        # A name already taken gets another (as on the disk): an upload never replaces someone else's file.
        "file_overwrite": False,
        "client_config": Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"mode": "standard", "total_max_attempts": attempts},
        ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, public_url


# What a storage raises when it cannot do what it was asked: the disk's errors, and the bucket's (a connection
# refused or timed out, an error answer, a failed upload).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError, Boto3Error)
