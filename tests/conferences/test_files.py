"""Replaced, cleared and deleted uploads of conferences and speakers leave nothing behind once the change commits,
and nothing at all when it rolls back."""

import pytest
from django.db import transaction
from reversion.models import Version

from conferences.models import Conference, Speaker
from tests.factories import AppearanceFactory, ConferenceFactory
from tests.helpers import admin_url
from tests.uploads import media_files, pdf_upload, picture_upload

pytestmark = pytest.mark.django_db


def speaker_data(**overrides):
    data = {
        "name_ja": "登壇者",
        "name_en": "Speaker",
        "slug": "speaker",
        "position_ja": "",
        "position_en": "",
        "organisation_ja": "",
        "organisation_en": "",
        "biography_ja": "",
        "biography_en": "",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def photo_files(name):
    """The original and both renditions of the speaker photo ``name`` (``speakers/kim.jpg``)."""
    stem = name.rsplit(".", 1)[0]
    return sorted([name, f"{stem}.w160.webp", f"{stem}.w480.webp"])


@pytest.fixture
def speaker(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("conferences_speaker_add"), speaker_data(photo=picture_upload("kim.jpg"))
        )
    assert response.status_code == 302
    return Speaker.objects.get()


def test_speaker_photo_replaced_in_the_admin_deletes_the_old_file_and_its_renditions(
    admin_client, speaker, django_capture_on_commit_callbacks
):
    assert media_files() == photo_files("speakers/kim.jpg")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            admin_url("conferences_speaker_change", speaker.pk), speaker_data(photo=picture_upload("kim.jpg"))
        )
    assert response.status_code == 302
    assert len(callbacks) == 1
    speaker.refresh_from_db()
    assert speaker.photo.name != "speakers/kim.jpg"
    assert media_files() == photo_files(speaker.photo.name)


def test_speaker_photo_cleared_in_the_admin_deletes_the_file_and_its_renditions(
    admin_client, speaker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("conferences_speaker_change", speaker.pk), speaker_data(**{"photo-clear": "on"})
        )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.photo.name == ""
    assert media_files() == []


