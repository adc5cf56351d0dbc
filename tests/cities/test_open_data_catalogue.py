"""The open-data catalogue (/<lang>/data/, cities/catalogue.py): its page, and each dataset as tidy CSV and JSON in
both languages, with the licence the city states, validators, CORS-free page and fixed query counts."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from cities import demo
from cities.catalogue import DATASETS
from cities.licence import OpenDataLicence
from cities.models import City, KeyFigure, KeyFigureKind, SDGEvaluation, SDGGoal, SDGIndicator
from projects.models import Project, ProjectStage
from tests.admin_forms import admin_change_data
from tests.cities.test_open_data_catalogue_api import ROWS_QUERIES
from tests.conftest import assert_page_shell
from tests.factories import (
    CityFactory,
    KeyFigureFactory,
    ProjectFactory,
    ProjectResultFactory,
    SDGEvaluationFactory,
    SDGIndicatorFactory,
)
from tests.helpers import admin_url, content_changed_on_another_app_server, json_ld_of
from tests.yport.test_sitemaps import sitemap_entries
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()
SLUGS = [dataset.slug for dataset in DATASETS]
DA_NANG_SOURCE = (
    "Presentation by Da Nang's Department of Planning and Investment at the 11th Asia Smart City Conference "
    "(November 2022)"
)
EVALUATION_EN = "Evaluation of progress toward the Sustainable Development Goals"


def csv_table(response):
    """The header and the rows of a CSV download, read as Python's csv module (and a spreadsheet) reads them."""
    assert response.content.startswith(BOM)
    header, *rows = csv.reader(io.StringIO(response.content[len(BOM) :].decode("utf-8")))
    assert all(len(row) == len(header) for row in rows)
    return header, rows


