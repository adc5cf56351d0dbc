"""Partner cities compared side by side: the choice of cities, key figures, SDG ratings per goal, VLR, downloads."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import City, KeyFigureKind, KeyFigureUnit, RatingLevel, SDGGoal, VLRState
from projects.models import ProjectStage
from tests.factories import (
    CityFactory,
    KeyFigureFactory,
    ProjectFactory,
    SDGEvaluationFactory,
    SDGIndicatorFactory,
    VoluntaryLocalReviewFactory,
)
from tests.helpers import slug_errors
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def compare_url(name="cities:city_compare", language="en"):
    with translation.override(language):
        return reverse(name)


def rated_city(slug, *, population=None, year=2022, ratings=(), vlr=None, **kwargs):
    """A published city with a population figure, an evaluation rating the goals in ``ratings`` ({number: rating})
    through one indicator each, and a VLR in the state ``vlr``."""
    city = CityFactory(slug=slug, **kwargs)
    if population is not None:
        KeyFigureFactory(
            city=city,
            kind=KeyFigureKind.POPULATION,
            value=Decimal(population),
            unit=KeyFigureUnit.PEOPLE,
            reference_year=year,
        )
    if ratings:
        evaluation = SDGEvaluationFactory(
            city=city, year=2023, goals_assessed=17, high_count=17, medium_count=0, low_count=0
        )
        evaluation.medium_count = evaluation.low_count = 0
        for number, rating in ratings.items():
            SDGIndicatorFactory(evaluation=evaluation, goal=SDGGoal.objects.get(number=number), rating=rating)
    if vlr:
        VoluntaryLocalReviewFactory(city=city, state=vlr, year=2024, url="https://example.com/vlr")
    return city


def grid_rows(html):
    """{city name: [cell text per goal]} of the SDG grid."""
    grid = html.split('class="compare-sdg-grid"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for name, cells in re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>(.*?)</tr>', grid, re.DOTALL):
        rows[name] = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r'<td class="compare-rating[^"]*">(.*?)</td>', cells)
        ]
    return rows


@pytest.mark.parametrize("language", ["ja", "en"])
def test_compare_without_a_choice_shows_every_published_city(client, language):
    rated_city(
        "hue", name_en="Hue", name_ja="フエ", population=650000, ratings={1: RatingLevel.HIGH, 11: RatingLevel.LOW}
    )
    rated_city("cebu", name_en="Cebu", name_ja="セブ", population=960000, vlr=VLRState.PUBLISHED)
    CityFactory(slug="draft", name_en="Draft", name_ja="下書き", publication_state=PublicationState.DRAFT)

    response = client.get(compare_url(language=language))

    assert response.status_code == 200
    html = response.content.decode()
    rows = grid_rows(html)
    hue, cebu = ("Hue", "Cebu") if language == "en" else ("フエ", "セブ")
    assert list(rows) == [cebu, hue]
    high, low, not_rated = ("H", "L", "not rated") if language == "en" else ("高", "低", "評価なし")
    assert rows[hue][0] == high and rows[hue][10] == low and rows[hue][1] == not_rated
    assert len(rows[hue]) == 17
    assert html.count('<th scope="col" class="compare-goal">') == 17
    assert "compare-rating-high" in html and "compare-rating-low" in html  # pattern classes beside the text
    assert 'name="robots"' not in html  # the page of all cities is for search engines
    assert ("No city chosen: all 2 published partner cities." if language == "en" else "2 都市すべて") in html
    # Every figure of the same year: the header names it once.
    assert ("Population (2022)" if language == "en" else "人口 (2022)") in html
    assert ("Published (2024)" if language == "en" else "公開") in html


def test_compare_shows_chosen_cities_and_ignores_unknown_ones(client):
    rated_city("hue", name_en="Hue", population=650000, year=2020)
    rated_city("cebu", name_en="Cebu", population=960000, year=2023)
    rated_city("bago", name_en="Bago")
    CityFactory(slug="draft", publication_state=PublicationState.DRAFT)

    response = client.get(compare_url() + "?city=hue&city=cebu&city=nowhere&city=draft&city=%3Cb%3E&city=hue")

    assert response.status_code == 200
    html = response.content.decode()
    assert list(grid_rows(html)) == ["Cebu", "Hue"]
    assert "These cities are not published partner cities and are left out: nowhere, draft, &lt;b&gt;" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "2 chosen cities." in html
    # Years differ: the header says so and each value names its year.
    assert "(years differ)" in html
    assert re.search(r"960,000 <span class=\"meta\">\(2023\)</span>", html)
    assert re.search(r'<input type="checkbox" name="city" value="hue"[^>]*checked', html)
    assert not re.search(r'<input type="checkbox" name="city" value="bago"[^>]*checked', html)


@pytest.mark.parametrize(
    "query", ["?city=", "?city=" + "x" * 5000, "?city=a&" * 300, "?page=abc&city[]=1", "?city=%00", "?city=%ff"]
)
def test_compare_never_fails_on_junk(client, query):
    rated_city("hue", name_en="Hue")
    response = client.get(compare_url() + query)
    assert response.status_code == 200
    assert list(grid_rows(response.content.decode())) == ["Hue"]


def test_compare_without_published_cities_says_so(client):
    CityFactory(publication_state=PublicationState.DRAFT)
    response = client.get(compare_url())
    assert "There is no published partner city to compare yet." in response.content.decode()


def make_cities(count):
    goals = list(SDGGoal.objects.order_by("number"))
    for number in range(count):
        city = rated_city(f"c{number:03}", population=1000 + number, vlr=VLRState.PLANNED)
        KeyFigureFactory(city=city, kind=KeyFigureKind.AREA, value=10, unit=KeyFigureUnit.KM2, reference_year=2020)
        evaluation = SDGEvaluationFactory(
            city=city, year=2024, goals_assessed=17, high_count=6, medium_count=6, low_count=5
        )
        SDGIndicatorFactory._meta.model.objects.bulk_create(
            [
                SDGIndicatorFactory.build(
                    evaluation=evaluation,
                    goal=goal,
                    rating=(RatingLevel.HIGH, RatingLevel.MEDIUM, RatingLevel.LOW)[goal.number % 3],
                )
                for goal in goals
            ]
        )


@pytest.mark.parametrize("path", ["cities:city_compare", "cities:city_compare_csv", "cities:city_compare_json"])
def test_compare_query_count_is_the_same_for_one_and_a_hundred_cities(client, django_assert_max_num_queries, path):
    make_cities(1)
    ProjectFactory(city=City.objects.get(slug="c000"), slug="c000-project")
    with django_assert_max_num_queries(7):
        assert client.get(compare_url(path)).status_code == 200
    make_cities_from = 1
    goals = list(SDGGoal.objects.order_by("number"))
    assert len(goals) == 17
    for number in range(make_cities_from, 100):
        city = rated_city(f"d{number:03}", population=1000 + number, vlr=VLRState.PLANNED)
        evaluation = SDGEvaluationFactory(
            city=city, year=2024, goals_assessed=17, high_count=17, medium_count=0, low_count=0
        )
        SDGIndicatorFactory._meta.model.objects.bulk_create(
            [SDGIndicatorFactory.build(evaluation=evaluation, goal=goal, rating=RatingLevel.HIGH) for goal in goals]
        )
        ProjectFactory(city=city, slug=f"d{number:03}-project", stage=ProjectStage.TENDER)
    with django_assert_max_num_queries(7):
        response = client.get(compare_url(path))
    assert response.status_code == 200
    if path == "cities:city_compare":
        rows = grid_rows(response.content.decode())
        assert len(rows) == 100 and all(len(cells) == 17 for cells in rows.values())


def test_compare_csv_is_excel_ready_and_formula_safe(client):
    rated_city(
        "hue", name_en='=HYPERLINK("x")', population=650000, ratings={1: RatingLevel.HIGH}, vlr=VLRState.PUBLISHED
    )
    rated_city("cebu", name_en="Cebu")

    response = client.get(compare_url("cities:city_compare_csv") + "?city=hue")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="partner-cities-compared-en.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, [row] = rows[0], rows[1:]
    values = dict(zip(header, row, strict=True))
    assert values["City"] == '\'=HYPERLINK("x")'
    assert (values["Slug"], values["Country"]) == ("hue", "VN")
    assert (values["population"], values["population: unit"], values["population: year"]) == (
        "650000",
        "people",
        "2022",
    )
    assert values["SDG 1 rating"] == "high" and values["SDG 2 rating"] == ""
    assert (values["VLR state"], values["VLR year"]) == ("published", "2024")
    assert len([name for name in header if name.startswith("SDG ")]) == 17


def test_compare_json_has_the_same_data(client):
    rated_city("hue", name_en="Hue", population=650000, ratings={11: RatingLevel.MEDIUM})
    with translation.override("ja"):
        response = client.get(compare_url("cities:city_compare_json", "ja"))
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="partner-cities-compared-ja.json"'
    [city] = data["cities"]
    assert city["slug"] == "hue"
    assert city["key_figures"] == {"population": {"value": "650000", "unit": "people", "year": 2022}}
    assert city["sdg_ratings"] == {"11": "medium"}
    assert city["vlr"] is None
    assert city["projects"] == {stage: 0 for stage in ProjectStage.values}  # projects' counter (projects/apps.py)
    assert data["rating_labels"]["medium"] == "中"
    assert [goal["number"] for goal in data["goals"]] == list(range(1, 18))


def test_compare_is_linked_from_the_city_list(client):
    rated_city("hue")
    with translation.override("en"):
        html = client.get(reverse("cities:city_list")).content.decode()
    assert f'<a href="{compare_url()}">Compare the partner cities side by side</a>' in html


def test_compare_page_reads_nothing_while_its_fragment_is_cached(client, django_assert_max_num_queries):
    rated_city("hue", name_en="Hue", ratings={1: RatingLevel.HIGH})
    first = client.get(compare_url() + "?city=hue").content.decode()
    with django_assert_max_num_queries(0):
        again = client.get(compare_url() + "?city=hue").content.decode()
    assert again == first
    rated_city("cebu", name_en="Cebu")  # a change of content renders it afresh
    assert list(grid_rows(client.get(compare_url()).content.decode())) == ["Cebu", "Hue"]


@pytest.mark.parametrize("cities", [1, 30])
def test_compare_counts_each_city_s_published_projects_by_stage(client, django_assert_max_num_queries, cities):
    for number in range(cities):
        city = rated_city(f"c{number:03}", name_en=f"City {number:03}")
        ProjectFactory(city=city, slug=f"c{number:03}-a", stage=ProjectStage.TENDER)
        ProjectFactory(city=city, slug=f"c{number:03}-b", stage=ProjectStage.TENDER)
        ProjectFactory(city=city, slug=f"c{number:03}-c", stage=ProjectStage.COMPLETED)
        ProjectFactory(
            city=city, slug=f"c{number:03}-draft", stage=ProjectStage.IDEA, publication_state=PublicationState.DRAFT
        )
    expected = {stage: 0 for stage in ProjectStage.values} | {"tender": 2, "completed": 1}

    with django_assert_max_num_queries(7):
        page = client.get(compare_url()).content.decode()
    with django_assert_max_num_queries(7):
        data = json.loads(client.get(compare_url("cities:city_compare_json")).content)
    rows = list(
        csv.DictReader(io.StringIO(client.get(compare_url("cities:city_compare_csv")).content.decode("utf-8-sig")))
    )

    assert [city["projects"] for city in data["cities"]] == [expected] * cities
    assert [(row["Projects: tender"], row["Projects: completed"], row["Projects: idea"]) for row in rows] == [
        ("2", "1", "0")
    ] * cities
    assert "Projects: under way" in page
    first_row = page.split(">City 000</a></th>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="number">(\d+)</td>', first_row)[-6:] == ["0", "0", "0", "2", "0", "1"]


def test_city_slug_cannot_take_the_comparison_s_address():
    assert slug_errors(CityFactory.build(slug="compare")) == ["reserved_slug"]
    assert slug_errors(CityFactory.build(slug="compared")) == []