def test_speaker_deleted_in_the_admin_deletes_the_photo_and_its_renditions(
    admin_client, speaker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url("conferences_speaker_delete", speaker.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Speaker.objects.exists()
    assert media_files() == []


def test_speakers_deleted_by_the_list_action_lose_their_photos(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for slug in ("kim", "lee"):
            admin_client.post(
                admin_url("conferences_speaker_add"), speaker_data(slug=slug, photo=picture_upload(f"{slug}.png"))
            )
    assert len(media_files()) == 6
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("conferences_speaker_changelist"),
            {"action": "delete_selected", "post": "yes", "_selected_action": [s.pk for s in Speaker.objects.all()]},
        )
    assert response.status_code == 302
    assert media_files() == []


def test_speaker_photo_change_that_fails_in_the_admin_deletes_nothing(
    admin_client, speaker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            admin_url("conferences_speaker_change", speaker.pk),
            speaker_data(slug="", **{"photo-clear": "on"}),
        )
    assert response.status_code == 200  # the form comes back with its error
    assert callbacks == []
    assert media_files() == photo_files("speakers/kim.jpg")


@pytest.mark.django_db(transaction=True)
def test_speaker_photo_replacement_rolled_back_deletes_nothing_and_committed_deletes_the_old_one():
    speaker = Speaker.objects.create(name_ja="登壇者", slug="kim", photo=picture_upload("kim.jpg"))
    original = photo_files("speakers/kim.jpg")
    with pytest.raises(RuntimeError), transaction.atomic():
        speaker = Speaker.objects.get()
        speaker.photo = picture_upload("kim.jpg")
        speaker.save()
        raise RuntimeError("the change fails after the new photo was written")
    assert set(original) <= set(media_files())  # the new upload is an orphan for cleanup_media
    assert Speaker.objects.get().photo.name == "speakers/kim.jpg"

    speaker = Speaker.objects.get()
    speaker.photo = picture_upload("kim.jpg")
    speaker.save()
    assert not set(original) & set(media_files())
    assert set(photo_files(speaker.photo.name)) <= set(media_files())


def test_conference_report_pdf_and_banner_replaced_cleared_and_deleted(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        conference = ConferenceFactory(report_pdf=pdf_upload("report.pdf"), banner=picture_upload("banner.jpg"))
    banner = ["conferences/banner.jpg", "conferences/banner.w1600.webp", "conferences/banner.w800.webp"]
    assert media_files() == [*banner, "conferences/reports/report.pdf"]

    with django_capture_on_commit_callbacks(execute=True):
        conference = Conference.objects.get()
        conference.report_pdf = pdf_upload("report.pdf")
        conference.save()
    new_report = Conference.objects.get().report_pdf.name
    assert new_report != "conferences/reports/report.pdf"
    assert media_files() == [*banner, new_report]

    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            conference = Conference.objects.get()
            conference.report_pdf = ""
            conference.save()
            raise RuntimeError("rolled back")
    assert callbacks == []
    assert media_files() == [*banner, new_report]

    with django_capture_on_commit_callbacks(execute=True):
        conference = Conference.objects.get()
        conference.report_pdf = ""
        conference.save()
    assert media_files() == banner

    with django_capture_on_commit_callbacks(execute=True):
        Conference.objects.get().delete()
    assert media_files() == []


def test_two_pictures_with_one_stem_keep_their_own_renditions(django_capture_on_commit_callbacks):
    """kim.jpg and kim.png in one folder would share kim.w160.webp: the second is stored under another stem, and
    deleting one leaves the other's renditions."""
    with django_capture_on_commit_callbacks(execute=True):
        first = Speaker.objects.create(name_ja="一", slug="one", photo=picture_upload("kim.jpg", colour="red"))
        second = Speaker.objects.create(name_ja="二", slug="two", photo=picture_upload("kim.png", colour="blue"))
    assert second.photo.name != "speakers/kim.png"
    assert second.photo.rendition(160) != first.photo.rendition(160)
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert media_files() == photo_files(first.photo.name)


def restore_speaker_version(admin_client, speaker, version):
    url = admin_url("conferences_speaker_revision", speaker.pk, version.pk)
    assert admin_client.get(url).status_code == 200
    return admin_client.post(url, speaker_data(name_en="Restored"))


def test_restoring_a_speaker_version_whose_photo_was_replaced_keeps_the_current_photo(
    admin_client, client, speaker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            admin_url("conferences_speaker_change", speaker.pk),
            speaker_data(name_en="Changed", photo=picture_upload("kim.jpg")),
        )
    current = Speaker.objects.get().photo.name
    first = Version.objects.get_for_object(speaker).order_by("pk").first()
    assert first.field_dict["photo"] == "speakers/kim.jpg"

    with django_capture_on_commit_callbacks(execute=True):
        response = restore_speaker_version(admin_client, speaker, first)
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.name_en, speaker.photo.name) == ("Restored", current)
    assert media_files() == photo_files(current)
    AppearanceFactory(speaker=speaker)
    assert speaker.photo.rendition(480) in client.get(speaker.get_absolute_url()).content.decode()


def test_viewing_an_old_speaker_version_deletes_nothing(admin_client, speaker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(admin_url("conferences_speaker_change", speaker.pk), speaker_data(**{"photo-clear": "on"}))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(admin_url("conferences_speaker_change", speaker.pk), speaker_data(photo=picture_upload()))
    current = Speaker.objects.get().photo.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for version in Version.objects.get_for_object(speaker):
            url = admin_url("conferences_speaker_revision", speaker.pk, version.pk)
            assert admin_client.get(url).status_code == 200
    assert callbacks == []
    assert media_files() == photo_files(current)


def test_speaker_photo_missing_from_disk_gives_no_error_on_public_pages_or_in_the_admin(
    admin_client, client, speaker, django_capture_on_commit_callbacks
):
    for name in media_files():
        speaker.photo.storage.delete(name)
    AppearanceFactory(speaker=speaker)
    for url in (speaker.get_absolute_url(), "/ja/speakers/", "/en/speakers/"):
        assert client.get(url).status_code == 200, url
    for url in (admin_url("conferences_speaker_changelist"), admin_url("conferences_speaker_change", speaker.pk)):
        assert admin_client.get(url).status_code == 200, url
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url("conferences_speaker_change", speaker.pk), speaker_data(name_en="K"))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url("conferences_speaker_delete", speaker.pk), {"post": "yes"})
    assert response.status_code == 302
