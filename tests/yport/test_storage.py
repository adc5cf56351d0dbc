"""Uploaded media in an S3-compatible bucket (DJANGO_MEDIA_STORAGE=s3), against a local S3 server (moto) that the
tests start: uploads with their renditions, public URLs, deletion after commit, the media commands, and an upload
while the storage is down."""

import io
import time

import pytest
from django.core.management import call_command
from PIL import Image
from reversion.models import Version

from conferences.models import Speaker
from tests.cities.test_admin import city_form_data
from tests.conferences.test_files import admin_url, photo_files, restore_speaker_version, speaker_data
from tests.factories import AppearanceFactory, CityFactory, ConferenceFactory
from tests.s3 import fetch_anonymously
from tests.uploads import media_files, media_report, pdf_upload, picture_upload

pytestmark = pytest.mark.django_db


def run(command, *args):
    """The command's output; of cleanup_media, its report on the media storage (the private storage's follows)."""
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return media_report(out.getvalue()) if command == "cleanup_media" else out.getvalue()


@pytest.fixture
def speaker(s3_media, admin_client, django_capture_on_commit_callbacks):
    """A speaker with a photo uploaded through the admin, shown on the public pages (one published appearance)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("conferences_speaker_add"),
            speaker_data(photo=picture_upload("kim.jpg", size=(600, 400))),
        )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    AppearanceFactory(speaker=speaker)
    return speaker


def test_s3_photo_uploaded_in_the_admin_is_stored_in_the_bucket_with_its_renditions(s3_media, speaker):
    assert speaker.photo.name == "speakers/kim.jpg"
    assert s3_media.keys() == photo_files("speakers/kim.jpg")
    assert media_files() == []  # nothing on this machine's disk


def test_s3_objects_are_public_typed_and_cacheable(s3_media, speaker):
    status, content_type, body = fetch_anonymously(f"{s3_media.public_url}/speakers/kim.w480.webp")
    assert (status, content_type) == (200, "image/webp")
    with Image.open(io.BytesIO(body)) as image:
        assert (image.format, image.size) == ("WEBP", (480, 320))
    original = s3_media.head("speakers/kim.jpg")
    assert (original["ContentType"], original["CacheControl"]) == ("image/jpeg", "public, max-age=86400")


def test_s3_public_pages_show_the_pictures_from_the_bucket(s3_media, speaker, client):
    detail = client.get(f"/en/speakers/{speaker.slug}/").content.decode()
    listing = client.get("/en/speakers/").content.decode()
    assert f'<img class="speaker-photo" src="{s3_media.public_url}/speakers/kim.w480.webp"' in detail
    assert f'<img class="speaker-photo" src="{s3_media.public_url}/speakers/kim.w160.webp"' in listing
    for url in (f"{s3_media.public_url}/speakers/kim.w480.webp", f"{s3_media.public_url}/speakers/kim.w160.webp"):
        assert fetch_anonymously(url)[0] == 200


def test_s3_photo_replaced_in_the_admin_deletes_the_old_objects_after_commit(
    s3_media, speaker, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(
            admin_url("conferences_speaker_change", speaker.pk), speaker_data(photo=picture_upload("kim.png"))
        )
    assert response.status_code == 302
    speaker.refresh_from_db()
    new = photo_files(speaker.photo.name)
    assert s3_media.keys() == sorted(photo_files("speakers/kim.jpg") + new)  # nothing deleted before the commit
    for callback in callbacks:
        callback()
    assert s3_media.keys() == new


def test_s3_photo_cleared_in_the_admin_deletes_its_objects(
    s3_media, speaker, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("conferences_speaker_change", speaker.pk), speaker_data(**{"photo-clear": "on"})
        )
    assert response.status_code == 302
    assert s3_media.keys() == []


def test_s3_speaker_deleted_in_the_admin_deletes_its_objects(
    s3_media, speaker, admin_client, django_capture_on_commit_callbacks
):
    speaker.appearances.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url("conferences_speaker_delete", speaker.pk), {"post": "yes"})
    assert response.status_code == 302
    assert s3_media.keys() == []


def test_s3_regenerate_renditions_makes_new_sizes_and_removes_old_ones(s3_media, speaker, monkeypatch):
    s3_media.server.client.delete_object(Bucket=s3_media.name, Key="speakers/kim.w160.webp")
    monkeypatch.setattr(Speaker._meta.get_field("photo"), "widths", (160, 640))

    output = run("regenerate_renditions")

    assert output.splitlines() == [
        "  conferences.speaker.photo speakers/kim.jpg: make 160, 640; remove kim.w480.webp",
        "Made 2 renditions and removed 1 of sizes no longer configured, for 1 pictures (0 missing, 0 unreadable).",
    ]
    assert s3_media.keys() == ["speakers/kim.jpg", "speakers/kim.w160.webp", "speakers/kim.w640.webp"]
    status, _content_type, body = fetch_anonymously(f"{s3_media.public_url}/speakers/kim.w640.webp")
    with Image.open(io.BytesIO(body)) as image:
        assert (status, image.width) == (200, 600)  # never wider than the original


def test_s3_cleanup_media_removes_exactly_the_orphans(s3_media, speaker):
    s3_media.put("speakers/old.jpg", b"x" * 1024)
    s3_media.put("speakers/old.w160.webp", b"x" * 100)
    s3_media.put("speakers/kim.w320.webp", b"x" * 200)
    s3_media.put("notes.txt", b"x" * 10)
    referenced = photo_files("speakers/kim.jpg")

    output = run("cleanup_media", "--dry-run")

    lines = output.splitlines()
    assert lines[0].startswith("7 files (") and lines[0].endswith(f" under s3://{s3_media.name}/.")
    assert lines[1:] == [
        "Would remove 0 orphans (0 bytes):",
        "Left 4 unreferenced files modified in the last 60 minutes.",
        "Dry run: nothing was removed.",
    ]
    assert run("cleanup_media", "--min-age-minutes", "0").splitlines()[1:] == [
        "Removing 4 orphans (1.3 KB):",
        "  notes.txt  10 bytes  (no row refers to it)",
        "  speakers/kim.w320.webp  200 bytes  (rendition of a size no longer made)",
        "  speakers/old.jpg  1.0 KB  (no row refers to it)",
        "  speakers/old.w160.webp  100 bytes  (rendition of a picture no row refers to)",
        "Done: 4 orphans removed, 1.3 KB freed.",
    ]
    assert s3_media.keys() == referenced


def test_s3_cleanup_media_keeps_a_referenced_pdf(s3_media):
    conference = ConferenceFactory(report_pdf=pdf_upload("report.pdf"))
    assert s3_media.keys() == [conference.report_pdf.name]
    assert run("cleanup_media", "--min-age-minutes", "0").splitlines()[-1] == "Done: 0 orphans removed, 0 bytes freed."
    assert s3_media.keys() == [conference.report_pdf.name]


# --- The storage is down ----------------------------------------------------------------------------------------


def typed_speaker_data(**overrides):
    return speaker_data(
        name_ja="金 民俊",
        name_en="Kim Min-jun",
        slug="kim-min-jun",
        biography_en="Urban planner in Da Nang.",
        **overrides,
    )


def assert_form_kept_what_was_typed(html):
    assert "The file could not be stored: the file storage did not answer. Nothing was saved." in html
    assert "This file could not be stored. Choose it again." in html
    for value in ("金 民俊", "Kim Min-jun", "kim-min-jun", "Urban planner in Da Nang."):
        assert value in html


def test_s3_upload_while_the_storage_is_down_gives_a_form_error_within_the_timeout_and_saves_nothing(
    settings, admin_client, django_capture_on_commit_callbacks
):
    from tests.s3 import S3Server

    with S3Server() as server:
        bucket = server.new_bucket()
        storage, public_url = server.storage_settings(bucket)
        settings.STORAGES = {**settings.STORAGES, "default": storage}
        settings.MEDIA_URL = f"{public_url}/"
        server.stop()  # connections are refused from here on

        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = admin_client.post(
                admin_url("conferences_speaker_add"), typed_speaker_data(photo=picture_upload("kim.jpg"))
            )
        seconds = time.monotonic() - started

    assert response.status_code == 200
    assert_form_kept_what_was_typed(response.content.decode())
    assert seconds < 10, seconds  # three attempts with back-off, not a hung request
    assert callbacks == []
    assert not Speaker.objects.exists()


def test_s3_upload_to_a_storage_that_never_answers_gives_up_after_its_timeouts(
    settings, admin_client, django_capture_on_commit_callbacks
):
    from tests.faults import SilentServer
    from yport.storage import s3_media_storage

    with SilentServer() as silent:
        storage, public_url = s3_media_storage(
            bucket="media",
            endpoint_url=f"http://127.0.0.1:{silent.port}",
            access_key_id="key",
            secret_access_key="secret",
            timeout=1,
            attempts=2,
        )
        settings.STORAGES = {**settings.STORAGES, "default": storage}
        started = time.monotonic()
        response = admin_client.post(
            admin_url("conferences_speaker_add"), typed_speaker_data(photo=picture_upload("kim.jpg"))
        )
        seconds = time.monotonic() - started

    assert response.status_code == 200
    assert_form_kept_what_was_typed(response.content.decode())
    assert 2 <= seconds < 8, seconds  # two attempts of one second each and a back-off, not botocore's 60 s
    assert not Speaker.objects.exists()


def test_s3_change_while_the_storage_is_down_keeps_the_current_photo(
    s3_media, s3_server, speaker, admin_client, settings, django_capture_on_commit_callbacks
):
    storage, _public_url = s3_server.storage_settings(s3_media, attempts=1)
    storage["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.STORAGES = {**settings.STORAGES, "default": storage}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            admin_url("conferences_speaker_change", speaker.pk),
            speaker_data(name_en="Renamed", photo=picture_upload("new.jpg")),
        )

    assert response.status_code == 200
    assert "Nothing was saved." in response.content.decode()
    assert callbacks == []
    speaker.refresh_from_db()
    assert (speaker.name_en, speaker.photo.name) == ("Speaker", "speakers/kim.jpg")
    assert s3_media.keys() == photo_files("speakers/kim.jpg")


def test_s3_restoring_a_version_while_the_storage_is_down_restores_it(
    s3_media, s3_server, speaker, admin_client, settings, django_capture_on_commit_callbacks
):
    first = Version.objects.get_for_object(speaker).get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(admin_url("conferences_speaker_change", speaker.pk), speaker_data(name_en="Changed"))
    storage, _public_url = s3_server.storage_settings(s3_media, attempts=1)
    storage["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:9"
    settings.STORAGES = {**settings.STORAGES, "default": storage}

    with django_capture_on_commit_callbacks(execute=True):
        response = restore_speaker_version(admin_client, speaker, first)

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.name_en, speaker.photo.name) == ("Restored", "speakers/kim.jpg")


def test_s3_pdf_uploaded_in_an_inline_while_the_storage_is_down_gives_a_form_error(
    s3_media, s3_server, admin_client, settings
):
    city = CityFactory(name_ja="セブ", name_en="Cebu", slug="cebu")
    storage, _public_url = s3_server.storage_settings(s3_media, attempts=1)
    storage["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:9"
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    review = {
        "vlrs-TOTAL_FORMS": "1",
        "vlrs-INITIAL_FORMS": "0",
        "vlrs-0-city": str(city.pk),
        "vlrs-0-title_ja": "自発的自治体レビュー",
        "vlrs-0-title_en": "Voluntary Local Review",
        "vlrs-0-year": "2025",
        "vlrs-0-state": "published",
        "vlrs-0-pdf": pdf_upload("vlr.pdf"),
    }

    response = admin_client.post(
        admin_url("cities_city_change", city.pk), city_form_data(summary_en="Typed.", **review)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "The file could not be stored: the file storage did not answer. Nothing was saved." in html
    assert "Typed." in html and "Voluntary Local Review" in html
    assert not city.vlrs.exists()
    assert s3_media.keys() == []


def test_local_disk_that_refuses_the_upload_gives_the_same_form_error(settings, tmp_path, admin_client):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked

    response = admin_client.post(
        admin_url("conferences_speaker_add"), typed_speaker_data(photo=picture_upload("kim.jpg"))
    )

    assert response.status_code == 200
    assert_form_kept_what_was_typed(response.content.decode())
    assert not Speaker.objects.exists()


def test_every_admin_with_an_upload_turns_storage_failures_into_form_errors():
    from django.contrib import admin

    from yport.admin import MediaStorageErrorMixin
    from yport.media import file_fields

    with_uploads = {
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if file_fields(model) or any(file_fields(inline.model) for inline in model_admin.inlines)
    }
    assert with_uploads == {"CityAdmin", "ConferenceAdmin", "ProjectAdmin", "SpeakerAdmin"}
    for model_admin in admin.site._registry.values():
        if type(model_admin).__name__ in with_uploads:
            assert isinstance(model_admin, MediaStorageErrorMixin), type(model_admin).__name__
