"""The city list filters mean what they say: a well-formed country or field without partner cities gives an empty
list that says so; only junk is ignored, and the page explains that it was."""

import re

import pytest

from cities.models import FieldOfCooperation
from tests.factories import CityCooperationFactory, CityFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

IGNORED_EN = "Some filters were not understood and are ignored."


@pytest.fixture
def cities():
    da_nang = CityFactory(name_en="Da Nang", name_ja="ダナン市", country="VN")
    CityCooperationFactory(city=da_nang, field=FieldOfCooperation.objects.get(slug="port"))
    draft = CityFactory(name_en="Draft city", country="TH", publication_state=PublicationState.DRAFT)
    CityCooperationFactory(city=draft, field=FieldOfCooperation.objects.get(slug="energy"))


def names(response):
    return [city.name_en for city in response.context["cities"]]


def main_of(response):
    return response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize(
    ("language", "query", "message"),
    [
        ("en", {"country": "FR"}, "No partner cities in France."),
        ("ja", {"country": "FR"}, "フランスのパートナー都市はありません。"),
        # The draft city's country is not told apart from any other.
        ("en", {"country": "TH"}, "No partner cities in Thailand."),
        ("en", {"field": "energy"}, "No partner city cooperates in the field “Energy”."),
        ("ja", {"field": "energy"}, "「エネルギー」の分野で協力しているパートナー都市はありません。"),
        ("en", {"field": "unknown-slug"}, "No partner city cooperates in the field “unknown-slug”."),
        ("en", {"country": "VN", "field": "energy"}, "No partner city matches this choice."),
    ],
)
def test_city_filter_without_matches_gives_an_empty_list_that_says_so(client, cities, language, query, message):
    response = client.get(f"/{language}/cities/", query)
    assert response.status_code == 200
    assert names(response) == []
    assert not response.context["filter"].form.errors
    assert f'<p role="status">{message}</p>' in main_of(response)


def test_city_country_select_shows_the_country_asked_for(client, cities):
    html = client.get("/en/cities/", {"country": "FR"}).content.decode()
    assert re.findall(r'<option value="([A-Z]{2})"( selected)?>([^<]+)</option>', html) == [
        ("VN", "", "Vietnam"),
        ("FR", " selected", "France"),
    ]


@pytest.mark.parametrize("query", [{"country": "VN"}, {"field": "port"}, {"country": "VN", "field": "port"}])
def test_city_filter_with_matches_filters(client, cities, query):
    assert names(client.get("/en/cities/", query)) == ["Da Nang"]


@pytest.mark.parametrize(
    "query",
    [
        {"country": "ZZ"},
        {"country": "vn"},
        {"country": "VNM"},
        {"country": "<script>"},
        {"country": "V\x00"},
        {"field": "port' OR 1=1"},
        {"field": "港湾"},
        {"field": "x" * 81},
    ],
)
def test_city_filter_junk_is_ignored_and_explained(client, cities, query):
    response = client.get("/en/cities/", query)
    assert names(response) == ["Da Nang"]
    assert list(response.context["filter"].form.errors) == list(query)
    assert IGNORED_EN in main_of(response)


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("query", [{"country": "FR"}, {"field": "energy"}, {"field": "unknown"}, {"country": "ZZ"}])
def test_filtered_city_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows, query):
    for _ in range(rows):
        CityCooperationFactory(city=CityFactory(), field=FieldOfCooperation.objects.get(slug="port"))
    with django_assert_max_num_queries(5):
        response = client.get("/en/cities/", query)
    assert response.status_code == 200


def country_options(html):
    return re.findall(r'<option value="([A-Z]{2})"( selected)?>([^<]+)</option>', html)


def test_filter_selects_are_rendered_once_per_content_version_and_value(client, cities, django_assert_num_queries):
    client.get("/en/cities/")
    # Each address has a fragment of its own; each select is rendered (its choices read) once per value.
    with django_assert_num_queries(3):  # the countries for VN; the cities and their figures
        html = client.get("/en/cities/", {"country": "VN"}).content.decode()
    assert country_options(html) == [("VN", " selected", "Vietnam")]
    with django_assert_num_queries(3):  # the fields for port; the cities and their figures
        html = client.get("/en/cities/", {"field": "port"}).content.decode()
    assert country_options(html) == [("VN", "", "Vietnam")]
    assert '<option value="port" selected>' in html
    with django_assert_num_queries(2):  # both selects as rendered before
        html = client.get("/en/cities/", {"country": "VN", "field": "port"}).content.decode()
    assert country_options(html) == [("VN", " selected", "Vietnam")]
    assert '<option value="port" selected>' in html
    assert country_options(client.get("/ja/cities/", {"country": "VN"}).content.decode()) == [
        ("VN", " selected", "ベトナム")
    ]


def test_filter_selects_follow_a_content_change(client, cities):
    assert country_options(client.get("/en/cities/").content.decode()) == [("VN", "", "Vietnam")]

    CityFactory(name_en="Bangkok", country="TH")

    html = client.get("/en/cities/", {"field": "port"}).content.decode()
    assert country_options(html) == [("TH", "", "Thailand"), ("VN", "", "Vietnam")]
