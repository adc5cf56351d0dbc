import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conferences.models import Speaker
from tests.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


def picture(image_format, size=(600, 400), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def post_speaker(admin_client, photo):
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
        "photo": photo,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
    }
    return admin_client.post(reverse("admin:conferences_speaker_add"), data)


def photo_error_codes(response):
    assert response.status_code == 200
    return [error.code for error in response.context["adminform"].form.errors.as_data()["photo"]]


def test_speaker_photo_of_the_wrong_type_is_refused(admin_client):
    response = post_speaker(admin_client, SimpleUploadedFile("photo.gif", picture("GIF"), "image/gif"))
    assert photo_error_codes(response) == ["image_wrong_type"]
    assert not Speaker.objects.exists()


def test_speaker_photo_too_large_is_refused(admin_client, settings):
    settings.IMAGE_MAX_BYTES = 1000
    response = post_speaker(admin_client, SimpleUploadedFile("photo.png", picture("PNG", mode="RGB") + b"\0" * 2000))
    assert photo_error_codes(response) == ["image_too_large"]


def test_speaker_photo_over_40_megapixels_is_refused(admin_client):
    huge = picture("PNG", size=(7_000, 7_000), mode="1")
    response = post_speaker(admin_client, SimpleUploadedFile("huge.png", huge, "image/png"))
    assert photo_error_codes(response) == ["image_too_many_pixels"]


def test_speaker_photo_decompression_bomb_gets_a_form_error(admin_client):
    bomb = picture("PNG", size=(15_000, 15_000), mode="1")
    assert len(bomb) < 100_000
    response = post_speaker(admin_client, SimpleUploadedFile("bomb.png", bomb, "image/png"))
    assert photo_error_codes(response) == ["image_too_many_pixels"]
    assert not Speaker.objects.exists()


def test_speaker_photo_is_stored_without_exif_and_lists_show_a_rendition(admin_client, client):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show upright
    exif[0x8825] = {1: "N", 2: (35.0, 27.0, 0.0)}  # GPS
    upload = SimpleUploadedFile("photo.jpg", picture("JPEG", size=(600, 400), exif=exif.tobytes()), "image/jpeg")
    response = post_speaker(admin_client, upload)
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    with Image.open(speaker.photo.path) as stored:
        assert stored.size == (400, 600)
        assert not stored.getexif()
    assert speaker.photo.rendition(160).endswith(".w160.webp")

    AppearanceFactory(speaker=speaker)
    html = client.get("/ja/speakers/").content.decode()
    assert speaker.photo.rendition(160) in html
    assert f'src="{speaker.photo.url}"' not in html
