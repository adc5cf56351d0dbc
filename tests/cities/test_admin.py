import io
from decimal import Decimal

import pytest
import tablib
from django.utils import translation
from import_export.formats import base_formats
from reversion.models import Version

from cities.models import (
    City,
    FieldOfCooperation,
    KeyFigure,
    KeyFigureKind,
    RatingLevel,
    SDGGoal,
    VLRState,
)
from cities.resources import COLUMNS, KeyFigureResource
from tests.factories import (
    CityCooperationFactory,
    CityFactory,
    KeyFigureFactory,
    SDGEvaluationFactory,
    SDGIndicatorFactory,
)
from tests.helpers import admin_url

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ("key_figures", "sdg_evaluations", "vlrs", "cooperations")


@pytest.fixture
def admin_client_en(client, admin_user):
    client.force_login(admin_user)
    return client


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def city_form_data(**overrides):
    data = {
        "name_ja": "セブ市",
        "name_en": "Cebu",
        "slug": "cebu",
        "country": "PH",
        "summary_ja": "概要",
        "summary_en": "Summary",
        "cooperation_since": "2012-06-01",
        "agreement_name_ja": "覚書",
        "agreement_name_en": "Memorandum",
        "vision_ja": "",
        "vision_en": "",
        "development_sectors_ja": "",
        "development_sectors_en": "",
        "hero_image_alt_ja": "",
        "hero_image_alt_en": "",
        "publication_state": "published",
        "publish_from_0": "",
        "publish_from_1": "",
        "publish_until_0": "",
        "publish_until_1": "",
    }
    for prefix in INLINE_PREFIXES:
        data.update(management_form(prefix, 0))
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "model_name",
    ["city", "sdgevaluation", "keyfigure", "fieldofcooperation", "sdggoal"],
)
def test_admin_changelist_loads(admin_client_en, model_name):
    city = CityFactory()
    KeyFigureFactory(city=city)
    SDGIndicatorFactory(evaluation=SDGEvaluationFactory(city=city))
    response = admin_client_en.get(admin_url(f"cities_{model_name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model_name", ["city", "sdgevaluation", "keyfigure", "fieldofcooperation"])
def test_admin_add_page_loads(admin_client_en, model_name):
    assert admin_client_en.get(admin_url(f"cities_{model_name}_add")).status_code == 200


def test_admin_change_pages_load(admin_client_en):
    city = CityFactory()
    figure = KeyFigureFactory(city=city)
    evaluation = SDGEvaluationFactory(city=city)
    SDGIndicatorFactory(evaluation=evaluation)
    CityCooperationFactory(city=city, field=FieldOfCooperation.objects.get(slug="port"))
    pages = [
        admin_url("cities_city_change", city.pk),
        admin_url("cities_city_history", city.pk),
        admin_url("cities_city_recoverlist"),
        admin_url("cities_sdgevaluation_change", evaluation.pk),
        admin_url("cities_keyfigure_change", figure.pk),
        admin_url("cities_keyfigure_import"),
        admin_url("cities_keyfigure_export"),
        admin_url("cities_fieldofcooperation_change", FieldOfCooperation.objects.get(slug="port").pk),
        admin_url("cities_sdggoal_change", SDGGoal.objects.get(number=1).pk),
    ]
    for page in pages:
        assert admin_client_en.get(page).status_code == 200, page


def test_admin_goals_cannot_be_added_or_deleted(admin_client_en):
    assert admin_client_en.get(admin_url("cities_sdggoal_add")).status_code == 403
    goal = SDGGoal.objects.get(number=1)
    assert admin_client_en.get(admin_url("cities_sdggoal_delete", goal.pk)).status_code == 403


def test_admin_city_list_filters_and_searches_both_languages(admin_client_en):
    port = FieldOfCooperation.objects.get(slug="port")
    da_nang = CityFactory(name_ja="ダナン市", name_en="Da Nang", country="VN")
    CityCooperationFactory(city=da_nang, field=port)
    CityFactory(name_ja="セブ市", name_en=None, country="PH")
    changelist = admin_url("cities_city_changelist")

    def names(query):
        response = admin_client_en.get(changelist, query)
        assert response.status_code == 200
        return sorted(city.name_ja for city in response.context["cl"].result_list)

    assert names({"q": "Da Nang"}) == ["ダナン市"]
    assert names({"q": "ダナン"}) == ["ダナン市"]
    assert names({"country": "PH"}) == ["セブ市"]
    assert names({"fields_of_cooperation__id__exact": str(port.pk)}) == ["ダナン市"]
    assert names({"english": "missing"}) == ["セブ市"]
    assert names({"english": "complete"}) == ["ダナン市"]


def test_staff_can_add_a_whole_city_in_the_admin(admin_client_en):
    port = FieldOfCooperation.objects.get(slug="port")
    data = city_form_data(
        **management_form("key_figures", 2),
        **{
            "key_figures-0-kind": "population",
            "key_figures-0-value": "964169",
            "key_figures-0-unit": "",
            "key_figures-0-order": "1",
            "key_figures-1-kind": "grdp_growth",
            "key_figures-1-value": "5",
            "key_figures-1-value_max": "6",
            "key_figures-1-unit": "percent",
            "key_figures-1-order": "2",
        },
        **management_form("sdg_evaluations", 1),
        **{
            "sdg_evaluations-0-title_ja": "自己評価",
            "sdg_evaluations-0-title_en": "Self-evaluation",
            "sdg_evaluations-0-goals_assessed": "10",
            "sdg_evaluations-0-high_count": "5",
            "sdg_evaluations-0-medium_count": "3",
            "sdg_evaluations-0-low_count": "2",
        },
        **management_form("vlrs", 1),
        **{"vlrs-0-title_ja": "VLR", "vlrs-0-state": "in_preparation"},
        **management_form("cooperations", 1),
        **{"cooperations-0-field": str(port.pk), "cooperations-0-start_year": "2020"},
    )

    response = admin_client_en.post(admin_url("cities_city_add"), data)

    assert response.status_code == 302, [fs.formset.errors for fs in response.context["inline_admin_formsets"]]
    city = City.objects.get(slug="cebu")
    assert city.name_en == "Cebu"
    assert [(f.kind, f.unit, f.value, f.value_max) for f in city.key_figures.all()] == [
        ("population", "people", Decimal("964169"), None),
        ("grdp_growth", "percent", Decimal("5"), Decimal("6")),
    ]
    evaluation = city.sdg_evaluations.get()
    assert (evaluation.high_count, evaluation.medium_count, evaluation.low_count) == (5, 3, 2)
    assert city.vlrs.get().state == VLRState.IN_PREPARATION
    assert list(city.fields_of_cooperation.all()) == [port]
    assert Version.objects.get_for_object(city).count() == 1
    with translation.override("en"):
        assert admin_client_en.get(city.get_absolute_url()).status_code == 200


def test_admin_refuses_evaluation_counts_that_do_not_add_up(admin_client_en):
    data = city_form_data(
        **management_form("sdg_evaluations", 1),
        **{
            "sdg_evaluations-0-title_ja": "自己評価",
            "sdg_evaluations-0-goals_assessed": "58",
            "sdg_evaluations-0-high_count": "35",
            "sdg_evaluations-0-medium_count": "12",
            "sdg_evaluations-0-low_count": "10",
        },
    )
    with translation.override("en"):
        response = admin_client_en.post(admin_url("cities_city_add"), data)
    assert response.status_code == 200
    assert not City.objects.filter(slug="cebu").exists()
    assert "The goals rated high, medium and low add up to 57, but 58 goals were assessed." in (
        response.content.decode()
    )


def indicator_data(evaluation, ratings):
    data = {
        "city": str(evaluation.city.pk),
        "title_ja": evaluation.title_ja,
        "title_en": evaluation.title_en,
        "year": str(evaluation.year),
        "method_ja": "",
        "method_en": "",
        "goals_assessed": str(evaluation.goals_assessed),
        "high_count": str(evaluation.high_count),
        "medium_count": str(evaluation.medium_count),
        "low_count": str(evaluation.low_count),
        **management_form("indicators", len(ratings)),
    }
    for index, rating in enumerate(ratings):
        data[f"indicators-{index}-text_ja"] = f"指標{index}"
        data[f"indicators-{index}-rating"] = rating
        data[f"indicators-{index}-goal"] = str(SDGGoal.objects.get(number=11).pk)
        data[f"indicators-{index}-order"] = str(index)
    return data


def test_admin_refuses_more_itemised_indicators_than_counted(admin_client_en):
    evaluation = SDGEvaluationFactory(goals_assessed=3, high_count=1, medium_count=1, low_count=1)
    change = admin_url("cities_sdgevaluation_change", evaluation.pk)

    response = admin_client_en.post(change, indicator_data(evaluation, [RatingLevel.LOW, RatingLevel.LOW]))

    assert response.status_code == 200
    assert "2 indicators are rated “low”, but the evaluation counts only 1 goals rated “low”." in (
        response.content.decode()
    )
    assert evaluation.indicators.count() == 0

    response = admin_client_en.post(change, indicator_data(evaluation, [RatingLevel.LOW, RatingLevel.HIGH]))
    assert response.status_code == 302
    assert sorted(evaluation.indicators.values_list("rating", flat=True)) == ["high", "low"]


def test_admin_refuses_lowering_counts_below_the_stored_indicators(admin_client_en):
    city = CityFactory(name_ja="セブ市", name_en="Cebu", slug="cebu", country="PH")
    evaluation = SDGEvaluationFactory(city=city, goals_assessed=3, high_count=2, medium_count=1, low_count=0)
    SDGIndicatorFactory(evaluation=evaluation, rating=RatingLevel.HIGH)
    SDGIndicatorFactory(evaluation=evaluation, rating=RatingLevel.HIGH)
    data = city_form_data(
        **management_form("sdg_evaluations", 1, initial=1),
        **{
            "sdg_evaluations-0-id": str(evaluation.pk),
            "sdg_evaluations-0-city": str(city.pk),
            "sdg_evaluations-0-title_ja": "自己評価",
            "sdg_evaluations-0-year": "2022",
            "sdg_evaluations-0-goals_assessed": "3",
            "sdg_evaluations-0-high_count": "1",
            "sdg_evaluations-0-medium_count": "1",
            "sdg_evaluations-0-low_count": "1",
        },
    )
    response = admin_client_en.post(admin_url("cities_city_change", city.pk), data)
    assert response.status_code == 200
    assert "2 indicators are rated “high”, but the evaluation counts only 1 goals rated “high”." in (
        response.content.decode()
    )
    evaluation.refresh_from_db()
    assert evaluation.high_count == 2


def test_admin_history_restores_an_earlier_version_with_its_figures(admin_client_en):
    port = FieldOfCooperation.objects.get(slug="port")
    first = city_form_data(
        **management_form("cooperations", 1),
        **{"cooperations-0-field": str(port.pk), "cooperations-0-start_year": "2019"},
    )
    assert admin_client_en.post(admin_url("cities_city_add"), first).status_code == 302
    city = City.objects.get(slug="cebu")
    cooperation = city.cooperations.get()
    second = city_form_data(
        name_en="Cebu City",
        **management_form("cooperations", 1, initial=1),
        **{
            "cooperations-0-id": str(cooperation.pk),
            "cooperations-0-city": str(city.pk),
            "cooperations-0-field": str(port.pk),
            "cooperations-0-start_year": "2019",
            "cooperations-0-DELETE": "on",
        },
    )
    assert admin_client_en.post(admin_url("cities_city_change", city.pk), second).status_code == 302
    city.refresh_from_db()
    assert city.name_en == "Cebu City"
    assert city.cooperations.count() == 0

    earliest = Version.objects.get_for_object(city).order_by("pk").first()
    revision_url = admin_url("cities_city_revision", city.pk, earliest.pk)
    response = admin_client_en.get(revision_url)
    assert response.status_code == 200
    [shown] = [
        form.instance
        for formset in response.context["inline_admin_formsets"]
        for form in formset.formset.forms
        if formset.formset.prefix == "cooperations"
    ]
    assert (shown.pk, shown.field) == (cooperation.pk, port)
    restore = city_form_data(
        **management_form("cooperations", 1, initial=1),
        **{
            "cooperations-0-id": str(cooperation.pk),
            "cooperations-0-city": str(city.pk),
            "cooperations-0-field": str(port.pk),
            "cooperations-0-start_year": "2019",
        },
    )
    assert admin_client_en.post(revision_url, restore).status_code == 302
    city.refresh_from_db()
    assert city.name_en == "Cebu"
    assert list(city.fields_of_cooperation.all()) == [port]


def test_admin_recovers_a_deleted_city(admin_client_en):
    assert admin_client_en.post(admin_url("cities_city_add"), city_form_data()).status_code == 302
    city = City.objects.get(slug="cebu")
    assert admin_client_en.post(admin_url("cities_city_delete", city.pk), {"post": "yes"}).status_code == 302
    assert not City.objects.filter(slug="cebu").exists()
    version = Version.objects.get_deleted(City).get()
    recover_url = admin_url("cities_city_recover", version.pk)
    assert admin_client_en.get(recover_url).status_code == 200
    assert admin_client_en.post(recover_url, city_form_data()).status_code == 302
    assert City.objects.get(slug="cebu").name_en == "Cebu"


def test_key_figures_export_has_the_documented_columns():
    city = CityFactory(slug="da-nang")
    KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, value=Decimal("1195490"), reference_year=2022)
    dataset = KeyFigureResource().export()
    assert tuple(dataset.headers) == COLUMNS
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["city"], row["kind"], row["reference_year"]) == ("da-nang", "population", "2022")


