"""A city's hero image and its VLR PDFs leave nothing behind once replaced, cleared or deleted, and a recovered
city never points at a file deleted since."""

import pytest
from django.db import transaction
from reversion.models import Version

from cities.models import City, VoluntaryLocalReview
from tests.cities.test_admin import admin_url, city_form_data
from tests.factories import CityFactory, VoluntaryLocalReviewFactory
from tests.uploads import media_files, pdf_upload, picture_upload

pytestmark = pytest.mark.django_db


def hero_files(name):
    stem = name.rsplit(".", 1)[0]
    return sorted([name, f"{stem}.w1200.webp", f"{stem}.w480.webp"])


@pytest.fixture
def city(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("cities_city_add"), city_form_data(hero_image=picture_upload("cebu.jpg"))
        )
    assert response.status_code == 302
    return City.objects.get(slug="cebu")


def test_city_hero_image_replaced_in_the_admin_deletes_the_old_file_and_its_renditions(
    admin_client, city, django_capture_on_commit_callbacks
):
    assert media_files() == hero_files("cities/cebu.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("cities_city_change", city.pk), city_form_data(hero_image=picture_upload("cebu.png"))
        )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.hero_image.name.startswith("cities/cebu_")
    assert media_files() == hero_files(city.hero_image.name)


def test_city_hero_image_cleared_in_the_admin_deletes_it(admin_client, city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url("cities_city_change", city.pk), city_form_data(**{"hero_image-clear": "on"})
        )
    assert response.status_code == 302
    assert media_files() == []


def test_city_hero_image_change_rolled_back_deletes_nothing(city, django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            city = City.objects.get()
            city.hero_image = ""
            city.save()
            raise RuntimeError("rolled back")
    assert callbacks == []
    assert media_files() == hero_files("cities/cebu.jpg")


def test_city_deleted_in_the_admin_deletes_its_hero_image_and_vlr_pdfs(
    admin_client, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        VoluntaryLocalReviewFactory(city=city, pdf=pdf_upload("vlr.pdf"))
        VoluntaryLocalReviewFactory(city=CityFactory(), pdf=pdf_upload("other.pdf"))
    assert media_files() == [*hero_files("cities/cebu.jpg"), "cities/vlr/other.pdf", "cities/vlr/vlr.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url("cities_city_delete", city.pk), {"post": "yes"})
    assert response.status_code == 302
    assert media_files() == ["cities/vlr/other.pdf"]


def test_vlr_pdf_replaced_deletes_the_old_one(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = VoluntaryLocalReviewFactory(pdf=pdf_upload("vlr.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        review = VoluntaryLocalReview.objects.get(pk=review.pk)
        review.pdf = pdf_upload("vlr.pdf")
        review.save()
    assert media_files() == [review.pdf.name]
    assert review.pdf.name != "cities/vlr/vlr.pdf"


def test_recovered_city_has_no_picture_or_pdf_that_was_deleted_with_it(
    admin_client, client, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = VoluntaryLocalReviewFactory(city=city, pdf=pdf_upload("vlr.pdf"))
        # Record the review in the city's history, as an edit in the admin does.
        admin_client.post(
            admin_url("cities_city_change", city.pk),
            city_form_data(
                **{
                    "vlrs-TOTAL_FORMS": "1",
                    "vlrs-INITIAL_FORMS": "1",
                    "vlrs-0-id": str(review.pk),
                    "vlrs-0-city": str(city.pk),
                    "vlrs-0-title_ja": "VLR",
                    "vlrs-0-title_en": "VLR",
                    "vlrs-0-state": review.state,
                }
            ),
        )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(admin_url("cities_city_delete", city.pk), {"post": "yes"})
    assert media_files() == []
    version = Version.objects.get_deleted(City).get()
    assert version.field_dict["hero_image"] == "cities/cebu.jpg"
    recover_url = admin_url("cities_city_recover", version.pk)
    assert admin_client.get(recover_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(recover_url, city_form_data()).status_code == 302

    city = City.objects.get(slug="cebu")
    assert city.hero_image.name == ""
    assert list(city.vlrs.values_list("pdf", flat=True)) == [""]
    html = client.get(city.get_absolute_url()).content.decode()
    assert "city-hero" not in html
