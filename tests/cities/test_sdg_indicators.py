"""SDG indicators with values: validation, series and trend, tidy rows, import under the approval rule, the API."""

from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cities.models import IndicatorDirection, RatingLevel, SDGGoal, SDGIndicator
from cities.resources import INDICATOR_COLUMNS, SDGIndicatorResource
from cities.sdg import Trend, goal_ratings, goal_summaries, trend_between
from tests.factories import CityFactory, SDGEvaluationFactory, SDGIndicatorFactory
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS, PUBLISHERS

pytestmark = pytest.mark.django_db


def goal(number):
    return SDGGoal.objects.get(number=number)


def city_with_series(*, slug="hue", values=((2018, "40"), (2021, "42"), (2024, "45")), direction="higher", **kwargs):
    """A city with one evaluation per year, each with the indicator "11-green" and its value of that year."""
    city = CityFactory(slug=slug, **kwargs)
    for year, value in values:
        evaluation = SDGEvaluationFactory(city=city, year=year)
        SDGIndicatorFactory(
            evaluation=evaluation,
            code="11-green",
            text_ja="一人当たり緑地面積",
            text_en="Green space per person",
            goal=goal(11),
            rating=RatingLevel.MEDIUM,
            value=Decimal(value) if value is not None else None,
            unit_en="m² per person",
            unit_ja="m²/人",
            direction=direction,
            source_ja="",
            source_en="",
        )
    return city


def test_indicator_baseline_and_target_must_be_complete_and_ordered():
    evaluation = SDGEvaluationFactory(year=2022)
    indicator = SDGIndicator(evaluation=evaluation, text_ja="指標", rating=RatingLevel.HIGH, baseline_year=2015)
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.error_dict["baseline_value"][0].code == "baseline_incomplete"

    indicator = SDGIndicator(
        evaluation=evaluation,
        text_ja="指標",
        rating=RatingLevel.HIGH,
        value=Decimal("5"),
        baseline_year=2023,
        baseline_value=Decimal("3"),
        target_year=2021,
        target_value=Decimal("9"),
    )
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    codes = {field: [item.code for item in errors] for field, errors in error.value.error_dict.items()}
    assert codes == {"baseline_year": ["baseline_after_value"], "target_year": ["target_before_value"]}


def test_indicator_unit_without_value_is_refused():
    indicator = SDGIndicator(evaluation=SDGEvaluationFactory(), text_ja="指標", rating=RatingLevel.LOW, unit_ja="%")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.error_dict["value"][0].code == "value_missing"


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"baseline_year": 2015}, "sdg_indicator_baseline_complete"),
        ({"target_value": Decimal("1")}, "sdg_indicator_target_complete"),
        (
            {"year": 2020, "baseline_year": 2021, "baseline_value": Decimal("1")},
            "sdg_indicator_baseline_not_after_value",
        ),
        ({"year": 2020, "target_year": 2019, "target_value": Decimal("1")}, "sdg_indicator_target_not_before_value"),
        (
            {"baseline_year": 2020, "baseline_value": 1, "target_year": 2020, "target_value": 2},
            "sdg_indicator_target_after_baseline",
        ),
    ],
)
def test_database_refuses_inconsistent_indicators(changes, constraint):
    indicator = SDGIndicatorFactory()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        SDGIndicator.objects.filter(pk=indicator.pk).update(**changes)


def test_database_refuses_a_code_twice_in_one_evaluation():
    first = SDGIndicatorFactory(code="11-green")
    with pytest.raises(IntegrityError), transaction.atomic():
        SDGIndicatorFactory(evaluation=first.evaluation, code="11-green")
    SDGIndicatorFactory(evaluation=first.evaluation, code="")
    SDGIndicatorFactory(evaluation=first.evaluation, code="")  # no code: any number


def test_value_year_is_its_own_else_the_evaluations():
    indicator = SDGIndicatorFactory(evaluation=SDGEvaluationFactory(year=2022), value=Decimal("1"))
    assert indicator.value_year == 2022
    indicator.year = 2021
    assert indicator.value_year == 2021


