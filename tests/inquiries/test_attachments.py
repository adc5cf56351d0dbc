"""PDF files attached to inquiries: accepted by content, kept where no address reaches them, downloaded by handlers
only, purged with the personal data."""

import hashlib
import io
import os
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.views.static import serve

from inquiries.attachments import content_disposition, safe_file_name
from inquiries.models import Inquiry, InquiryAttachment, InquiryEventKind, InquiryStatus
from inquiries.services.privacy import anonymise_inquiry
from inquiries.services.submission import submit_inquiry
from tests.factories import MINIMAL_PDF, InquiryAttachmentFactory, InquiryFactory
from tests.inquiries.utils import form_data
from tests.uploads import picture_upload
from yport.outbox import send_due_emails
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS
from yport.storage import local_private_storage, private_storage

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def form_url(language="en"):
    with translation.override(language):
        return reverse("inquiries:inquiry_create")


def download_url(attachment):
    with translation.override("en"):
        return reverse("admin:inquiries_inquiry_attachment", args=[attachment.inquiry_id, attachment.pk])


def pdf(name="profile.pdf", size=None):
    """A PDF upload of the given total size (padding inside the file, a valid header and end marker)."""
    content = MINIMAL_PDF if size is None else b"%PDF-1.7\n" + b"0" * (size - 9 - 6) + b"%%EOF\n"
    return SimpleUploadedFile(name, content, "application/pdf")


def private_files(settings):
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


# --- Names ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("profile.pdf", "profile.pdf"),
        ("会社案内 2026.PDF", "会社案内 2026.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.ini", "boot_ini.pdf"),
        ("proposal.txt", "proposal_txt.pdf"),
        ("www.spam.example.com.pdf", "www_spam_example_com.pdf"),
        ("a\x00b.pdf", "ab.pdf"),
        ("evil\u202efdp.exe", "evil_fdp_exe.pdf"),
        ('quote"semi;colon.pdf', "quote_semi_colon.pdf"),
        ("ｆｕｌｌ　ｗｉｄｔｈ.pdf", "full width.pdf"),
        ("...", "document.pdf"),
        ("", "document.pdf"),
        ("あ" * 300 + ".pdf", "あ" * 80 + ".pdf"),
    ],
)
def test_safe_file_name_keeps_letters_digits_and_ends_in_pdf(sent, shown):
    assert safe_file_name(sent) == shown


def test_content_disposition_has_ascii_fallback_and_utf8_name():
    assert content_disposition("会社案内 2026.pdf") == (
        "attachment; filename=\"____ 2026.pdf\"; filename*=UTF-8''%E4%BC%9A%E7%A4%BE%E6%A1%88%E5%86%85%202026.pdf"
    )
    assert content_disposition("profile.pdf") == "attachment; filename=\"profile.pdf\"; filename*=UTF-8''profile.pdf"


# --- The form ---------------------------------------------------------------------------------------------------


