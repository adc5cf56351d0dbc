"""The open-data catalogue in the API (/api/v1/data/, cities/api.py) and its licence in the admin
(cities/licence.py): the same rows as the downloads, page by page, in the schema; the licence edited by the right
staff only, one row, never deleted."""

import json

import pytest
from django.db import IntegrityError

from cities import demo
from cities.catalogue import DATASETS
from cities.licence import OpenDataLicence
from cities.models import SDGGoal
from projects.models import ProjectStage
from tests.admin_forms import admin_change_data
from tests.factories import (
    CityFactory,
    KeyFigureFactory,
    ProjectFactory,
    ProjectResultFactory,
    SDGEvaluationFactory,
    SDGIndicatorFactory,
)
from tests.helpers import admin_url
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS, PUBLISHERS

pytestmark = pytest.mark.django_db

SLUGS = [dataset.slug for dataset in DATASETS]
ROWS_QUERIES = {"key-figures": 1, "sdg-ratings": 1, "sdg-indicators": 2, "projects": 3}


def test_api_lists_the_datasets_with_their_licence_and_addresses(client):
    OpenDataLicence.objects.create(name_ja="CC BY 4.0", url_ja="https://creativecommons.org/licenses/by/4.0/")

    response = client.get("/api/v1/data/?lang=en")

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    body = response.json()
    assert body["count"] == len(DATASETS)
    assert [item["dataset"] for item in body["results"]] == SLUGS
    key_figures = body["results"][0]
    assert key_figures["licence"]["name"] == "CC BY 4.0"  # the Japanese, as no English was given
    assert key_figures["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert key_figures["json_url"] == "http://testserver/en/data/key-figures.json"
    assert key_figures["api_url"] == "http://testserver/api/v1/data/key-figures/?lang=en"
    assert [column["key"] for column in key_figures["columns"]][:4] == ["city", "city_slug", "country", "code"]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_api_rows_are_the_json_download_s_rows(client, slug, language):
    demo.load()

    download = json.loads(client.get(f"/{language}/data/{slug}.json").content)
    response = client.get(f"/api/v1/data/{slug}/?lang={language}")

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert response.json()["results"] == download["rows"]
    assert response.json()["count"] == len(download["rows"])


def test_api_rows_come_page_by_page(client):
    for number in range(5):
        KeyFigureFactory(city=CityFactory(slug=f"city-{number}"))

    first = client.get("/api/v1/data/key-figures/?page_size=2").json()
    last = client.get("/api/v1/data/key-figures/?page_size=2&page=3").json()

    assert first["count"] == 5
    assert [row["city_slug"] for row in first["results"]] == ["city-0", "city-1"]
    assert first["next"] == "http://testserver/api/v1/data/key-figures/?page=2&page_size=2"
    assert [row["city_slug"] for row in last["results"]] == ["city-4"]
    assert client.get("/api/v1/data/key-figures/?page=4&page_size=2").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/data/nothing/", "/api/v1/data/key-figures.csv"])
def test_api_unknown_dataset_is_a_json_404(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "見つかりませんでした。"}


def test_api_schema_describes_each_dataset_s_rows_and_errors(client):
    schema = json.loads(client.get("/api/v1/schema/?lang=en").content)

    for slug in SLUGS:
        operation = schema["paths"][f"/api/v1/data/{slug}/"]["get"]
        assert sorted(operation["responses"]) == ["200", "400", "404", "429"]
    rows = schema["components"]["schemas"]["KeyFiguresRow"]["properties"]
    assert rows["value"]["type"] == "string" and rows["value"]["format"] == "decimal"
    assert rows["year"]["type"] == "integer" and rows["year"]["nullable"] is True
    assert set(schema["components"]["schemas"]["SdgIndicatorsRow"]["properties"]) == {
        "city",
        "city_slug",
        "country",
        "evaluation_year",
        "evaluation",
        "goal",
        "code",
        "indicator",
        "rating",
        "rating_label",
        "year",
        "value",
        "unit",
        "direction",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
        "source",
        "source_url",
    }
    assert set(schema["components"]["schemas"]["ProjectsRow"]["properties"]) == {
        "city",
        "city_slug",
        "country",
        "project",
        "project_title",
        "stage",
        "stage_label",
        "code",
        "label",
        "year",
        "value",
        "unit",
        "source",
    }


@pytest.mark.parametrize("cities", [1, 12])
@pytest.mark.parametrize("slug", SLUGS)
def test_api_rows_query_count_is_fixed(client, django_assert_num_queries, slug, cities):
    goal = SDGGoal.objects.get(number=3)
    for number in range(cities):
        city = CityFactory(slug=f"city-{number:02}")
        KeyFigureFactory(city=city)
        SDGIndicatorFactory(evaluation=SDGEvaluationFactory(city=city), goal=goal)
        ProjectResultFactory(project=ProjectFactory(city=city, stage=ProjectStage.COMPLETED, slug=f"p-{number:02}"))

    # The rows; the indicators' and the projects' also the published cities, the projects' also their results.
    with django_assert_num_queries(ROWS_QUERIES[slug]):
        response = client.get(f"/api/v1/data/{slug}/")

    assert response.status_code == 200


@pytest.mark.parametrize("cities", [1, 12])
def test_api_catalogue_query_count_is_fixed(client, django_assert_num_queries, cities):
    for number in range(cities):
        KeyFigureFactory(city=CityFactory(slug=f"city-{number:02}"))

    # The licence and the latest change of a published city, once for every dataset.
    with django_assert_num_queries(2):
        response = client.get("/api/v1/data/")

    assert response.status_code == 200


# --- The licence in the admin ----------------------------------------------------------------------------------------


def test_publisher_states_the_licence_and_it_shows_at_once(staff_client, client):
    publisher = staff_client("publisher", CONTENT_EDITORS, PUBLISHERS)
    add_url = admin_url(OpenDataLicence, "add")
    data = admin_change_data(
        publisher, add_url, name_ja="CC BY 4.0", name_en="CC BY 4.0", url_ja="https://creativecommons.org/"
    )

    response = publisher.post(add_url, data)

    assert response.status_code == 302
    assert OpenDataLicence.objects.current().name == "CC BY 4.0"
    html = client.get("/en/data/").content.decode()
    assert '<a href="https://creativecommons.org/" rel="license">CC BY 4.0</a>' in html
    # One licence: no second one can be added.
    assert publisher.get(add_url).status_code == 403
    with pytest.raises(IntegrityError):
        OpenDataLicence.objects.create(name_ja="もう一つ")


@pytest.mark.parametrize(
    ("groups", "changelist", "add"),
    [
        ((CONTENT_EDITORS, PUBLISHERS), 200, 200),
        ((CONTENT_EDITORS,), 200, 403),  # a new licence is public at once: for a publisher to add
        ((PUBLISHERS,), 200, 403),  # publishers see it to approve an editor's change
        ((INQUIRY_HANDLERS,), 403, 403),
        ((None,), 403, 403),
    ],
)
def test_licence_admin_is_for_the_content_staff_only(staff_client, groups, changelist, add):
    client = staff_client("someone", *groups)

    assert client.get(admin_url(OpenDataLicence, "changelist")).status_code == changelist
    assert client.get(admin_url(OpenDataLicence, "add")).status_code == add


def test_nobody_deletes_the_licence(staff_client):
    licence = OpenDataLicence.objects.create(name_ja="CC BY 4.0")
    client = staff_client("root", is_superuser=True)

    assert client.get(admin_url(licence, "delete")).status_code == 403
    assert OpenDataLicence.objects.count() == 1
