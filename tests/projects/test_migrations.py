"""The data migration from investment opportunities to projects (cities 0008_projects)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cities", "0007_sdg_indicator_values"), ("projects", "0002_load_financing_schemes")]
AFTER = [("cities", "0008_projects")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_afterwards():
    """Migrates the test database forward to the latest migrations again afterwards: the tests that run later (in
    the same database) need every table."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_afterwards")
def test_every_investment_opportunity_becomes_a_project_seeking_partners():
    apps = migrate(BEFORE)
    City = apps.get_model("cities", "City")
    InvestmentOpportunity = apps.get_model("cities", "InvestmentOpportunity")
    published = City.objects.create(
        name="ダナン市",
        name_ja="ダナン市",
        name_en="Da Nang",
        slug="da-nang",
        country="VN",
        publication_state="published",
    )
    draft = City.objects.create(name="草案市", name_ja="草案市", slug="draft-city", country="PH")
    rows = [
        (published, "観光", "Tourism", "", "", 10),
        (published, "都市インフラ開発", "Urban infrastructure", "鉄道など", "For example railway", 20),
        (published, "観光", "Tourism", "二つ目", "A second one", 30),  # the same sector twice: two projects
        (published, "港湾", "", "", "", 40),  # no English: the field of the same name, a slug from the id
        (draft, "教育", "Education", "", "", 0),
    ]
    opportunities = [
        InvestmentOpportunity.objects.create(
            city=city,
            sector=sector_ja,
            sector_ja=sector_ja,
            sector_en=sector_en or None,
            description=description_ja,
            description_ja=description_ja,
            description_en=description_en,
            order=order,
        )
        for city, sector_ja, sector_en, description_ja, description_en, order in rows
    ]

    apps = migrate(AFTER)
    Project = apps.get_model("projects", "Project")

    projects = list(Project.objects.order_by("city__slug", "order").select_related("city", "field"))
    assert [
        (p.city.slug, p.slug, p.title_ja, p.title_en, p.description_ja, p.description_en, p.order) for p in projects
    ] == [
        ("da-nang", "da-nang-tourism", "観光", "Tourism", "", "", 10),
        (
            "da-nang",
            "da-nang-urban-infrastructure",
            "都市インフラ開発",
            "Urban infrastructure",
            "鉄道など",
            "For example railway",
            20,
        ),
        ("da-nang", "da-nang-tourism-2", "観光", "Tourism", "二つ目", "A second one", 30),
        ("da-nang", f"da-nang-project-{opportunities[3].pk}", "港湾", None, "", "", 40),
        ("draft-city", "draft-city-education", "教育", "Education", "", "", 0),
    ]
    assert {p.stage for p in projects} == {"seeking_partners"}
    assert [p.publication_state for p in projects] == ["published"] * 4 + ["draft"]
    assert [p.field.slug if p.field else None for p in projects] == [None, None, None, "port", None]
    assert "だなん" in projects[0].search_text and "tourism" in projects[0].search_text
    assert "InvestmentOpportunity" not in {model.__name__ for model in apps.get_app_config("cities").get_models()}