@pytest.mark.parametrize(
    ("earlier", "later", "direction", "trend"),
    [
        ("40", "45", IndicatorDirection.HIGHER, Trend.IMPROVING),
        ("40", "35", IndicatorDirection.HIGHER, Trend.WORSENING),
        ("40", "35", IndicatorDirection.LOWER, Trend.IMPROVING),
        ("40", "45", IndicatorDirection.LOWER, Trend.WORSENING),
        ("40", "40.4", IndicatorDirection.HIGHER, Trend.STABLE),
        ("0", "0", IndicatorDirection.LOWER, Trend.STABLE),
        ("40", "45", "", Trend.RISING),
        ("40", "30", "", Trend.FALLING),
    ],
)
def test_trend_between_two_values(earlier, later, direction, trend):
    assert trend_between(Decimal(earlier), Decimal(later), direction) == trend


def test_series_joins_the_same_indicator_across_evaluations_by_code():
    city = city_with_series(values=((2024, "45"), (2018, "40"), (2021, "42")))
    [summary] = goal_summaries(type(city).objects.with_open_data().get(pk=city.pk))
    [series] = summary.series
    assert [(point.year, point.value) for point in series.points] == [
        (2018, Decimal("40")),
        (2021, Decimal("42")),
        (2024, Decimal("45")),
    ]
    assert series.trend == Trend.IMPROVING
    assert series.latest.evaluation.year == 2024


def test_series_joins_indicators_without_code_by_goal_and_text():
    city = CityFactory()
    for year, value, text in ((2020, "10", "貧困世帯の割合"), (2023, "8", " 貧困世帯の割合 "), (2023, "3", "別の指標")):
        SDGIndicatorFactory(
            evaluation=SDGEvaluationFactory(city=city, year=year)
            if text != "別の指標"
            else city.sdg_evaluations.get(year=2023),
            text_ja=text,
            goal=goal(1),
            value=Decimal(value),
            direction=IndicatorDirection.LOWER,
        )
    [summary] = goal_summaries(type(city).objects.with_open_data().get(pk=city.pk))
    assert [len(series.points) for series in summary.series] == [2, 1]
    assert summary.series[0].trend == Trend.IMPROVING
    assert summary.series[1].trend is None  # one value: no trend


def test_indicator_without_values_has_no_trend():
    city = city_with_series(values=((2021, None), (2024, None)))
    [summary] = goal_summaries(type(city).objects.with_open_data().get(pk=city.pk))
    assert summary.series[0].points == [] and summary.series[0].trend is None


def test_goal_rating_is_the_newest_evaluations_lowest():
    rows = [
        (2020, 1, 11, RatingLevel.LOW),
        (2024, 2, 11, RatingLevel.HIGH),
        (2024, 2, 11, RatingLevel.MEDIUM),
        (2024, 2, 3, RatingLevel.HIGH),
        (None, 3, 5, RatingLevel.LOW),
        (2024, 2, None, RatingLevel.LOW),
    ]
    assert goal_ratings(rows) == {11: RatingLevel.MEDIUM, 3: RatingLevel.HIGH, 5: RatingLevel.LOW}


def test_tidy_rows_are_one_observation_per_row():
    city_with_series(values=((2021, "42"),))
    SDGIndicatorFactory(code="", value=None)
    with translation.override("en"):
        rows = SDGIndicator.objects.filter(evaluation__city__slug="hue").tidy_rows()
    assert rows == [
        {
            "city": "hue",
            "city_name": rows[0]["city_name"],
            "code": "11-green",
            "indicator": "Green space per person",
            "goal": 11,
            "year": 2021,
            "value": Decimal("42"),
            "unit": "m² per person",
            "direction": "higher",
            "rating": "medium",
            "baseline_year": None,
            "baseline_value": None,
            "target_year": None,
            "target_value": None,
            "source": "",
            "source_url": None,
            "evaluation": "SDG evaluation",
            "evaluation_year": 2021,
        }
    ]


def indicator_dataset(*rows):
    dataset = tablib.Dataset(headers=INDICATOR_COLUMNS)
    for row in rows:
        dataset.append([row.get(column, "") for column in INDICATOR_COLUMNS])
    return dataset