def test_form_shows_a_labelled_multiple_pdf_input_with_help_in_each_language(client):
    html = client.get(form_url("en")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert (
        '<input type="file" name="attachments" accept="application/pdf,.pdf" multiple '
        'aria-describedby="id_attachments_helptext" id="id_attachments">' in html
    )
    assert (
        '<label for="id_attachments">Attachments (PDF) '
        '<span class="field-badge field-badge-optional">Optional</span></label>' in html
    )
    assert "Up to 3 PDF files of at most 10.0\xa0MB each" in html
    html_ja = client.get(form_url("ja")).content.decode()
    assert (
        '<label for="id_attachments">添付ファイル（PDF） '
        '<span class="field-badge field-badge-optional">任意</span></label>' in html_ja
    )
    assert "PDFファイルを3件まで（1件10.0\xa0MBまで）" in html_ja


def test_inquiry_with_two_pdfs_stores_them_privately_and_lists_their_names(client, settings):
    response = client.post(
        form_url("en"), {**form_data(), "attachments": [pdf("会社案内.pdf"), pdf("proposal v2.pdf", size=2 * MB)]}
    )

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    first, second = inquiry.attachments.all()
    assert (first.original_name, first.size, first.sha256) == (
        "会社案内.pdf",
        len(MINIMAL_PDF),
        hashlib.sha256(MINIMAL_PDF).hexdigest(),
    )
    assert (second.original_name, second.size) == ("proposal v2.pdf", 2 * MB)
    for attachment in (first, second):
        assert attachment.file.name.startswith("inquiries/") and attachment.file.name.endswith(".pdf")
        assert len(Path(attachment.file.name).stem) == 32  # a random name, nothing the sender chose
    assert private_files(settings) == sorted([first.file.name, second.file.name])
    assert media_files(settings) == []
    with private_storage.open(first.file.name) as stored:
        assert stored.read() == MINIMAL_PDF

    thanks = client.get(response["Location"]).content.decode()
    assert '<ul class="attachment-list"><li>会社案内.pdf</li><li>proposal v2.pdf</li></ul>' in thanks

    assert send_due_emails() == (2, 0)
    notification, acknowledgement = sorted(mail.outbox, key=lambda message: message.to != ["staff@example.com"])
    assert acknowledgement.attachments == [] and notification.attachments == []
    assert "Attached files received:\n- 会社案内.pdf\n- proposal v2.pdf\n" in acknowledgement.body
    assert "- 会社案内.pdf (136\xa0バイト)\n- proposal v2.pdf (2.0\xa0MB)\n" in notification.body  # the site's language


def test_acknowledgement_in_japanese_lists_the_names(client):
    client.post(form_url("ja"), {**form_data(), "attachments": [pdf("会社案内.pdf")]})
    send_due_emails()
    acknowledgement = next(message for message in mail.outbox if message.to == ["hanako@example.co.jp"])
    assert "受け取った添付ファイル：\n- 会社案内.pdf\n" in acknowledgement.body


def test_png_named_pdf_is_refused_and_everything_typed_is_kept(client, settings):
    disguised = picture_upload("photo.png")
    disguised.name, disguised.content_type = "profile.pdf", "application/pdf"

    response = client.post(form_url("en"), {**form_data(), "attachments": [disguised]})

    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [
        "“profile.pdf” is not a PDF file. Only PDF files can be attached.",
        "Please choose the files again: for your security, files are not kept when the form is shown again.",
    ]
    html = response.content.decode()
    assert 'value="株式会社ヨコハマ水処理"' in html and "ダナン市の水環境分野で協力したい。" in html
    assert Inquiry.objects.count() == 0
    assert private_files(settings) == []


def test_pdf_that_only_starts_like_one_is_refused(client):
    truncated = SimpleUploadedFile("cut.pdf", MINIMAL_PDF[:40], "application/pdf")  # no end marker
    response = client.post(form_url("en"), {**form_data(), "attachments": [truncated]})
    assert response.context["form"].errors["attachments"][0] == (
        "“cut.pdf” is not a PDF file. Only PDF files can be attached."
    )


def test_real_pdf_named_txt_is_accepted_by_content_and_named_pdf(client):
    upload = SimpleUploadedFile("profile.txt", MINIMAL_PDF, "text/plain")
    response = client.post(form_url("en"), {**form_data(), "attachments": [upload]})
    assert response.status_code == 302
    assert InquiryAttachment.objects.get().original_name == "profile_txt.pdf"


def test_file_of_exactly_the_limit_is_accepted_and_one_byte_more_refused(client, settings):
    settings.INQUIRY_ATTACHMENT_MAX_BYTES = 10 * MB
    over = client.post(form_url("en"), {**form_data(), "attachments": [pdf("big.pdf", size=10 * MB + 1)]})
    assert over.status_code == 200
    assert over.context["form"].errors["attachments"][0] == (
        "“big.pdf” is 10.0\xa0MB; each file may be at most 10.0\xa0MB."
    )
    assert Inquiry.objects.count() == 0
    assert private_files(settings) == []

    exact = client.post(form_url("en"), {**form_data(), "attachments": [pdf("big.pdf", size=10 * MB)]})
    assert exact.status_code == 302
    assert InquiryAttachment.objects.get().size == 10 * MB


def test_oversized_file_is_dropped_while_read_and_reported_in_japanese(client, settings):
    settings.INQUIRY_ATTACHMENT_MAX_BYTES = 100_000
    response = client.post(form_url("ja"), {**form_data(), "attachments": [pdf("大きい.pdf", size=300_000)]})
    assert response.context["form"].errors["attachments"][0] == (
        "「大きい.pdf」は293.0\xa0KBです。1ファイルの上限は97.7\xa0KBです。"
    )
    assert response.context["form"].errors["attachments"][1].startswith("ファイルをもう一度選んでください")


def test_four_files_are_refused_with_a_count_message(client, settings):
    files = [pdf(f"file{number}.pdf") for number in range(4)]
    response = client.post(form_url("en"), {**form_data(), "attachments": files})
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [
        "You chose 4 files; at most 3 can be sent.",
        "Please choose the files again: for your security, files are not kept when the form is shown again.",
    ]
    assert Inquiry.objects.count() == 0
    assert private_files(settings) == []


def test_three_files_of_the_largest_size_are_accepted(client, settings):
    settings.INQUIRY_ATTACHMENT_MAX_BYTES = 200_000  # 3 × 10 MB scaled down, to keep the test's memory small
    files = [pdf(f"{n}.pdf", size=200_000) for n in range(3)]
    response = client.post(form_url("en"), {**form_data(), "attachments": files})
    assert response.status_code == 302
    assert list(InquiryAttachment.objects.values_list("size", flat=True)) == [200_000] * 3


def test_files_must_be_chosen_again_when_another_field_is_wrong(client):
    response = client.post(form_url("en"), {**form_data(email="not-an-address"), "attachments": [pdf()]})
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [
        "Please choose the files again: for your security, files are not kept when the form is shown again."
    ]
    html = response.content.decode()
    assert '<a href="#id_attachments">Attachments (PDF): Please choose the files again' in html


def test_files_of_other_fields_are_ignored(client, settings):
    response = client.post(form_url("en"), {**form_data(), "homepage": pdf("other.pdf"), "message": pdf("x.pdf")})
    assert response.status_code == 200  # the message field got a file instead of text: the form says so
    assert Inquiry.objects.count() == 0
    assert private_files(settings) == []


def test_request_body_over_the_limit_is_refused_with_413_before_it_is_read(client, settings):
    settings.INQUIRY_REQUEST_MAX_BYTES = 50_000
    response = client.post(form_url("en"), {**form_data(), "attachments": [pdf("big.pdf", size=60_000)]})
    assert response.status_code == 413
    html = response.content.decode()
    assert '<h2 id="too-large-heading">Your inquiry was not sent yet</h2>' in html
    assert "The form was sent with more than 48.8\xa0KB of files, so nothing was stored." in html
    assert "choose at most 3 PDF files of at most 10.0\xa0MB each." in html
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize("length", ["abc", "-5", ""])
def test_junk_content_length_is_not_an_error(client, length):
    response = client.post(form_url("en"), b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=length)
    assert response.status_code == 200


def test_form_checks_csrf_after_the_upload_limit_is_in_place(settings):
    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get(form_url("en"))
    token = page.context["csrf_token"]
    refused = csrf_client.post(form_url("en"), {**form_data(), "attachments": [pdf()]})
    assert refused.status_code == 403
    accepted = csrf_client.post(
        form_url("en"), {**form_data(), "attachments": [pdf()], "csrfmiddlewaretoken": str(token)}
    )
    assert accepted.status_code == 302
    assert InquiryAttachment.objects.count() == 1


# --- Storage failures and rollbacks -----------------------------------------------------------------------------


def test_storage_failure_keeps_the_inquiry_and_says_which_file_was_not_stored(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the private folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "yport.storage.PrivateFileSystemStorage", "OPTIONS": {"location": blocker / "x"}},
    }

    response = client.post(form_url("en"), {**form_data(), "attachments": [pdf("profile.pdf")]})

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.attachments.count() == 0
    event = inquiry.events.get(kind=InquiryEventKind.ATTACHMENT_FAILED)
    assert event.detail == "profile.pdf"
    html = client.get(response["Location"]).content.decode()
    assert "These files could not be stored. Your inquiry was received without them" in html
    assert "<li>profile.pdf</li>" in html
    assert send_due_emails() == (2, 0)
    acknowledgement = next(message for message in mail.outbox if message.to == ["hanako@example.co.jp"])
    notification = next(message for message in mail.outbox if message.to == ["staff@example.com"])
    assert "Attached files" not in acknowledgement.body and "profile.pdf" not in acknowledgement.body
    not_stored = "--- 保存できなかった添付ファイル（会社にはメールでの送付を依頼済み） ---\n- profile.pdf\n"
    assert not_stored in notification.body


