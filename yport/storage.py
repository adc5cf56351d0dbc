"""Where uploaded files are kept. Pictures and PDFs shown on pages: the local disk (``MEDIA_ROOT``), or an
S3-compatible bucket shared by every app server (``DJANGO_MEDIA_STORAGE=s3``, django-storages on boto3).

Objects in the bucket are public and named once (a new upload never takes an existing name), so their URLs are
plain, stable addresses without a signature: ``<public URL>/<name>``, built without asking the bucket. Every call
to the bucket has a connect and read timeout and a bounded number of attempts; what the editor sees when the
bucket does not answer is decided in ``yport.admin.MediaStorageErrorMixin``.

Files nobody may fetch by address (the PDFs attached to business inquiries) are kept in ``STORAGES["private"]``
instead: a folder outside every publicly served one, or a bucket of their own whose objects are private. They have
no URL; staff download them through a view that checks their permission.
"""

from pathlib import Path
from urllib.parse import urlsplit

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

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


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on this machine's disk that no address reaches: ``url()`` refuses (FileSystemStorage would otherwise
    make one below MEDIA_URL), and files and folders are readable by the portal's own user only."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, base_url=None, **kwargs)

    def url(self, name):
        raise ValueError("Private files have no URL: staff download them through a view that checks permissions.")


def local_private_storage(*, location, public_roots):
    """The ``STORAGES["private"]`` entry for a folder on this machine's disk, which must be neither inside nor around
    a folder served to the public (``public_roots``: MEDIA_ROOT, STATIC_ROOT, the static source folders)."""
    location = Path(location).resolve()
    for root in public_roots:
        root = Path(root).resolve()
        if location.is_relative_to(root) or root.is_relative_to(location):
            raise ImproperlyConfigured(
                f"DJANGO_PRIVATE_ROOT ({location}) must be outside {root}, which is served to the public."
            )
    return {"BACKEND": "yport.storage.PrivateFileSystemStorage", "OPTIONS": {"location": str(location)}}


def s3_private_storage(
    *,
    bucket,
    public_bucket="",
    endpoint_url="",
    region="",
    access_key_id="",
    secret_access_key="",
    timeout=5.0,
    attempts=3,
):
    """The ``STORAGES["private"]`` entry for a bucket of private objects: a bucket of its own (a public bucket's
    policy would expose them), objects with the ``private`` ACL, addresses only ever signed."""
    if not bucket:
        raise ImproperlyConfigured(
            "DJANGO_PRIVATE_BUCKET must name the private bucket when DJANGO_PRIVATE_STORAGE is s3."
        )
    if bucket == public_bucket:
        raise ImproperlyConfigured("DJANGO_PRIVATE_BUCKET must be another bucket than DJANGO_S3_BUCKET (public media).")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key_id or None,
        "secret_key": secret_access_key or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "object_parameters": {"CacheControl": "private, no-store"},
        "file_overwrite": False,
        "client_config": Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"mode": "standard", "total_max_attempts": attempts},
        ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


class PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used (and again after the STORAGES setting changes)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def get_private_storage():
    """The private storage, for a file field's ``storage=`` (a callable, so migrations do not freeze the backend)."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
