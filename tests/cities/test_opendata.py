import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cities import demo
from cities.models import City, KeyFigureKind, KeyFigureUnit, RatingLevel, SDGGoal
from tests.factories import CityFactory, KeyFigureFactory, SDGEvaluationFactory, SDGIndicatorFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


def url(name, language, slug):
    with translation.override(language):
        return reverse(name, kwargs={"slug": slug})


def csv_rows(response):
    assert response.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.content[len(BOM) :].decode("utf-8"))))


def test_city_data_csv_has_the_demo_figures_exactly_in_english(client):
    demo.load()

    response = client.get(url("cities:city_data_csv", "en", "da-nang"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="da-nang-data-en.csv"'
    rows = csv_rows(response)
    assert list(rows[0]) == [
        "City",
        "Dataset",
        "Item",
        "Value",
        "Upper value",
        "Unit",
        "Rating",
        "SDG goal",
        "Reference year",
        "Source",
    ]
    figures = [(row["Item"], row["Value"], row["Upper value"], row["Unit"]) for row in rows[:8]]
    assert figures == [
        ("Population", "1195490", "", "people"),
        ("Area", "1285", "", "square kilometres"),
        ("Coastline", "92", "", "kilometres"),
        ("Hospitals", "22", "", "number"),
        ("Commercial facilities", "79", "", "number"),
        ("Total development investment", "1400000000", "", "US dollars"),
        ("Gross regional domestic product (GRDP)", "4670000000", "", "US dollars"),
        ("GRDP growth", "9", "10", "per cent"),
    ]
    counts = [(row["Dataset"], row["Item"], row["Value"]) for row in rows[8:12]]
    assert counts == [
        ("SDG self-evaluation", "Goals assessed", "58"),
        ("SDG self-evaluation", "Goals rated high", "35"),
        ("SDG self-evaluation", "Goals rated medium", "12"),
        ("SDG self-evaluation", "Goals rated low", "11"),
    ]
    examples = [(row["Item"], row["Rating"], row["SDG goal"]) for row in rows[12:]]
    assert examples == [
        ("Share of poor households", "high", "1"),
        ("Income per person", "medium", "8"),
        ("Green space per person", "low", "11"),
    ]
    assert {row["City"] for row in rows} == {"Da Nang"}
    # Every row names its source and its reference year (the demo's figures have none: the column is empty).
    assert all("Source" in row and "Reference year" in row for row in rows)
    assert {row["Source"] for row in rows[:8]} == {demo.SOURCE_EN}
    assert {row["Source"] for row in rows[8:]} == {"Evaluation of progress toward the Sustainable Development Goals"}
    assert {row["Reference year"] for row in rows} == {""}


def test_city_data_csv_is_in_japanese_on_the_japanese_site(client):
    demo.load()

    response = client.get(url("cities:city_data_csv", "ja", "da-nang"))

    assert response["Content-Disposition"] == 'attachment; filename="da-nang-data-ja.csv"'
    rows = csv_rows(response)
    assert list(rows[0]) == ["都市", "データ", "項目", "値", "上限値", "単位", "評価", "SDGs目標", "基準年", "出典"]
    assert (rows[0]["都市"], rows[0]["データ"], rows[0]["項目"], rows[0]["値"], rows[0]["単位"]) == (
        "ダナン市",
        "主要指標",
        "人口",
        "1195490",
        "人",
    )
    assert rows[0]["出典"] == demo.SOURCE_JA
    assert (rows[3]["項目"], rows[3]["値"], rows[3]["単位"]) == ("病院数", "22", "数")
    assert (rows[12]["項目"], rows[12]["評価"]) == ("貧困世帯の割合", "高")


def test_city_data_csv_names_each_row_s_year_and_source(client):
    city = CityFactory(name_en="Testville", slug="testville")
    KeyFigureFactory(city=city, reference_year=2020, source_en="Statistics office", value=Decimal("12.5"))
    KeyFigureFactory(
        city=city, kind=KeyFigureKind.AREA, unit=KeyFigureUnit.KM2, reference_year=2021, source_en="Survey"
    )
    evaluation = SDGEvaluationFactory(city=city, year=2022, title_en="Review 2022")
    SDGIndicatorFactory(evaluation=evaluation, text_en="Clean water", rating=RatingLevel.HIGH, goal=None)

    rows = csv_rows(client.get(url("cities:city_data_csv", "en", "testville")))

    assert [(row["Item"], row["Value"], row["Reference year"], row["Source"]) for row in rows] == [
        ("Population", "12.5", "2020", "Statistics office"),
        ("Area", "1000", "2021", "Survey"),
        ("Goals assessed", "10", "2022", "Review 2022"),
        ("Goals rated high", "5", "2022", "Review 2022"),
        ("Goals rated medium", "3", "2022", "Review 2022"),
        ("Goals rated low", "2", "2022", "Review 2022"),
        ("Clean water", "", "2022", "Review 2022"),
    ]


def test_city_data_csv_neutralises_formulas_in_text_but_keeps_negative_numbers(client):
    city = CityFactory(name_en="=cmd|' /C calc'!A0", slug="formula")
    KeyFigureFactory(
        city=city,
        kind=KeyFigureKind.OTHER,
        label_en='=HYPERLINK("http://example.com","x")',
        value=Decimal("-3.5"),
        unit=KeyFigureUnit.PERCENT,
        source_en="@SUM(A1:A2)",
    )
    KeyFigureFactory(city=city, kind=KeyFigureKind.AREA, source_en="+1 survey", label_en="")
    KeyFigureFactory(city=city, kind=KeyFigureKind.COASTLINE, source_en="-minus", label_en="")

    rows = csv_rows(client.get(url("cities:city_data_csv", "en", "formula")))

    assert [(row["City"], row["Item"], row["Value"], row["Source"]) for row in rows] == [
        ("'=cmd|' /C calc'!A0", '\'=HYPERLINK("http://example.com","x")', "-3.5", "'@SUM(A1:A2)"),
        ("'=cmd|' /C calc'!A0", "Area", "1000", "'+1 survey"),
        ("'=cmd|' /C calc'!A0", "Coastline", "1000", "'-minus"),
    ]


def test_city_data_json_has_the_demo_figures_exactly(client):
    demo.load()

    response = client.get(url("cities:city_data_json", "en", "da-nang"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="da-nang-data-en.json"'
    data = json.loads(response.content)
    assert (data["slug"], data["name"], data["country"], data["country_name"]) == (
        "da-nang",
        "Da Nang",
        "VN",
        "Vietnam",
    )
    assert data["url"] == "http://testserver/en/cities/da-nang/"
    assert data["api_url"] == "http://testserver/api/v1/cities/da-nang/"
    assert [(f["kind"], f["value"], f["value_max"], f["unit"]) for f in data["key_figures"]] == [
        ("population", "1195490", None, "people"),
        ("area", "1285", None, "km2"),
        ("coastline", "92", None, "km"),
        ("hospitals", "22", None, "number"),
        ("commercial_facilities", "79", None, "number"),
        ("development_investment", "1400000000", None, "usd"),
        ("grdp", "4670000000", None, "usd"),
        ("grdp_growth", "9", "10", "percent"),
    ]
    assert {(f["reference_year"], f["source"]) for f in data["key_figures"]} == {(None, demo.SOURCE_EN)}
    assert data["key_figures"][6]["formatted_value"] == "USD 4.67 billion"
    [evaluation] = data["sdg_evaluations"]
    assert (evaluation["goals_assessed"], evaluation["high_count"], evaluation["medium_count"]) == (58, 35, 12)
    assert evaluation["low_count"] == 11
    assert [(i["text"], i["rating"], i["goal"]["number"]) for i in evaluation["indicators"]] == [
        ("Share of poor households", "high", 1),
        ("Income per person", "medium", 8),
        ("Green space per person", "low", 11),
    ]


def test_city_data_json_is_in_japanese_on_the_japanese_site(client):
    demo.load()

    data = json.loads(client.get(url("cities:city_data_json", "ja", "da-nang")).content)

    assert (data["name"], data["url"]) == ("ダナン市", "http://testserver/ja/cities/da-nang/")
    assert (data["key_figures"][0]["label"], data["key_figures"][0]["formatted_value"]) == ("人口", "1,195,490人")
    assert data["key_figures"][6]["formatted_value"] == "46億7千万 USD"


@pytest.mark.parametrize("name", ["cities:city_data_csv", "cities:city_data_json"])
def test_city_data_of_a_draft_city_is_not_found(client, admin_client, name):
    CityFactory(slug="draft", publication_state=PublicationState.DRAFT)

    assert client.get(url(name, "en", "draft")).status_code == 404
    assert admin_client.get(url(name, "en", "draft")).status_code == 404
    assert client.get(url(name, "en", "nowhere")).status_code == 404


def test_city_page_links_its_downloads(client):
    CityFactory(slug="da-nang")

    html = client.get(url("cities:city_detail", "en", "da-nang")).content.decode()

    assert '<a href="/en/cities/da-nang/data.csv" download>CSV (for Excel)</a>' in html
    assert '<a href="/en/cities/da-nang/data.json" download>JSON</a>' in html
    assert '<a href="/api/v1/cities/da-nang/?lang=en">API</a>' in html


@pytest.mark.parametrize("name", ["cities:city_data_csv", "cities:city_data_json"])
@pytest.mark.parametrize("rows", [1, 12])
def test_city_data_query_count_is_fixed(client, django_assert_num_queries, name, rows):
    city = CityFactory(slug="big")
    goal = SDGGoal.objects.get(number=3)
    for year in range(rows):
        KeyFigureFactory(city=city, reference_year=2000 + year)
        evaluation = SDGEvaluationFactory(city=city, year=2000 + year)
        SDGIndicatorFactory(evaluation=evaluation, goal=goal)
        SDGIndicatorFactory(evaluation=evaluation, goal=None)

    # The city, its figures, its evaluations and their indicators (with their goals).
    with django_assert_num_queries(4):
        response = client.get(url(name, "en", "big"))

    assert response.status_code == 200
    assert City.objects.count() == 1