def test_files_written_before_a_failed_transaction_are_deleted(settings):
    good, broken = pdf("good.pdf"), pdf("broken.pdf")
    broken.size = -1  # the row breaks the database's check on the size, after its file was written

    with pytest.raises(IntegrityError):
        submit_inquiry(
            data=form_data() | {"fields_of_interest": [], "city": None},
            language="en",
            client_address="203.0.113.5",
            attachments=[good, broken],
        )

    assert Inquiry.objects.count() == 0
    assert InquiryAttachment.objects.count() == 0
    assert private_files(settings) == []


# --- Not reachable by address -----------------------------------------------------------------------------------


def test_private_files_are_not_served_under_media(client, settings):
    attachment = InquiryAttachmentFactory()
    name = attachment.file.name
    assert client.get(f"/media/{name}").status_code == 404
    with pytest.raises(Http404):  # nor by the debug server's media view, which serves MEDIA_ROOT
        serve(None, name, document_root=settings.MEDIA_ROOT)
    with pytest.raises(SuspiciousFileOperation):  # a 400 answer
        serve(None, f"../private/{name}", document_root=settings.MEDIA_ROOT)
    with pytest.raises(ValueError, match="Private files have no URL"):
        attachment.file.url  # noqa: B018


def test_private_root_inside_a_public_folder_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="must be outside"):
        local_private_storage(location=tmp_path / "media" / "private", public_roots=(tmp_path / "media",))
    with pytest.raises(ImproperlyConfigured, match="must be outside"):
        local_private_storage(location=tmp_path, public_roots=(tmp_path / "static",))
    entry = local_private_storage(location=tmp_path / "private", public_roots=(tmp_path / "media",))
    assert entry == {
        "BACKEND": "yport.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str((tmp_path / "private").resolve())},
    }


