"""schema.org JSON-LD on city pages."""

import pytest
from django.core.management import call_command

from cities.models import City
from tests.factories import CityFactory
from tests.helpers import SITE, content_changed_on_another_app_server, json_ld_of
from tests.uploads import picture_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


@pytest.mark.parametrize(
    ("language", "name", "country", "crumbs"),
    [
        ("en", "Da Nang", "Vietnam", ["Home", "Partner cities", "Da Nang"]),
        ("ja", "ダナン市", "ベトナム", ["トップページ", "パートナー都市", "ダナン市"]),
    ],
)
def test_demo_city_page_describes_a_city_in_its_country(client, language, name, country, crumbs):
    call_command("load_demo")
    city, breadcrumbs = json_ld_of(client, f"/{language}/cities/da-nang/")
    assert city["@type"] == "City"
    assert city["name"] == name
    assert city["url"] == f"{SITE}/{language}/cities/da-nang/"
    assert city["containedInPlace"] == {"@type": "Country", "name": country}
    assert len(city["description"]) > 20
    assert "image" not in city
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == crumbs
    assert [item["item"] for item in breadcrumbs["itemListElement"]] == [
        f"{SITE}/{language}/",
        f"{SITE}/{language}/cities/",
        f"{SITE}/{language}/cities/da-nang/",
    ]


def test_city_with_a_hero_image_gives_its_image(client):
    city = CityFactory(hero_image=picture_upload("hero.jpg", size=(1400, 600)))
    data, _breadcrumbs = json_ld_of(client, city.get_absolute_url())
    assert data["image"] == f"{SITE}{city.hero_image.rendition(1200)}"


def test_city_summary_cannot_break_out_of_the_data_block(client):
    city = CityFactory(summary_ja="</script><script>alert(1)</script>")
    html = client.get(city.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    data, _breadcrumbs = json_ld_of(client, city.get_absolute_url())
    assert data["description"] == "</script><script>alert(1)</script>"


def test_city_list_has_breadcrumbs(client):
    (breadcrumbs,) = json_ld_of(client, "/en/cities/")
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == ["Home", "Partner cities"]


def test_long_city_summary_is_cut_at_a_word_with_an_ellipsis(client):
    city = CityFactory(summary_en="A port city " + "with bridges " * 50)  # 662 characters, no sentence end
    (place, _breadcrumbs) = json_ld_of(client, city.get_absolute_url().replace("/ja/", "/en/"))
    assert place["description"] == "A port city " + " ".join(["with bridges"] * 37) + " with…"


def test_city_page_describes_the_city_as_last_changed_on_another_app_server(client, django_assert_num_queries):
    city = CityFactory(name_en="Da Nang")
    path = city.get_absolute_url().replace("/ja/", "/en/")
    assert json_ld_of(client, path)[0]["name"] == "Da Nang"
    with django_assert_num_queries(0):
        assert json_ld_of(client, path)[0]["name"] == "Da Nang"  # kept with the page's fragments

    City.objects.filter(pk=city.pk).update(name_en="Danang City")
    content_changed_on_another_app_server()

    place, breadcrumbs = json_ld_of(client, path)
    assert place["name"] == "Danang City"
    assert breadcrumbs["itemListElement"][-1]["name"] == "Danang City"