def test_indicator_import_updates_by_code_and_adds_new_ones():
    city = city_with_series(values=((2021, "42"),))
    SDGEvaluationFactory(city=city, year=2024)
    dataset = indicator_dataset(
        {
            "city": "hue",
            "evaluation_year": "2021",
            "code": "11-green",
            "goal": "11",
            "text_ja": "一人当たり緑地面積",
            "rating": "medium",
            "value": "43",
            "unit_ja": "m²/人",
            "direction": "higher",
            "source_en": "City statistics",
        },
        {
            "city": "hue",
            "evaluation_year": "2024",
            "code": "11-green",
            "goal": "11",
            "text_ja": "一人当たり緑地面積",
            "rating": "high",
            "value": "47",
            "unit_ja": "m²/人",
            "direction": "higher",
            "baseline_year": "2018",
            "baseline_value": "40",
            "target_year": "2030",
            "target_value": "55",
        },
    )

    result = SDGIndicatorResource().import_data(dataset, dry_run=False, raise_errors=True)

    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update", "new"]
    values = SDGIndicator.objects.filter(evaluation__city=city).order_by("evaluation__year")
    assert [(item.evaluation.year, item.value, item.source_en) for item in values] == [
        (2021, Decimal("43"), "City statistics"),
        (2024, Decimal("47"), ""),
    ]


def test_indicator_import_reports_an_unknown_evaluation_and_bad_baseline():
    city_with_series(values=((2021, "42"),))
    dataset = indicator_dataset(
        {"city": "hue", "evaluation_year": "1999", "code": "x", "text_ja": "指標", "rating": "high"},
        {
            "city": "hue",
            "evaluation_year": "2021",
            "code": "y",
            "text_ja": "指標",
            "rating": "high",
            "value": "1",
            "baseline_year": "2025",
            "baseline_value": "1",
        },
    )
    result = SDGIndicatorResource().import_data(dataset, dry_run=True)
    assert result.has_validation_errors()
    assert SDGIndicator.objects.count() == 1


@pytest.mark.parametrize(
    ("state", "groups", "refused"),
    [
        (PublicationState.PUBLISHED, (CONTENT_EDITORS,), True),
        (PublicationState.DRAFT, (CONTENT_EDITORS,), False),
        (PublicationState.PUBLISHED, (CONTENT_EDITORS, PUBLISHERS), False),
    ],
)
def test_indicator_import_follows_the_approval_rule_of_the_city(state, groups, refused, staff_user):
    user = staff_user("importer", *groups)
    city_with_series(values=((2021, "42"),), publication_state=state)
    dataset = indicator_dataset(
        {
            "city": "hue",
            "evaluation_year": "2021",
            "code": "11-green",
            "goal": "11",
            "text_ja": "一人当たり緑地面積",
            "rating": "medium",
            "value": "50",
            "unit_ja": "m²/人",
            "direction": "higher",
        },
    )
    result = SDGIndicatorResource().import_data(dataset, dry_run=False, user=user)
    assert result.has_validation_errors() is refused
    assert SDGIndicator.objects.get().value == (Decimal("42") if refused else Decimal("50"))


def test_indicator_export_has_the_documented_columns_and_imports_again():
    city_with_series(values=((2021, "42"),))
    dataset = SDGIndicatorResource().export()
    assert tuple(dataset.headers) == INDICATOR_COLUMNS
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert [str(row[name]) for name in ("city", "evaluation_year", "code", "goal", "value")] == [
        "hue",
        "2021",
        "11-green",
        "11",
        "42.0000",
    ]
    result = SDGIndicatorResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert [row.import_type for row in result.rows] == ["skip"]


def test_api_gives_each_indicator_its_value_year_baseline_target_and_source(client):
    city = city_with_series(values=((2021, "42.5"),))
    indicator = SDGIndicator.objects.get()
    indicator.baseline_year, indicator.baseline_value = 2015, Decimal("30")
    indicator.target_year, indicator.target_value = 2030, Decimal("55")
    indicator.source_en, indicator.source_url = "City statistics", "https://example.com/stats"
    indicator.save()

    data = client.get(f"/api/v1/cities/{city.slug}/?lang=en").json()

    [evaluation] = data["sdg_evaluations"]
    [item] = evaluation["indicators"]
    assert {name: item[name] for name in item if name not in ("text", "goal", "rating", "rating_label")} == {
        "code": "11-green",
        "value": "42.5",
        "unit": "m² per person",
        "year": 2021,
        "direction": "higher",
        "baseline_year": 2015,
        "baseline_value": "30",
        "target_year": 2030,
        "target_value": "55",
        "source": "City statistics",
        "source_url": "https://example.com/stats",
    }