def test_private_files_are_readable_by_the_owner_only(settings):
    attachment = InquiryAttachmentFactory()
    path = Path(private_storage.path(attachment.file.name))
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


# --- Download ---------------------------------------------------------------------------------------------------


def test_handler_downloads_with_safe_headers_and_history(staff_client):
    handler = staff_client("handler", INQUIRY_HANDLERS)
    attachment = InquiryAttachmentFactory()

    response = handler.get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"____.pdf\"; filename*=UTF-8''%E4%BC%9A%E7%A4%BE%E6%A1%88%E5%86%85.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    assert response["Content-Length"] == str(len(MINIMAL_PDF))
    event = attachment.inquiry.events.get(kind=InquiryEventKind.DOWNLOADED)
    assert (event.actor, event.detail) == (handler.user, "会社案内.pdf")


def test_anonymous_visitor_is_sent_to_sign_in(client):
    attachment = InquiryAttachmentFactory()
    response = client.get(download_url(attachment))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/?next=")
    assert not attachment.inquiry.events.filter(kind=InquiryEventKind.DOWNLOADED).exists()


@pytest.mark.parametrize("group", [CONTENT_EDITORS, None])
def test_editor_and_staff_without_group_get_403(staff_client, group):
    other = staff_client("other", group)
    attachment = InquiryAttachmentFactory()
    response = other.get(download_url(attachment))
    assert response.status_code == 403
    assert not attachment.inquiry.events.filter(kind=InquiryEventKind.DOWNLOADED).exists()


def test_download_of_an_unknown_or_foreign_attachment_is_404(staff_client):
    handler = staff_client("handler", INQUIRY_HANDLERS)
    attachment = InquiryAttachmentFactory()
    other_inquiry = InquiryFactory()
    with translation.override("en"):
        foreign = reverse("admin:inquiries_inquiry_attachment", args=[other_inquiry.pk, attachment.pk])
        unknown = reverse("admin:inquiries_inquiry_attachment", args=[attachment.inquiry_id, attachment.pk + 1])
        junk = reverse("admin:inquiries_inquiry_attachment", args=["x%00", attachment.pk])
    assert handler.get(foreign).status_code == 404
    assert handler.get(unknown).status_code == 404
    assert handler.get(junk).status_code in (302, 404)