def test_key_figures_import_updates_matching_rows_and_adds_new_ones():
    city = CityFactory(slug="da-nang")
    existing = KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, value=Decimal("1000"), reference_year=2022)
    dataset = tablib.Dataset(headers=COLUMNS)
    dataset.append(("da-nang", "population", "2022", "1195490", "", "people", "", "", "出典", "Source", "1"))
    dataset.append(("da-nang", "population", "2023", "1220000", "", "people", "", "", "出典", "Source", "1"))
    dataset.append(("da-nang", "grdp_growth", "", "9", "10", "percent", "", "", "", "", "2"))

    result = KeyFigureResource().import_data(dataset, dry_run=False, raise_errors=True)

    assert not result.has_errors() and not result.has_validation_errors()
    existing.refresh_from_db()
    assert existing.value == Decimal("1195490")
    assert existing.source_en == "Source"
    assert KeyFigure.objects.filter(city=city).count() == 3
    growth = KeyFigure.objects.get(city=city, kind=KeyFigureKind.GRDP_GROWTH)
    assert (growth.reference_year, growth.value, growth.value_max) == (None, Decimal("9"), Decimal("10"))

    again = KeyFigureResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert KeyFigure.objects.filter(city=city).count() == 3
    assert [row.import_type for row in again.rows] == ["skip", "skip", "skip"]


