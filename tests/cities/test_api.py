import pytest

from cities import demo
from cities.models import FieldOfCooperation, RatingLevel, SDGGoal, VLRState
from tests.factories import (
    CityCooperationFactory,
    CityFactory,
    KeyFigureFactory,
    ProjectFactory,
    SDGEvaluationFactory,
    SDGIndicatorFactory,
    VoluntaryLocalReviewFactory,
)
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_city_detail_has_the_demo_profile_in_english(client):
    demo.load()

    response = client.get("/api/v1/cities/da-nang/?lang=en")

    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["country"], data["country_name"], data["cooperation_since"]) == (
        "Da Nang",
        "VN",
        "Vietnam",
        "2013-04",
    )
    assert data["key_figures"][0] == {
        "kind": "population",
        "label": "Population",
        "value": "1195490",
        "value_max": None,
        "unit": "people",
        "unit_label": "people",
        "formatted_value": "1,195,490",
        "reference_year": None,
        "source": demo.SOURCE_EN,
    }
    assert (data["key_figures"][7]["value"], data["key_figures"][7]["value_max"]) == ("9", "10")
    evaluation = data["sdg_evaluations"][0]
    assert [evaluation[key] for key in ("goals_assessed", "high_count", "medium_count", "low_count")] == [
        58,
        35,
        12,
        11,
    ]
    # The demo has no indicator values (the seed facts give none): the value fields are empty.
    assert evaluation["indicators"][0] == {
        "code": None,
        "text": "Share of poor households",
        "rating": "high",
        "rating_label": "high",
        "goal": {"number": 1, "short_name": "No poverty", "colour": "#E5243B"},
        "value": None,
        "unit": "",
        "year": None,
        "direction": "",
        "baseline_year": None,
        "baseline_value": None,
        "target_year": None,
        "target_value": None,
        "source": "",
        "source_url": None,
    }
    assert [field["slug"] for field in data["fields_of_cooperation"]] == list(demo.COOPERATION_FIELDS)
    assert data["fields_of_cooperation"][2] == {
        "slug": "port",
        "name": "Port",
        "start_year": 2019,
        "end_year": 2022,
        "note": "",
    }
    assert data["projects"] == []  # the projects app's demo adds them (tests/projects)
    assert data["projects_url"] == "http://testserver/api/v1/projects/?city=da-nang"
    assert data["vlrs"] == [
        {
            "title": "Da Nang Voluntary Local Review",
            "year": None,
            "state": "planned",
            "state_label": "planned",
            "url": None,
            "pdf": None,
        }
    ]
    assert data["url"] == "http://testserver/en/cities/da-nang/"
    assert data["data_csv_url"] == "http://testserver/en/cities/da-nang/data.csv"
    assert data["data_json_url"] == "http://testserver/en/cities/da-nang/data.json"


def test_city_detail_is_in_japanese_by_default(client):
    demo.load()

    data = client.get("/api/v1/cities/da-nang/").json()

    assert (data["name"], data["key_figures"][0]["label"], data["fields_of_cooperation"][2]["name"]) == (
        "ダナン市",
        "人口",
        "港湾",
    )
    assert data["sdg_evaluations"][0]["indicators"][0]["rating_label"] == "高"
    assert data["data_csv_url"] == "http://testserver/ja/cities/da-nang/data.csv"


def test_city_list_hides_draft_cities(client):
    CityFactory(slug="public")
    CityFactory(slug="draft", publication_state=PublicationState.DRAFT)

    assert slugs(client.get("/api/v1/cities/")) == ["public"]
    assert client.get("/api/v1/cities/draft/").status_code == 404


@pytest.mark.parametrize("query", ["country=VN", "country=TH", "field=port", "field=energy", "country=VN&field=port"])
def test_city_list_filters_as_the_page_does(client, query):
    FieldOfCooperation.objects.get_or_create(slug="energy", defaults={"name_ja": "エネルギー", "name_en": "Energy"})
    da_nang = CityFactory(slug="da-nang", name_en="Da Nang", country="VN")
    CityCooperationFactory(city=da_nang, field=FieldOfCooperation.objects.get(slug="port"))
    bangkok = CityFactory(slug="bangkok", name_en="Bangkok", country="TH")
    CityCooperationFactory(city=bangkok, field=FieldOfCooperation.objects.get(slug="energy"))

    page = client.get(f"/en/cities/?{query}").content.decode()
    page_slugs = [slug for slug in ("bangkok", "da-nang") if f'href="/en/cities/{slug}/"' in page]

    assert slugs(client.get(f"/api/v1/cities/?{query}&lang=en")) == page_slugs
    assert page_slugs != []


@pytest.mark.parametrize("query", ["country=ZZ", "field=nope", "country=%00", "page=0", "page_size=abc"])
def test_city_list_answers_junk_with_json_never_a_server_error(client, query):
    CityFactory()

    response = client.get(f"/api/v1/cities/?{query}")

    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"] == "application/json"


def add_profile(city):
    KeyFigureFactory(city=city)
    evaluation = SDGEvaluationFactory(city=city)
    SDGIndicatorFactory(evaluation=evaluation, goal=SDGGoal.objects.get(number=6), rating=RatingLevel.HIGH)
    VoluntaryLocalReviewFactory(city=city, state=VLRState.PUBLISHED, url="https://example.org/vlr.pdf")
    CityCooperationFactory(city=city, field=FieldOfCooperation.objects.get(slug="port"))
    ProjectFactory(city=city)


@pytest.mark.parametrize("count", [1, 15])
def test_city_api_query_count_is_fixed(client, django_assert_max_num_queries, count):
    for _ in range(count):
        add_profile(CityFactory())
    add_profile(CityFactory(slug="big"))

    # count, page, figures, evaluations, indicators with goals, reviews, cooperation with fields, projects
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/cities/")
    assert response.status_code == 200
    # + the countries and fields of published cities that the filters accept
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/cities/?country=VN&field=port")
    assert len(response.json()["results"]) == min(count + 1, 20)
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/cities/big/").status_code == 200