def test_download_of_a_file_missing_from_the_storage_is_404(staff_client):
    handler = staff_client("handler", INQUIRY_HANDLERS)
    attachment = InquiryAttachmentFactory()
    private_storage.delete(attachment.file.name)
    assert handler.get(download_url(attachment)).status_code == 404


def test_change_page_lists_attachments_with_download_links(staff_client, django_assert_max_num_queries):
    handler = staff_client("handler", INQUIRY_HANDLERS)
    attachment = InquiryAttachmentFactory()
    InquiryAttachmentFactory(inquiry=attachment.inquiry, original_name="proposal.pdf")
    with translation.override("en"):
        change_url = reverse("admin:inquiries_inquiry_change", args=[attachment.inquiry_id])
    html = handler.get(change_url).content.decode()
    assert f'<li><a href="{download_url(attachment)}">会社案内.pdf</a> (136\xa0bytes)</li>' in html
    assert ">proposal.pdf</a>" in html
    assert f'href="/media/{attachment.file.name}"' not in html


# --- Retention --------------------------------------------------------------------------------------------------


def test_anonymising_deletes_attachment_rows_and_files(settings, django_capture_on_commit_callbacks):
    attachment = InquiryAttachmentFactory()
    InquiryAttachmentFactory(inquiry=attachment.inquiry)
    assert len(private_files(settings)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_inquiry(inquiry=attachment.inquiry)

    assert InquiryAttachment.objects.count() == 0
    assert private_files(settings) == []


def test_purge_command_removes_the_files_of_purged_inquiries_only(settings, django_capture_on_commit_callbacks):
    old = InquiryFactory(status=InquiryStatus.CLOSED)
    Inquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=800))
    purged = InquiryAttachmentFactory(inquiry=old)
    kept = InquiryAttachmentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_inquiries", "--older-than-days", "730", stdout=io.StringIO())

    assert list(InquiryAttachment.objects.all()) == [kept]
    assert private_files(settings) == [kept.file.name]
    assert not private_storage.exists(purged.file.name)


def test_export_counts_attachments(staff_client):
    handler = staff_client("handler", INQUIRY_HANDLERS)
    attachment = InquiryAttachmentFactory()
    InquiryAttachmentFactory(inquiry=attachment.inquiry)
    InquiryFactory()
    with translation.override("en"):
        url = reverse("admin:inquiries_inquiry_export")
    content = handler.post(url, {"format": "0"}).content.decode("utf-8-sig")
    rows = [line.rsplit(",", 1)[1] for line in content.splitlines()]
    assert rows[0] == "attachments"
    assert sorted(rows[1:]) == ["0", "2"]


def test_cleanup_media_removes_private_orphans_and_keeps_attachments(settings):
    attachment = InquiryAttachmentFactory()
    orphan = Path(private_storage.path("inquiries/left-by-a-failed-deletion.pdf"))
    orphan.write_bytes(MINIMAL_PDF)
    os.utime(orphan, (time.time() - 7200, time.time() - 7200))
    out = io.StringIO()

    call_command("cleanup_media", stdout=out)

    private_root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    assert out.getvalue().splitlines()[-4:] == [
        f"2 files (272 bytes) under {private_root}.",
        "Removing 1 orphans (136 bytes):",
        "  inquiries/left-by-a-failed-deletion.pdf  136 bytes  (no row refers to it)",
        "Done: 1 orphans removed, 136 bytes freed.",
    ]
    assert private_files(settings) == [attachment.file.name]


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("multipart/form-data", b"--x\r\n", 400),  # no boundary
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"attachments\"\r\n", 200),
        ("multipart/form-data; boundary=x", b"\x00\xff" * 100, 200),
    ],
)
def test_malformed_multipart_body_is_a_client_error_not_500(client, content_type, body, status):
    response = client.post(form_url("en"), body, content_type=content_type)
    assert response.status_code == status
    assert Inquiry.objects.count() == 0
