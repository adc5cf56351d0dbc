"""The project list (/<lang>/projects/) and a project's page (/<lang>/projects/<slug>/)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from cities.models import FieldOfCooperation, SDGGoal
from projects.models import FinancingScheme, ProjectStage
from tests.conftest import assert_page_shell
from tests.factories import (
    CityFactory,
    FieldOfCooperationFactory,
    ProjectDocumentFactory,
    ProjectFactory,
    ProjectResultFactory,
)
from tests.helpers import SITE, json_ld_of
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

DRAFT_NOTICE = "<strong>Draft preview</strong> — visitors cannot see this page yet; only staff can."


def full_project(**kwargs):
    kwargs.setdefault("field", FieldOfCooperation.objects.get(slug="water-environment"))
    project = ProjectFactory(
        financing=FinancingScheme.objects.get(slug="jcm"),
        summary_ja="概要",
        summary_en="A water project.",
        size_min=Decimal("1000000"),
        size_max=Decimal("2500000"),
        currency="USD",
        counterpart_ja="水道公社",
        counterpart_en="Water Supply Company",
        japanese_partners_ja="株式会社ヨコハマ\n横浜ウォーター",
        japanese_partners_en="Yokohama Ltd.\nYokohama Water",
        sdg_targets="6.3, 6.a",
        start_date=datetime.date(2021, 4, 1),
        end_date=datetime.date(2024, 3, 31),
        **kwargs,
    )
    project.sdg_goals.set(SDGGoal.objects.filter(number__in=(6, 13)))
    ProjectDocumentFactory(project=project)
    return project


def test_project_list_shows_published_projects_of_published_cities_in_both_languages(client):
    city = CityFactory(name_ja="ダナン市", name_en="Da Nang")
    full_project(city=city, title_ja="下水処理", title_en="Sewage treatment", slug="sewage")
    ProjectFactory(city=city, title_en="Draft plan", publication_state=PublicationState.DRAFT)
    ProjectFactory(city=CityFactory(publication_state=PublicationState.DRAFT), title_en="In a draft city")
    ProjectFactory(city=city, title_en="Closed", publish_until=timezone.now() - datetime.timedelta(days=1))

    for language, title, stage, financing in (
        ("en", "Sewage treatment", "Seeking partners", "JCM (Joint Crediting Mechanism)"),
        ("ja", "下水処理", "パートナー募集中", "JCM（二国間クレジット制度）"),
    ):
        response = client.get(f"/{language}/projects/")
        assert response.status_code == 200
        assert_page_shell(response, language)
        assert [project.slug for project in response.context["projects"]] == ["sewage"]
        html = response.content.decode()
        assert f'<h2><a href="/{language}/projects/sewage/">{title}</a></h2>' in html
        assert stage in html
        assert financing in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"city": "da-nang"}, ["water"]),
        ({"country": "PH"}, ["waste"]),
        ({"stage": "completed"}, ["waste"]),
        ({"field": "water-environment"}, ["water"]),
        ({"sdg": "13"}, ["waste"]),
        ({"financing": "oda-jica"}, ["waste"]),
        ({"q": "ｾﾌﾞ"}, ["waste"]),  # half-width katakana of the city's name, as the site search reads it
        ({"q": "sewage Nang"}, ["water"]),
        ({"q": "下水"}, ["water"]),
    ],
)
def test_project_list_filters(client, query, expected):
    water = ProjectFactory(
        slug="water",
        title_en="Sewage",
        title_ja="下水道",
        city=CityFactory(slug="da-nang", name_en="Da Nang", name_ja="ダナン市", country="VN"),
        field=FieldOfCooperation.objects.get(slug="water-environment"),
        financing=FinancingScheme.objects.get(slug="jcm"),
    )
    water.sdg_goals.set(SDGGoal.objects.filter(number=6))
    waste = ProjectFactory(
        slug="waste",
        title_en="Waste to energy",
        city=CityFactory(slug="cebu", name_en="Cebu", name_ja="セブ市", country="PH"),
        stage=ProjectStage.COMPLETED,
        field=FieldOfCooperation.objects.get(slug="waste-management"),
        financing=FinancingScheme.objects.get(slug="oda-jica"),
    )
    waste.sdg_goals.set(SDGGoal.objects.filter(number__in=(7, 13)))

    response = client.get("/en/projects/", query)

    assert response.status_code == 200
    assert [project.slug for project in response.context["projects"]] == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"stage": "tender"}, "No projects at the stage “tender”."),
        ({"sdg": "17"}, "No projects for SDG 17."),
        ({"city": "nowhere"}, "No published projects in a partner city “nowhere”."),
    ],
)
def test_project_list_explains_an_empty_choice(client, query, message):
    ProjectFactory()
    response = client.get("/en/projects/", query)
    assert list(response.context["projects"]) == []
    assert f'<p role="status">{message}</p>' in response.content.decode()


@pytest.mark.parametrize(
    "query", [{"sdg": "99"}, {"sdg": "abc"}, {"stage": "<script>"}, {"country": "xx"}, {"page": "x"}]
)
def test_project_list_ignores_junk_filters(client, query):
    ProjectFactory(slug="one")
    response = client.get("/en/projects/", query)
    assert response.status_code == 200
    assert [project.slug for project in response.context["projects"]] == ["one"]


def test_draft_city_slug_tells_no_projects_apart(client):
    ProjectFactory(city=CityFactory(slug="secret", publication_state=PublicationState.DRAFT))
    response = client.get("/en/projects/", {"city": "secret"})
    assert list(response.context["projects"]) == []
    assert "secret" not in [value for value, _label in response.context["filter"].form.fields["city"].choices][1:-1]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_project_page_shows_every_fact(client, language):
    city = CityFactory(name_ja="ダナン市", name_en="Da Nang", slug="da-nang")
    project = full_project(city=city, slug="sewage", title_ja="下水処理", title_en="Sewage treatment")

    with translation.override(language):
        response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    facts = {
        "en": [
            "<h1>Sewage treatment</h1>",
            '<a href="/en/cities/da-nang/">Da Nang</a>, Vietnam',
            "<dt>Field of cooperation</dt><dd>Water environment</dd>",
            "<dt>Financing</dt><dd>JCM (Joint Crediting Mechanism)</dd>",
            "<dt>Size</dt><dd>1,000,000–2,500,000 USD</dd>",
            "<dt>Counterpart</dt><dd>Water Supply Company</dd>",
            "<li>Yokohama Ltd.</li><li>Yokohama Water</li>",
            "<dt>SDG targets</dt><dd>6.3, 6.a</dd>",
            '<time datetime="2021-04-01">April 2021</time>–<time datetime="2024-03-31">March 2024</time>',
            '<a href="https://example.com/report">Report</a>',
            '<a class="button" href="/en/inquiry/?project=sewage">Ask about this project</a>',
        ],
        "ja": [
            "<h1>下水処理</h1>",
            '<a href="/ja/cities/da-nang/">ダナン市</a>, ベトナム',
            "<dt>協力分野</dt><dd>水環境</dd>",
            "<dd>1,000,000–2,500,000 USD</dd>",
            "<li>株式会社ヨコハマ</li><li>横浜ウォーター</li>",
            '<time datetime="2021-04-01">2021年4月</time>',
            '<a class="button" href="/ja/inquiry/?project=sewage">',
        ],
    }[language]
    for fact in facts:
        assert fact in html, fact
    assert html.count('class="sdg-goal-chip"') == 2
    assert "Results" not in html and "成果" not in html


def test_results_are_shown_for_completed_projects_only(client):
    result = ProjectResultFactory(project__slug="done", project__results_text_en="Less landfill.")
    response = client.get("/en/projects/done/")
    html = response.content.decode()
    assert '<h2 id="project-results-heading">Results</h2>' in html
    assert "<p>Less landfill.</p>" in html
    assert '<th scope="row">CO2 emissions avoided</th><td>about 844 t CO2/year</td><td>2023</td>' in html

    # A project moved back from completed keeps its figures stored, but no page shows them.
    project = result.project
    project.stage, project.results_text_en = ProjectStage.UNDER_WAY, "Less landfill."
    project.save()  # as an import or a restored version could leave it (the form refuses it)
    html = client.get("/en/projects/done/").content.decode()
    assert "844" not in html and "Less landfill" not in html


def test_project_page_draft_is_404_for_visitors_and_a_preview_for_staff(client, admin_user):
    draft = ProjectFactory(slug="draft", publication_state=PublicationState.DRAFT)
    in_draft_city = ProjectFactory(slug="hidden", city=CityFactory(publication_state=PublicationState.DRAFT))
    assert client.get("/en/projects/draft/").status_code == 404
    assert client.get("/en/projects/hidden/").status_code == 404
    client.force_login(admin_user)
    for project in (draft, in_draft_city):
        response = client.get(f"/en/projects/{project.slug}/")
        assert response.status_code == 200
        assert response.context["draft_preview"] is True
        html = response.content.decode()
        assert DRAFT_NOTICE in html
        assert "?project=" not in html  # no inquiry about what visitors cannot see


def test_project_page_json_ld_describes_a_project_in_its_city(client, site_url):
    city = CityFactory(name_en="Da Nang", slug="da-nang")
    project = full_project(city=city, slug="sewage", title_en="Sewage treatment")
    data, breadcrumbs = json_ld_of(client, "/en/projects/sewage/")
    assert data == {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": "Sewage treatment",
        "description": "A water project.",
        "url": f"{SITE}/en/projects/sewage/",
        "location": {
            "@type": "City",
            "name": "Da Nang",
            "url": f"{SITE}/en/cities/da-nang/",
            "containedInPlace": {"@type": "Country", "name": "Vietnam"},
        },
        "member": [
            {"@type": "Organization", "name": "Water Supply Company"},
            {"@type": "Organization", "name": "Yokohama Ltd."},
            {"@type": "Organization", "name": "Yokohama Water"},
        ],
        "keywords": "Water environment, seeking partners",
        "foundingDate": "2021-04-01",
        "dissolutionDate": "2024-03-31",
    }
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == ["Home", "Projects", project.title_en]


@pytest.mark.parametrize("count", [1, 30])
def test_project_list_query_count_is_fixed(client, django_assert_max_num_queries, count):
    for _ in range(count):
        full_project(field=FieldOfCooperationFactory())
    # session-less page: filter choices 5 (cities, countries, fields, goals, financing), count, page, goals
    with django_assert_max_num_queries(8):
        response = client.get("/en/projects/")
    assert len(response.context["projects"]) == min(count, 24)


def test_project_list_filter_selects_are_rendered_once_per_content_version(client, django_assert_num_queries):
    for _ in range(25):
        full_project(field=FieldOfCooperationFactory())
    client.get("/en/projects/")
    # Page 2 has a fragment of its own, its filter form the same selects: the count, the page and its goals only.
    with django_assert_num_queries(3):
        response = client.get("/en/projects/?page=2")
    assert len(response.context["projects"]) == 1
    assert '<option value="" selected>All cities</option>' in response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_project_page_query_count_is_fixed(client, django_assert_max_num_queries, count):
    project = full_project()
    for _ in range(count):
        ProjectDocumentFactory(project=project)
    project.stage = ProjectStage.COMPLETED
    project.save()
    for _ in range(count):
        ProjectResultFactory(project=project)
    # the project with its city, field and financing; goals, results, documents
    with django_assert_max_num_queries(4):
        assert client.get(project.get_absolute_url()).status_code == 200


def test_city_page_lists_its_projects_with_constant_queries(client, django_assert_max_num_queries):
    city = CityFactory()
    ProjectFactory(city=city)
    with django_assert_max_num_queries(9):
        assert client.get(city.get_absolute_url()).status_code == 200
    big = CityFactory()
    for _ in range(30):
        ProjectFactory(city=big, field=FieldOfCooperationFactory())
    with django_assert_max_num_queries(9):
        response = client.get(big.get_absolute_url())
    assert response.content.decode().count('class="card project-card"') == 30


def test_shared_preview_link_shows_a_draft_project_privately(client, admin_user):
    from editorial.previews import create_preview_link

    project = ProjectFactory(slug="draft", title_en="Secret plan", publication_state=PublicationState.DRAFT)
    _link, token = create_preview_link(obj=project, user=admin_user, language="en")

    response = client.get(f"/en/preview/{token}/")

    assert response.status_code == 200
    assert "<h1>Secret plan</h1>" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get("/en/projects/draft/").status_code == 404
