"""/api/v1/projects/: published projects of published cities, filtered as the list page is."""

import datetime
from decimal import Decimal

import pytest

from cities.models import FieldOfCooperation, SDGGoal
from projects import demo
from projects.models import FinancingScheme, ProjectStage
from tests.factories import CityFactory, ProjectDocumentFactory, ProjectFactory, ProjectResultFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_project_detail_has_everything_the_page_shows(client):
    city = CityFactory(slug="da-nang", name_en="Da Nang")
    result = ProjectResultFactory(
        project__city=city,
        project__slug="waste-to-energy",
        project__title_en="Waste to energy",
        project__field=FieldOfCooperation.objects.get(slug="waste-management"),
        project__financing=FinancingScheme.objects.get(slug="jcm"),
        project__size_min=Decimal("1500000"),
        project__currency="USD",
        project__sdg_targets="7.2, 11.6",
        project__japanese_partners_en="Yokohama Ltd.",
        project__start_date=datetime.date(2020, 4, 1),
        project__results_text_en="Less landfill.",
    )
    result.project.sdg_goals.set(SDGGoal.objects.filter(number=7))
    ProjectDocumentFactory(project=result.project)

    data = client.get("/api/v1/projects/waste-to-energy/?lang=en").json()

    assert data == {
        "slug": "waste-to-energy",
        "url": "http://testserver/en/projects/waste-to-energy/",
        "api_url": "http://testserver/api/v1/projects/waste-to-energy/",
        "title": "Waste to energy",
        "summary": "",
        "description": "",
        "city": {
            "slug": "da-nang",
            "name": "Da Nang",
            "url": "http://testserver/en/cities/da-nang/",
            "api_url": "http://testserver/api/v1/cities/da-nang/",
        },
        "country": "VN",
        "stage": "completed",
        "stage_label": "completed",
        "field": {"slug": "waste-management", "name": "Waste management"},
        "sdg_goals": [{"number": 7, "short_name": "Affordable and clean energy", "colour": "#FCC30B"}],
        "sdg_targets": ["7.2", "11.6"],
        "financing": {"slug": "jcm", "name": "JCM (Joint Crediting Mechanism)"},
        "size_min": "1500000",
        "size_max": None,
        "currency": "USD",
        "size_display": "1,500,000 USD",
        "counterpart": "",
        "japanese_partners": ["Yokohama Ltd."],
        "start_date": "2020-04-01",
        "end_date": None,
        "results_text": "Less landfill.",
        "results": [
            {
                "label": "CO2 emissions avoided",
                "value": "844",
                "approximate": True,
                "unit": "t CO2/year",
                "year": 2023,
                "formatted_value": "about 844 t CO2/year",
            }
        ],
        "documents": [{"title": "Report", "url": "https://example.com/report", "pdf": None}],
    }


def test_demo_projects_are_da_nangs_opportunities_seeking_partners(client):
    from cities import demo as cities_demo

    cities_demo.load()
    demo.load()
    demo.load()  # a second run changes nothing

    data = client.get("/api/v1/projects/?lang=en").json()

    assert [item["title"] for item in data["results"]] == [row[2] for row in demo.DA_NANG_PROJECTS]
    assert {item["stage"] for item in data["results"]} == {"seeking_partners"}
    assert data["results"][6]["description"] == "For example railway"
    city = client.get("/api/v1/cities/da-nang/?lang=ja").json()
    assert [item["title"] for item in city["projects"]] == [row[1] for row in demo.DA_NANG_PROJECTS]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["cebu-waste", "water"]),
        ("?city=da-nang", ["water"]),
        ("?country=PH", ["cebu-waste"]),
        ("?stage=completed", ["cebu-waste"]),
        ("?sdg=6", ["water"]),
        ("?financing=oda-jica", ["cebu-waste"]),
        ("?field=water-environment", ["water"]),
        ("?q=セブ", ["cebu-waste"]),
    ],
)
def test_project_list_filters(client, query, expected):
    water = ProjectFactory(
        slug="water",
        city=CityFactory(slug="da-nang", name_en="Da Nang", country="VN"),
        field=FieldOfCooperation.objects.get(slug="water-environment"),
    )
    water.sdg_goals.set(SDGGoal.objects.filter(number=6))
    ProjectFactory(
        slug="cebu-waste",
        city=CityFactory(slug="cebu", name_en="Cebu", name_ja="セブ市", country="PH"),
        stage=ProjectStage.COMPLETED,
        financing=FinancingScheme.objects.get(slug="oda-jica"),
    )
    ProjectFactory(slug="draft", publication_state=PublicationState.DRAFT, city=water.city)
    assert slugs(client.get(f"/api/v1/projects/{query}")) == expected


@pytest.mark.parametrize("query", ["?sdg=abc", "?stage=nonsense", "?country=xx"])
def test_project_list_refuses_a_filter_value_it_cannot_use(client, query):
    response = client.get(f"/api/v1/projects/{query}&lang=en")
    assert response.status_code == 400
    assert list(response.json()) == [query[1:].split("=")[0]]


def test_draft_project_or_city_is_a_404(client):
    ProjectFactory(slug="draft", publication_state=PublicationState.DRAFT)
    ProjectFactory(slug="hidden", city=CityFactory(publication_state=PublicationState.DRAFT))
    for slug in ("draft", "hidden", "nowhere"):
        response = client.get(f"/api/v1/projects/{slug}/?lang=en")
        assert response.status_code == 404
        assert response.json() == {"detail": "No project matches the given query."}


@pytest.mark.parametrize("count", [1, 25])
def test_project_api_query_count_is_fixed(client, django_assert_max_num_queries, count):
    for _ in range(count):
        result = ProjectResultFactory(project__field=FieldOfCooperation.objects.get(slug="port"))
        result.project.sdg_goals.set(SDGGoal.objects.filter(number__in=(6, 11)))
        ProjectDocumentFactory(project=result.project)
    # count, page (with city, field, financing), goals, results, documents
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/projects/?page_size=50")
    assert response.json()["count"] == count
