"""A local S3-compatible server for the object-storage tests: moto's server mode, on 127.0.0.1 and a free port, with
a bucket of each test's own. Nothing in it mocks our code or boto3: the portal talks HTTP to a real server."""

import itertools
import urllib.error
import urllib.request

import boto3
from moto.server import ThreadedMotoServer

from tests.servers import free_port
from yport.storage import s3_media_storage

REGION = "us-east-1"
ACCESS_KEY_ID = "test-access-key"
SECRET_ACCESS_KEY = "test-secret-key"
_bucket_numbers = itertools.count(1)


class S3Server:
    def __init__(self):
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def __enter__(self):
        self._server.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self):
        """Stop serving and close the listening socket: connecting is refused from now on."""
        if self._server._server is not None:
            self._server.stop()
            self._server._server.server_close()
            self._server._server = None

    def new_bucket(self):
        bucket = Bucket(self, f"media-{next(_bucket_numbers)}")
        self.client.create_bucket(Bucket=bucket.name)
        return bucket

    def environment(self, bucket):
        """The portal's environment variables for media in ``bucket`` (and private files in a bucket of their own)."""
        private = self.new_bucket()
        return {
            "DJANGO_PRIVATE_BUCKET": private.name,
            "DJANGO_MEDIA_STORAGE": "s3",
            "DJANGO_S3_BUCKET": bucket.name,
            "DJANGO_S3_ENDPOINT_URL": self.endpoint_url,
            "DJANGO_S3_REGION": REGION,
            "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        }

    def storage_settings(self, bucket, **options):
        """``(STORAGES["default"], public URL)`` for media in ``bucket``, built as the settings build them."""
        return s3_media_storage(
            bucket=bucket.name,
            endpoint_url=self.endpoint_url,
            region=REGION,
            access_key_id=ACCESS_KEY_ID,
            secret_access_key=SECRET_ACCESS_KEY,
            **options,
        )


class Bucket:
    def __init__(self, server, name):
        self.server, self.name = server, name
        self.public_url = f"{server.endpoint_url}/{name}"

    def keys(self):
        pages = self.server.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def put(self, key, body=b"x"):
        self.server.client.put_object(Bucket=self.name, Key=key, Body=body)

    def head(self, key):
        return self.server.client.head_object(Bucket=self.name, Key=key)


def fetch_anonymously(url):
    """``(status, content type, body)`` of a GET without credentials, as a browser would fetch a picture."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()
