"""Inquiry attachments in a private S3 bucket (DJANGO_PRIVATE_STORAGE=s3), against a local S3 server (moto)."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from inquiries.models import Inquiry, InquiryAttachment, InquiryEventKind
from inquiries.services.privacy import anonymise_inquiry
from tests.factories import MINIMAL_PDF, InquiryAttachmentFactory
from tests.faults import SilentServer
from tests.inquiries.test_attachments import download_url, form_url, pdf
from tests.inquiries.utils import form_data
from tests.s3 import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, fetch_anonymously
from yport.staff_group_names import INQUIRY_HANDLERS
from yport.storage import s3_private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_bucket(s3_server, settings):
    bucket = s3_server.new_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_private_storage(
            bucket=bucket.name,
            public_bucket="public-media",
            endpoint_url=s3_server.endpoint_url,
            region=REGION,
            access_key_id=ACCESS_KEY_ID,
            secret_access_key=SECRET_ACCESS_KEY,
        ),
    }
    return bucket


@pytest.fixture
def handler(staff_client):
    return staff_client("handler", INQUIRY_HANDLERS)


def test_attachment_goes_to_the_private_bucket_unreadable_without_signature(client, private_bucket, s3_server):
    response = client.post(form_url("en"), {**form_data(), "attachments": [pdf("profile.pdf")]})

    assert response.status_code == 302
    attachment = InquiryAttachment.objects.get()
    assert private_bucket.keys() == [attachment.file.name]
    grants = s3_server.client.get_object_acl(Bucket=private_bucket.name, Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    assert private_bucket.head(attachment.file.name)["CacheControl"] == "private, no-store"
    status, _type, body = fetch_anonymously(f"{private_bucket.public_url}/{attachment.file.name}")
    assert (status, body) == (403, b"")


def test_handler_downloads_from_the_private_bucket(handler, private_bucket):
    attachment = InquiryAttachmentFactory()
    response = handler.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"


def test_anonymising_deletes_the_object(private_bucket, django_capture_on_commit_callbacks):
    attachment = InquiryAttachmentFactory()
    assert private_bucket.keys() == [attachment.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_inquiry(inquiry=attachment.inquiry)
    assert private_bucket.keys() == []


def silent_private_storage(port):
    return s3_private_storage(
        bucket="private",
        endpoint_url=f"http://127.0.0.1:{port}",
        access_key_id="key",
        secret_access_key="secret",
        timeout=0.5,
        attempts=1,
    )


def test_bucket_that_never_answers_keeps_the_inquiry_without_the_file(client, settings):
    with SilentServer() as silent:
        settings.STORAGES = {**settings.STORAGES, "private": silent_private_storage(silent.port)}
        started = time.monotonic()
        response = client.post(form_url("en"), {**form_data(), "attachments": [pdf("profile.pdf")]})
        assert time.monotonic() - started < 5
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.attachments.count() == 0
    assert list(inquiry.events.filter(kind=InquiryEventKind.ATTACHMENT_FAILED).values_list("detail", flat=True)) == [
        "profile.pdf"
    ]


def test_download_while_the_bucket_never_answers_is_503(handler, private_bucket, settings):
    attachment = InquiryAttachmentFactory()
    with SilentServer() as silent:
        settings.STORAGES = {**settings.STORAGES, "private": silent_private_storage(silent.port)}
        response = handler.get(download_url(attachment))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "The storage that keeps the attachments did not answer." in response.content.decode()
    assert not attachment.inquiry.events.filter(kind=InquiryEventKind.DOWNLOADED).exists()


def test_private_bucket_is_required_and_must_not_be_the_public_one():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_PRIVATE_BUCKET must name"):
        s3_private_storage(bucket="")
    with pytest.raises(ImproperlyConfigured, match="another bucket than DJANGO_S3_BUCKET"):
        s3_private_storage(bucket="media", public_bucket="media")


def test_the_change_page_link_never_points_at_the_bucket(handler, private_bucket):
    attachment = InquiryAttachmentFactory()
    with translation.override("en"):
        html = handler.get(reverse("admin:inquiries_inquiry_change", args=[attachment.inquiry_id])).content.decode()
    assert private_bucket.name not in html
    assert download_url(attachment) in html
