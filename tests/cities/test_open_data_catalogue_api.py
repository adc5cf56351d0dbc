"""The open-data catalogue in the API (/api/v1/data/, cities/api.py) and its licence in the admin
(cities/licence.py): the same rows as the downloads, page by page, in the schema; the licence edited by the right
staff only, one row, never deleted."""

import json
import math
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models.signals import post_init

from cities import demo
from cities.catalogue import DATASETS
from cities.licence import OpenDataLicence
from cities.models import KeyFigure, SDGEvaluation, SDGGoal, SDGIndicator
from projects.models import Project, ProjectStage
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
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS, PUBLISHERS

pytestmark = pytest.mark.django_db

SLUGS = [dataset.slug for dataset in DATASETS]
# The queries that read a dataset's rows (its objects with their cities; the projects' also their results), whether
# all of them or a page's.
ROWS_QUERIES = {"key-figures": 1, "sdg-ratings": 1, "sdg-indicators": 1, "projects": 2}


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


def cities_with_rows(count):
    """``count`` published cities with rows in every dataset, a project making none to four rows (its size's bounds,
    results with a value while it is completed), and a draft city whose rows are never shown."""
    goal = SDGGoal.objects.get(number=3)
    for number in range(count):
        city = CityFactory(slug=f"city-{number:02}")
        KeyFigureFactory(city=city, reference_year=2020)
        KeyFigureFactory(city=city, reference_year=2021)
        for year in (2022, None):
            evaluation = SDGEvaluationFactory(city=city, year=year)
            SDGIndicatorFactory(evaluation=evaluation, goal=goal)
        ProjectFactory(city=city, slug=f"p-{number:02}-a-idea")  # no rows
        sized = ProjectFactory(
            city=city, slug=f"p-{number:02}-b-sized", size_min=Decimal("1000"), size_max=Decimal("2000"), currency="JPY"
        )
        ProjectResultFactory(project=sized)  # not completed: no result rows
        completed = ProjectFactory(
            city=city, slug=f"p-{number:02}-c-done", stage=ProjectStage.COMPLETED, size_min=Decimal("5"), currency="USD"
        )
        for value in (Decimal("1"), None, Decimal("3"))[: number % 3 + 1]:
            ProjectResultFactory(project=completed, value=value)
    draft = CityFactory(slug="draft", publication_state=PublicationState.DRAFT)
    KeyFigureFactory(city=draft)
    SDGIndicatorFactory(evaluation=SDGEvaluationFactory(city=draft), goal=goal)
    ProjectResultFactory(project=ProjectFactory(city=draft, stage=ProjectStage.COMPLETED, slug="draft-project"))


def api_pages(client, slug, page_size):
    """Every page of a dataset's rows in the API, as answered."""
    pages = []
    url = f"/api/v1/data/{slug}/?lang=en&page_size={page_size}"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.json())
        url = pages[-1]["next"]
    return pages


@pytest.mark.parametrize("page_size", [1, 3, 7])
@pytest.mark.parametrize("slug", SLUGS)
def test_api_pages_hold_the_download_s_rows_in_its_order(client, slug, page_size):
    cities_with_rows(4)
    rows = json.loads(client.get(f"/en/data/{slug}.json").content)["rows"]

    pages = api_pages(client, slug, page_size)

    assert len(rows) == {"key-figures": 8, "sdg-ratings": 32, "sdg-indicators": 8, "projects": 17}[slug]
    assert len(pages) == math.ceil(len(rows) / page_size)
    assert all(page["count"] == len(rows) for page in pages)
    assert [len(page["results"]) for page in pages[:-1]] == [page_size] * (len(pages) - 1)
    assert [row for page in pages for row in page["results"]] == rows
    assert pages[0]["previous"] is None
    assert client.get(f"/api/v1/data/{slug}/?page_size={page_size}&page={len(pages) + 1}").status_code == 404


def test_api_rows_of_evaluations_page_across_an_evaluation_s_four_rows(client):
    for number in range(2):
        SDGEvaluationFactory(
            city=CityFactory(slug=f"city-{number}"), goals_assessed=15 + number, high_count=10 + number
        )

    second = client.get("/api/v1/data/sdg-ratings/?lang=en&page_size=3&page=2").json()
    last = client.get("/api/v1/data/sdg-ratings/?lang=en&page_size=3&page=3").json()

    assert second["count"] == 8
    # The first evaluation's last count, then the second's first two.
    assert [(row["city_slug"], row["item"], row["value"]) for row in second["results"]] == [
        ("city-0", "Goals rated low", 2),
        ("city-1", "Goals assessed", 16),
        ("city-1", "Goals rated high", 11),
    ]
    assert second["next"] == "http://testserver/api/v1/data/sdg-ratings/?lang=en&page=3&page_size=3"
    assert second["previous"] == "http://testserver/api/v1/data/sdg-ratings/?lang=en&page_size=3"
    # The last page holds what is left: two rows.
    assert [(row["city_slug"], row["item"]) for row in last["results"]] == [
        ("city-1", "Goals rated medium"),
        ("city-1", "Goals rated low"),
    ]
    assert last["next"] is None


def test_api_rows_of_projects_page_across_projects_of_different_sizes(client):
    cities_with_rows(2)

    second = client.get("/api/v1/data/projects/?lang=en&page_size=4&page=2").json()
    last = client.get("/api/v1/data/projects/?lang=en&page_size=5&page=2").json()

    # Each city's projects: none, two sizes (its result not shown), a size and results with a value (one, and for
    # city-01 one of two).
    assert second["count"] == 8
    assert [row["code"] for row in second["results"]] == [
        "p-01-b-sized/size_min",
        "p-01-b-sized/size_max",
        "p-01-c-done/size_min",
        "p-01-c-done/result-1",
    ]
    assert [row["code"] for row in last["results"]] == [
        "p-01-b-sized/size_max",
        "p-01-c-done/size_min",
        "p-01-c-done/result-1",
    ]


@pytest.mark.parametrize("cities", [1, 30])
@pytest.mark.parametrize("slug", SLUGS)
def test_api_rows_page_reads_only_its_objects(client, django_assert_max_num_queries, slug, cities):
    cities_with_rows(cities)
    model = {"key-figures": KeyFigure, "sdg-ratings": SDGEvaluation, "sdg-indicators": SDGIndicator}.get(slug, Project)
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=model)
    try:
        # The page's objects and the count of all rows; the projects' also the page's results.
        with django_assert_max_num_queries(ROWS_QUERIES[slug] + 1):
            response = client.get(f"/api/v1/data/{slug}/?page_size=2")
    finally:
        post_init.disconnect(count, sender=model)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    # Two objects for two rows; one evaluation makes four, the first project with rows two (the one before none).
    assert len(loaded) == {"projects": 1, "sdg-ratings": 1}.get(slug, 2)


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

    # The page's rows and their count.
    with django_assert_num_queries(ROWS_QUERIES[slug] + 1):
        response = client.get(f"/api/v1/data/{slug}/")

    assert response.status_code == 200


@pytest.mark.parametrize("cities", [1, 12])
def test_api_catalogue_query_count_is_fixed(client, django_assert_num_queries, cities):
    for number in range(cities):
        KeyFigureFactory(city=CityFactory(slug=f"city-{number:02}"))

    # The licence and the latest change of a published city, once for every dataset; each dataset's own.
    with django_assert_num_queries(2 + len(DATASETS)):
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