def json_document(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


@pytest.fixture
def licence():
    return OpenDataLicence.objects.create(
        name_ja="クリエイティブ・コモンズ 表示 4.0",
        name_en="Creative Commons Attribution 4.0",
        url_ja="https://creativecommons.org/licenses/by/4.0/deed.ja",
        url_en="https://creativecommons.org/licenses/by/4.0/",
        note_ja="出典として横浜市を表示してください。",
        note_en="Credit the City of Yokohama.",
    )


# --- The downloads ---------------------------------------------------------------------------------------------------


def test_key_figures_csv_has_one_figure_per_row_in_english(client):
    demo.load()

    response = client.get("/en/data/key-figures.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="yport-key-figures-en.csv"'
    header, rows = csv_table(response)
    assert header == [
        "City",
        "City code",
        "Country",
        "Code",
        "Item",
        "Reference year",
        "Value",
        "Upper value",
        "Unit code",
        "Unit",
        "Source",
    ]
    assert [row[3:10] for row in rows] == [
        ["population", "Population", "", "1195490", "", "people", "people"],
        ["area", "Area", "", "1285", "", "km2", "square kilometres"],
        ["coastline", "Coastline", "", "92", "", "km", "kilometres"],
        ["hospitals", "Hospitals", "", "22", "", "number", "number"],
        ["commercial_facilities", "Commercial facilities", "", "79", "", "number", "number"],
        ["development_investment", "Total development investment", "", "1400000000", "", "usd", "US dollars"],
        ["grdp", "Gross regional domestic product (GRDP)", "", "4670000000", "", "usd", "US dollars"],
        ["grdp_growth", "GRDP growth", "", "9", "10", "percent", "per cent"],
    ]
    assert {tuple(row[:3]) for row in rows} == {("Da Nang", "da-nang", "VN")}
    assert {row[10] for row in rows} == {DA_NANG_SOURCE}
    # Every value reads as a number, as a data frame would parse the column.
    assert sum(Decimal(row[6]) for row in rows) == Decimal("6071196977")


def test_key_figures_csv_is_in_japanese_with_the_same_codes(client):
    demo.load()

    english = csv_table(client.get("/en/data/key-figures.csv"))[1]
    header, rows = csv_table(client.get("/ja/data/key-figures.csv"))

    assert header[:3] == ["都市", "都市コード", "国"]
    assert header[-1] == "出典"
    assert rows[0][:5] == ["ダナン市", "da-nang", "VN", "population", "人口"]
    # Codes, years and values are the same in both languages; only the texts change.
    assert [row[1:4] + row[5:9] for row in rows] == [row[1:4] + row[5:9] for row in english]


def test_sdg_ratings_csv_has_one_count_per_row(client):
    demo.load()

    header, rows = csv_table(client.get("/en/data/sdg-ratings.csv"))

    assert header == [
        "City",
        "City code",
        "Country",
        "Code",
        "Item",
        "SDG goal",
        "Rating code",
        "Rating",
        "Year of evaluation",
        "Value",
        "Source",
    ]
    assert [row[3:] for row in rows] == [
        ["sdg-goals-assessed", "Goals assessed", "", "", "", "", "58", EVALUATION_EN],
        ["sdg-goals-rated", "Goals rated high", "", "high", "high", "", "35", EVALUATION_EN],
        ["sdg-goals-rated", "Goals rated medium", "", "medium", "medium", "", "12", EVALUATION_EN],
        ["sdg-goals-rated", "Goals rated low", "", "low", "low", "", "11", EVALUATION_EN],
    ]


def test_sdg_indicators_csv_has_one_indicator_per_row(client):
    demo.load()

    header, rows = csv_table(client.get("/ja/data/sdg-indicators.csv"))

    assert header == [
        *["都市", "都市コード", "国", "評価年", "自己評価", "SDGs目標", "指標コード", "指標", "評価コード", "評価"],
        *["値の年", "値", "単位", "方向", "基準年", "基準値", "目標年", "目標値", "出典", "出典へのリンク"],
    ]
    assert [row[5:10] for row in rows] == [
        ["1", "", "貧困世帯の割合", "high", "高"],
        ["8", "", "1人あたりの所得", "medium", "中"],
        ["11", "", "1人あたりの緑地面積", "low", "低"],
    ]
    assert all(row[10:] == ["", "", "", "", "", "", "", "", "", ""] for row in rows)  # the demo gives no values


def test_sdg_indicators_download_has_the_value_baseline_target_and_source(client):
    city = CityFactory(slug="valued", name_en="Valued")
    evaluation = SDGEvaluationFactory(city=city, year=2024, title_en="Review 2024")
    SDGIndicatorFactory(
        evaluation=evaluation,
        goal=SDGGoal.objects.get(number=11),
        code="11-green",
        text_en="Green space per person",
        value=Decimal("-1.5"),
        unit="m²",
        year=2023,
        direction="higher",
        baseline_year=2015,
        baseline_value=Decimal("4.0000"),
        target_year=2030,
        target_value=Decimal("9"),
        source="=Parks department",
        source_url="https://example.com/parks",
    )
    SDGIndicatorFactory(evaluation=evaluation, goal=None, text_en="Without a value")

    header, rows = csv_table(client.get("/en/data/sdg-indicators.csv"))
    document = json_document(client.get("/en/data/sdg-indicators.json"))

    assert dict(zip(header, rows[0], strict=True)) == {
        "City": "Valued",
        "City code": "valued",
        "Country": "VN",
        "Year of evaluation": "2024",
        "Evaluation": "Review 2024",
        "SDG goal": "11",
        "Indicator code": "11-green",
        "Indicator": "Green space per person",
        "Rating code": "high",
        "Rating": "high",
        "Year of the value": "2023",
        "Value": "-1.5",
        "Unit": "m²",
        "Direction": "higher",
        "Baseline year": "2015",
        "Baseline value": "4",
        "Target year": "2030",
        "Target value": "9",
        "Source": "'=Parks department",
        "Link to the source": "https://example.com/parks",
    }
    assert rows[1][10:12] == ["2024", ""]  # no year of its own: the evaluation's; no value
    assert document["rows"][0]["value"] == "-1.5" and document["rows"][0]["baseline_value"] == "4"
    assert document["rows"][1]["value"] is None and document["rows"][1]["code"] is None


def test_projects_download_has_one_figure_per_row_of_published_projects(client):
    city = CityFactory(slug="hue", name_en="Hue")
    project = ProjectFactory(
        city=city,
        slug="waste-plant",
        title_en="Waste plant",
        stage=ProjectStage.COMPLETED,
        size_min=Decimal("1000000"),
        size_max=Decimal("2500000.50"),
        currency="JPY",
        counterpart_en="Hue Urban Environment",
    )
    ProjectResultFactory(project=project, label_en="CO2 emissions avoided", value=Decimal("844"), year=2023)
    ProjectFactory(
        city=city, slug="draft-plant", size_min=Decimal("5"), currency="JPY", publication_state=PublicationState.DRAFT
    )

    header, rows = csv_table(client.get("/en/data/projects.csv"))
    document = json_document(client.get("/en/data/projects.json"))

    assert header == [
        *["City", "City code", "Country", "Project code", "Project", "Stage code", "Stage", "Code", "Item"],
        *["Year", "Value", "Unit", "Source"],
    ]
    assert [row[3:] for row in rows] == [
        [
            "waste-plant",
            "Waste plant",
            "completed",
            "completed",
            "waste-plant/size_min",
            "size (lower bound)",
            "",
            "1000000",
            "JPY",
            "Hue / Hue Urban Environment",
        ],
        [
            "waste-plant",
            "Waste plant",
            "completed",
            "completed",
            "waste-plant/size_max",
            "size (upper bound)",
            "",
            "2500000.5",
            "JPY",
            "Hue / Hue Urban Environment",
        ],
        [
            "waste-plant",
            "Waste plant",
            "completed",
            "completed",
            "waste-plant/result-1",
            "CO2 emissions avoided",
            "2023",
            "844",
            "t CO2/year",
            "Hue / Hue Urban Environment",
        ],
    ]
    assert [row["value"] for row in document["rows"]] == ["1000000", "2500000.5", "844"]
    assert {row["project"] for row in document["rows"]} == {"waste-plant"}


def test_csv_neutralises_formulas_in_text_but_keeps_negative_numbers(client):
    city = CityFactory(slug="formula", name_en='=HYPERLINK("http://evil")')
    KeyFigureFactory(
        city=city,
        kind=KeyFigureKind.OTHER,
        label_en="@SUM(A1:A9)",
        value=Decimal("-3.5"),
        unit="percent",
        source_en="+cmd|' /C calc'!A0",
        reference_year=2024,
    )

    _header, [row] = csv_table(client.get("/en/data/key-figures.csv"))

    assert row == [
        '\'=HYPERLINK("http://evil")',
        "formula",
        "VN",
        "other",
        "'@SUM(A1:A9)",
        "2024",
        "-3.5",
        "",
        "percent",
        "per cent",
        "'+cmd|' /C calc'!A0",
    ]
    # The JSON keeps the text as it is: no spreadsheet runs it.
    [json_row] = json_document(client.get("/en/data/key-figures.json"))["rows"]
    assert json_row["city"] == '=HYPERLINK("http://evil")'
    assert json_row["value"] == "-3.5"


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_json_download_has_the_csv_rows_and_describes_its_columns(client, slug, language):
    demo.load()
    # The demo projects have no figures yet: a completed project with a result.
    project = ProjectFactory(city=City.objects.get(slug="da-nang"), slug="da-nang-result", stage=ProjectStage.COMPLETED)
    ProjectResultFactory(project=project, year=2023)

    header, rows = csv_table(client.get(f"/{language}/data/{slug}.csv"))
    response = client.get(f"/{language}/data/{slug}.json")
    document = json_document(response)

    assert response["Content-Disposition"] == f'attachment; filename="yport-{slug}-{language}.json"'
    assert document["dataset"] == slug
    assert document["language"] == language
    assert [column["title"] for column in document["columns"]] == header
    keys = [column["key"] for column in document["columns"]]
    assert len(document["rows"]) == len(rows) > 0
    for json_row, csv_row in zip(document["rows"], rows, strict=True):
        assert list(json_row) == keys
        assert ["" if value is None else str(value) for value in json_row.values()] == csv_row
    types = {column["key"]: column["type"] for column in document["columns"]}
    for json_row in document["rows"]:
        for key, value in json_row.items():
            expected = {"string": str, "integer": int, "decimal": str}[types[key]]
            assert value is None or isinstance(value, expected), (key, value)
    assert document["csv_url"] == f"http://testserver/{language}/data/{slug}.csv"
    assert document["api_url"] == f"http://testserver/api/v1/data/{slug}/?lang={language}"


def test_json_download_states_publisher_licence_and_dates(client, licence):
    city = CityFactory(slug="da-nang")
    City.objects.filter(pk=city.pk).update(updated_at=datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))

    document = json_document(client.get("/en/data/sdg-ratings.json"))

    assert document["title"] == "SDG self-evaluations: ratings"
    assert document["publisher"] == "City of Yokohama, International Affairs Bureau, International Cooperation Division"
    assert document["licence"] == {
        "name": "Creative Commons Attribution 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "note": "Credit the City of Yokohama.",
        "terms": "Published under Creative Commons Attribution 4.0.",
    }
    assert document["modified"] == "2030-01-02T03:04:05+00:00"
    generated = datetime.datetime.fromisoformat(document["generated_at"])
    assert abs(generated - timezone.now()) < datetime.timedelta(minutes=1)
    value = next(column for column in document["columns"] if column["key"] == "value")
    assert value == {"key": "value", "title": "Value", "type": "integer", "unit": "goals", "description": ""}
    assert document["rows"] == []


LONG_AGO = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def rows_of_every_dataset_changed_long_ago():
    """A published city with a row in every dataset, it and they (and the licence) last changed ``LONG_AGO``."""
    city = CityFactory(slug="da-nang")
    KeyFigureFactory(city=city)
    SDGIndicatorFactory(evaluation=SDGEvaluationFactory(city=city), goal=SDGGoal.objects.get(number=6))
    ProjectFactory(city=city, slug="sewage", size_min=Decimal("1000000"), currency="JPY")
    for model in (City, KeyFigure, SDGEvaluation, SDGIndicator, Project, OpenDataLicence):
        model.objects.update(updated_at=LONG_AGO)


def datasets_modified(client) -> dict:
    """{dataset: its ``modified``} as the JSON downloads state it, the same as the API's catalogue."""
    downloads = {slug: json_document(client.get(f"/en/data/{slug}.json"))["modified"] for slug in SLUGS}
    catalogue = client.get("/api/v1/data/?lang=en").json()["results"]
    assert {dataset["dataset"]: dataset["modified"] for dataset in catalogue} == downloads
    return downloads


def modified_since(client, moment) -> set:
    return {slug for slug, modified in datasets_modified(client).items() if modified >= moment.isoformat()}


def test_editing_a_project_on_its_page_moves_the_projects_modified_and_the_catalogue_s_lastmod(
    admin_client, client, licence, site_url
):
    rows_of_every_dataset_changed_long_ago()
    assert set(datasets_modified(client).values()) == {"2020-01-02T03:04:05+00:00"}
    project = Project.objects.get()
    change_url = admin_url(project, "change")
    before = timezone.now().replace(microsecond=0)

    response = admin_client.post(change_url, admin_change_data(admin_client, change_url, title_en="Sewage works"))

    assert response.status_code == 302
    assert City.objects.get().updated_at == LONG_AGO  # only the project was saved
    assert modified_since(client, before) == {"projects"}
    lastmod, _alternates = sitemap_entries(client)[f"{site_url}/en/data/"]
    assert lastmod == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("part", "changes", "moved"),
    [
        ("key figure", {"value": "2000"}, {"key-figures"}),
        ("evaluation", {"title_en": "Review"}, {"sdg-ratings", "sdg-indicators"}),
        # On its evaluation's page, which saves the evaluation too.
        ("indicator", {"indicators-0-value": "12.5"}, {"sdg-ratings", "sdg-indicators"}),
    ],
)
def test_editing_a_figure_or_an_evaluation_on_its_page_moves_the_modified_of_what_shows_it(
    admin_client, client, licence, site_url, part, changes, moved
):
    rows_of_every_dataset_changed_long_ago()
    edited = KeyFigure.objects.get() if part == "key figure" else SDGEvaluation.objects.get()
    change_url = admin_url(edited, "change")
    before = timezone.now().replace(microsecond=0)

    response = admin_client.post(change_url, admin_change_data(admin_client, change_url, **changes))

    assert response.status_code == 302
    assert City.objects.get().updated_at == LONG_AGO
    assert modified_since(client, before) == moved
    assert sitemap_entries(client)[f"{site_url}/en/data/"][0] == timezone.localdate().isoformat()


