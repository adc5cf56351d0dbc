"""What a project says of itself: its size and results as the pages write them, its target codes, its open data
rows (``ProjectQuerySet.tidy_rows``), the demo."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projects import demo
from projects.models import Project, ProjectStage, validate_sdg_targets
from tests.factories import CityFactory, ProjectFactory, ProjectResultFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("size_min", "size_max", "currency", "language", "expected"),
    [
        ("1000000", "2500000.50", "USD", "en", "1,000,000–2,500,000.50 USD"),
        ("1000000", None, "JPY", "ja", "1,000,000 JPY"),
        (None, "300000", "USD", "en", "up to 300,000 USD"),
        (None, "300000", "USD", "ja", "最大300,000 USD"),
        (None, None, "", "en", ""),
    ],
)
def test_size_display(size_min, size_max, currency, language, expected):
    project = Project(
        size_min=Decimal(size_min) if size_min else None,
        size_max=Decimal(size_max) if size_max else None,
        currency=currency,
    )
    with translation.override(language):
        assert project.size_display == expected


@pytest.mark.parametrize("text", ["11.6", "6.a, 11.6", "17.19 1.1", "", "6.a、7.2"])
def test_target_codes_as_the_un_numbers_them_are_accepted(text):
    validate_sdg_targets(text)


@pytest.mark.parametrize("text", ["18.1", "11", "6.A", "0.1", "11.6.1", "<b>", "６．ａ"])
def test_other_target_codes_are_refused(text):
    with pytest.raises(ValidationError):
        validate_sdg_targets(text)


def test_tidy_rows_give_one_observation_per_row():
    city = CityFactory(slug="da-nang", name_en="Da Nang")
    result = ProjectResultFactory(
        project__city=city,
        project__slug="waste-to-energy",
        project__title_en="Waste to energy",
        project__size_min=Decimal("1000000"),
        project__size_max=Decimal("2000000"),
        project__currency="USD",
        project__counterpart_en="Environment Department",
        project__start_date=datetime.date(2020, 4, 1),
    )
    ProjectResultFactory(project=result.project, label_en="Households served", value=None)  # no figure: no row
    ProjectFactory(city=city, slug="idea", stage=ProjectStage.IDEA)  # no figures at all
    ProjectFactory(city=city, slug="draft", size_min=Decimal("5"), currency="USD", publication_state="draft")

    with translation.override("en"):
        rows = Project.objects.published().tidy_rows()

    common = {
        "city": "da-nang",
        "city_name": "Da Nang",
        "project": "waste-to-energy",
        "project_title": "Waste to energy",
        "stage": "completed",
        "source": "Da Nang / Environment Department",
    }
    assert rows == [
        {**common, "code": "waste-to-energy/size_min", "label": "size (lower bound)", "year": 2020,
         "value": Decimal("1000000.00"), "unit": "USD"},
        {**common, "code": "waste-to-energy/size_max", "label": "size (upper bound)", "year": 2020,
         "value": Decimal("2000000.00"), "unit": "USD"},
        {**common, "code": "waste-to-energy/result-1", "label": "CO2 emissions avoided", "year": 2023,
         "value": Decimal("844.0000"), "unit": "t CO2/year"},
    ]  # fmt: skip


def test_tidy_rows_leave_out_the_results_of_a_project_no_longer_completed():
    result = ProjectResultFactory()
    project = result.project
    project.stage = ProjectStage.UNDER_WAY
    project.save()
    assert Project.objects.published().tidy_rows() == []


def test_demo_makes_da_nangs_projects_once_and_the_city_page_lists_them(client):
    from cities import demo as cities_demo

    cities_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())

    projects = Project.objects.order_by("order")
    assert [(p.slug, p.title_ja, p.title_en) for p in projects] == [row[:3] for row in demo.DA_NANG_PROJECTS]
    assert {(p.stage, p.publication_state) for p in projects} == {
        (ProjectStage.SEEKING_PARTNERS, PublicationState.PUBLISHED)
    }
    # Only what the seed says: no financing, size, dates or partners.
    assert {(p.financing, p.size_min, p.size_max, p.start_date, p.japanese_partners) for p in projects} == {
        (None, None, None, None, "")
    }
    for language, title, description in (
        ("en", "Urban infrastructure", "For example railway"),
        ("ja", "都市インフラ開発", "鉄道など"),
    ):
        html = client.get(f"/{language}/cities/da-nang/").content.decode()
        assert f'<h3><a href="/{language}/projects/da-nang-urban-infrastructure/">{title}</a></h3>' in html
        assert f"<p>{description}</p>" in html
        assert html.count('class="card project-card"') == 8