def test_key_figures_import_reports_bad_rows():
    CityFactory(slug="da-nang")
    dataset = tablib.Dataset(headers=COLUMNS)
    dataset.append(("da-nang", "grdp_growth", "2022", "10", "9", "percent", "", "", "", "", "1"))
    result = KeyFigureResource().import_data(dataset, dry_run=True)
    assert result.has_validation_errors()
    assert KeyFigure.objects.count() == 0


def test_admin_import_accepts_a_csv_file(admin_client_en):
    CityFactory(slug="da-nang")
    csv = "city,kind,reference_year,value,value_max,unit,label_ja,label_en,source_ja,source_en,order\n"
    csv += "da-nang,coastline,2022,92,,km,,,出典,Source,3\n"
    upload = io.BytesIO(csv.encode())
    upload.name = "figures.csv"
    response = admin_client_en.post(
        admin_url("cities_keyfigure_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert KeyFigure.objects.count() == 0  # the first step only shows what would change

    response = admin_client_en.post(admin_url("cities_keyfigure_process_import"), confirm.initial)

    assert response.status_code == 302
    figure = KeyFigure.objects.get()
    assert (figure.city.slug, figure.kind, figure.reference_year, figure.value) == (
        "da-nang",
        "coastline",
        2022,
        Decimal("92"),
    )
    [version] = Version.objects.get_for_object(figure)
    assert version.revision.comment == "Imported from figures.csv"
    assert admin_client_en.get(admin_url("cities_keyfigure_changelist")).status_code == 200


def test_admin_refuses_duplicate_rows_instead_of_failing(admin_client_en):
    port = FieldOfCooperation.objects.get(slug="port")
    data = city_form_data(
        **management_form("key_figures", 2),
        **{
            f"key_figures-{index}-{name}": value
            for index in (0, 1)
            for name, value in (("kind", "population"), ("value", str(1000 + index)), ("order", "1"))
        },
        **management_form("cooperations", 2),
        **{f"cooperations-{index}-field": str(port.pk) for index in (0, 1)},
    )
    response = admin_client_en.post(admin_url("cities_city_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Each kind of figure may appear once per reference year." in html
    assert "Please correct the duplicate data for field." in html
    assert not City.objects.filter(slug="cebu").exists()


def test_key_figures_round_trip_through_xlsx():
    city = CityFactory(slug="da-nang")
    KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, value=Decimal("1000"), reference_year=2022)
    xlsx = base_formats.XLSX()
    exported = xlsx.export_data(KeyFigureResource().export())

    dataset = xlsx.create_dataset(exported)
    dataset.append(("da-nang", "area", 2022, 1285, None, "km2", None, None, None, None, 2))
    result = KeyFigureResource().import_data(dataset, dry_run=False, raise_errors=True)

    assert result.rows[1].import_type == "new"
    assert KeyFigure.objects.get(city=city, kind=KeyFigureKind.POPULATION).value == Decimal("1000")
    assert KeyFigure.objects.get(city=city, kind=KeyFigureKind.AREA).value == Decimal("1285")