def test_an_indicator_saved_alone_as_an_import_saves_it_moves_the_indicators_modified(client, licence):
    rows_of_every_dataset_changed_long_ago()
    indicator = SDGIndicator.objects.get()
    before = timezone.now().replace(microsecond=0)

    indicator.value = Decimal("3")
    indicator.save()

    assert modified_since(client, before) == {"sdg-indicators"}


def test_a_version_recorded_before_parts_had_a_change_time_is_restored(client):
    """The history holds versions of key figures, evaluations and indicators recorded before they had
    ``updated_at``; restoring one (a city's old version, an approval waiting since then) still works."""
    with reversion.create_revision():
        figure = KeyFigureFactory(city__slug="da-nang", value=Decimal("1000"))
    version = Version.objects.get_for_object(figure).get()
    fields = json.loads(version.serialized_data)
    del fields[0]["fields"]["updated_at"]
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(fields))
    KeyFigure.objects.update(value=Decimal("2000"))

    Version.objects.get(pk=version.pk).revision.revert()

    figure.refresh_from_db()
    assert (figure.value, figure.updated_at) == (Decimal("1000"), None)
    assert json_document(client.get("/en/data/key-figures.json"))["modified"] is not None  # its city's


def test_json_download_without_a_licence_says_to_ask_the_city(client):
    document = json_document(client.get("/ja/data/key-figures.json"))

    assert document["licence"] == {
        "name": None,
        "url": None,
        "note": "",
        "terms": "このデータのライセンスはまだ定められていません。引用を超えて再利用する場合は、事前に横浜市"
        "（国際局国際協力課）にお問い合わせください。",
    }


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_downloads_link_the_licence_in_the_language_of_the_file(client, licence, extension):
    english = client.get(f"/en/data/key-figures.{extension}")
    japanese = client.get(f"/ja/data/key-figures.{extension}")

    assert english["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert japanese["Link"] == '<https://creativecommons.org/licenses/by/4.0/deed.ja>; rel="license"'


def test_downloads_without_a_licence_address_have_no_link_header(client):
    OpenDataLicence.objects.create(name_ja="独自の利用条件")

    assert not client.get("/en/data/key-figures.csv").has_header("Link")
    assert not client.get("/en/data/key-figures.json").has_header("Link")


def test_downloads_carry_validators_and_answer_a_repeated_request_with_304(client):
    CityFactory(slug="da-nang")
    KeyFigureFactory(city__slug="hue", reference_year=2023)

    response = client.get("/en/data/key-figures.csv")
    again = client.get("/en/data/key-figures.csv", HTTP_IF_NONE_MATCH=response["ETag"])

    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response.has_header("Last-Modified")
    assert again.status_code == 304
    assert again.content == b""


def test_downloads_leave_out_draft_and_unpublished_cities(client):
    goal = SDGGoal.objects.get(number=6)
    for slug, state in (("public", PublicationState.PUBLISHED), ("draft", PublicationState.DRAFT)):
        city = CityFactory(slug=slug, publication_state=state)
        KeyFigureFactory(city=city)
        SDGIndicatorFactory(evaluation=SDGEvaluationFactory(city=city), goal=goal)
        ProjectFactory(city=city, slug=f"{slug}-project", size_min=Decimal("1000000"), currency="JPY")
    CityFactory(slug="ended", publish_until=timezone.now() - datetime.timedelta(days=1))

    for slug in SLUGS:
        _header, rows = csv_table(client.get(f"/en/data/{slug}.csv"))
        assert {row[1] for row in rows} == {"public"}, slug


@pytest.mark.parametrize("path", ["/en/data/nothing.csv", "/ja/data/nothing.json", "/en/data/key-figures.xml"])
def test_an_unknown_dataset_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("extension", ["csv", "json"])
@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("cities", [1, 12])
def test_download_query_count_is_fixed(client, django_assert_num_queries, slug, extension, cities):
    goal = SDGGoal.objects.get(number=3)
    for number in range(cities):
        city = CityFactory(slug=f"city-{number:02}")
        KeyFigureFactory(city=city, reference_year=2020)
        KeyFigureFactory(city=city, reference_year=2021)
        evaluation = SDGEvaluationFactory(city=city, year=2022)
        SDGIndicatorFactory(evaluation=evaluation, goal=goal)
        SDGIndicatorFactory(evaluation=evaluation, goal=None)
        project = ProjectFactory(city=city, stage=ProjectStage.COMPLETED, slug=f"p-{number:02}")
        ProjectResultFactory(project=project)
        ProjectResultFactory(project=project)

    # The licence and the rows (cities.catalogue_api.ROWS_QUERIES); the JSON also the latest change of a city and
    # of the dataset's own rows.
    with django_assert_num_queries(ROWS_QUERIES[slug] + (1 if extension == "csv" else 3)):
        response = client.get(f"/en/data/{slug}.{extension}")

    assert response.status_code == 200
    rows = csv_table(response)[1] if extension == "csv" else json_document(response)["rows"]
    assert len(rows) == cities * {"key-figures": 2, "sdg-ratings": 4, "sdg-indicators": 2, "projects": 2}[slug]


# --- The page --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_catalogue_page_lists_every_dataset_with_its_downloads(client, language):
    CityFactory(slug="da-nang", name_ja="ダナン市", name_en="Da Nang")

    response = client.get(f"/{language}/data/")

    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    for slug in SLUGS:
        assert f'<a href="/{language}/data/{slug}.csv" download>' in html
        assert f'<a href="/{language}/data/{slug}.json" download>' in html
        assert f'<a href="/api/v1/data/{slug}/?lang={language}">API</a>' in html
    assert f'<a href="/{language}/cities/da-nang/data.csv" download>CSV' in html
    assert f'<a href="/{language}/cities/da-nang/data.json" download>JSON' in html
    title = {"ja": "<h1>オープンデータ</h1>", "en": "<h1>Open data</h1>"}[language]
    assert title in html
    assert "<code>value_max</code>" in html  # the columns of each dataset


@pytest.mark.parametrize(
    ("language", "terms"),
    [
        (
            "en",
            "No licence has been named for this data yet: ask the City of Yokohama (International Affairs Bureau, "
            "International Cooperation Division) before reusing it beyond citation.",
        ),
        ("ja", "このデータのライセンスはまだ定められていません。"),
    ],
)
def test_catalogue_page_without_a_licence_says_to_ask_the_city(client, language, terms):
    html = client.get(f"/{language}/data/").content.decode()

    assert terms in html
    assert 'rel="license"' not in html
    assert html.count({"en": "not named yet: ask the City of Yokohama", "ja": "未設定"}[language]) == len(DATASETS)


def test_catalogue_page_names_the_licence_with_every_download(client, licence):
    english = client.get("/en/data/").content.decode()
    japanese = client.get("/ja/data/").content.decode()

    assert (
        'This data is published under <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">'
        "Creative Commons Attribution 4.0</a>." in english
    )
    assert "<p>Credit the City of Yokohama.</p>" in english
    link = '<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0</a>'
    assert english.count(link) == len(DATASETS)
    assert 'rel="license">クリエイティブ・コモンズ 表示 4.0</a> の下で公開しています。' in japanese


def test_catalogue_page_with_a_licence_without_address_names_it(client):
    OpenDataLicence.objects.create(name_ja="独自条件", name_en="Own terms")

    html = client.get("/en/data/").content.decode()

    assert "<p>Published under Own terms.</p>" in html
    assert "Licence: Own terms</p>" in html


@pytest.mark.parametrize("cities", [1, 12])
def test_catalogue_page_query_count_is_fixed(client, django_assert_num_queries, cities):
    for number in range(cities):
        KeyFigureFactory(city=CityFactory(slug=f"city-{number:02}"))

    # The licence and the published cities; the page is then kept as fragments, which need neither.
    with django_assert_num_queries(2):
        response = client.get("/en/data/")
    with django_assert_num_queries(0):
        again = client.get("/en/data/")

    assert response.content.decode().count("/data.csv") == cities
    assert again.content == response.content


def test_catalogue_page_shows_a_licence_changed_on_another_app_server(client, licence):
    assert "Creative Commons Attribution 4.0" in client.get("/en/data/").content.decode()
    assert "Creative Commons Attribution 4.0" in client.get("/en/data/").content.decode()  # from its fragments

    OpenDataLicence.objects.filter(pk=licence.pk).update(
        name_en="Open Government Licence", url_en="https://example.com/ogl"
    )
    content_changed_on_another_app_server()
    html = client.get("/en/data/").content.decode()

    assert "Creative Commons Attribution 4.0" not in html
    assert '<a href="https://example.com/ogl" rel="license">Open Government Licence</a>' in html
    assert json_ld_of(client, "/en/data/")[0]["dataset"][0]["license"] == "https://example.com/ogl"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_catalogue_is_linked_from_every_page_s_footer_and_the_city_page(client, language):
    CityFactory(slug="da-nang")
    text = {"ja": "オープンデータ", "en": "Open data"}[language]

    home = client.get(f"/{language}/").content.decode()
    city = client.get(f"/{language}/cities/da-nang/").content.decode()

    assert f'<a href="/{language}/data/">{text}</a>' in home[home.index('<footer class="site-footer">') :]
    assert f'<p><a href="/{language}/data/">' in city


def test_catalogue_is_in_the_sitemap_with_the_later_of_the_cities_and_the_licence_changes(client, site_url, licence):
    city = CityFactory()
    City.objects.filter(pk=city.pk).update(updated_at=datetime.datetime(2030, 1, 2, tzinfo=datetime.UTC))
    OpenDataLicence.objects.filter(pk=licence.pk).update(updated_at=datetime.datetime(2030, 3, 4, tzinfo=datetime.UTC))

    entries = sitemap_entries(client)

    for language in ("ja", "en"):
        lastmod, alternates = entries[f"{site_url}/{language}/data/"]
        assert lastmod == "2030-03-04"
        assert alternates["x-default"] == f"{site_url}/ja/data/"


def test_catalogue_page_describes_its_datasets_as_a_schema_org_data_catalog(client, site_url, licence):
    catalogue, breadcrumbs = json_ld_of(client, "/en/data/")

    assert catalogue["@type"] == "DataCatalog"
    assert catalogue["url"] == f"{site_url}/en/data/"
    assert [dataset["name"] for dataset in catalogue["dataset"]] == [str(dataset.title) for dataset in DATASETS]
    key_figures = catalogue["dataset"][0]
    assert key_figures["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert key_figures["inLanguage"] == "en"
    assert key_figures["distribution"] == [
        {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": f"{site_url}/en/data/key-figures.csv"},
        {
            "@type": "DataDownload",
            "encodingFormat": "application/json",
            "contentUrl": f"{site_url}/en/data/key-figures.json",
        },
    ]
    assert breadcrumbs["itemListElement"][-1]["item"] == f"{site_url}/en/data/"


def test_catalogue_page_without_a_licence_names_none_in_its_structured_data(client):
    [catalogue, _breadcrumbs] = json_ld_of(client, "/ja/data/")

    assert catalogue["publisher"] == {"@type": "GovernmentOrganization", "name": "横浜市"}
    assert all("license" not in dataset for dataset in catalogue["dataset"])
