"""Benchmark content of the cities app, for ``seed_benchmark``: synthetic partner cities (「ベンチマーク市17」 /
"Benchmark city 17") with a whole profile each: key figures, SDG self-evaluations with indicators, VLRs, fields of
cooperation (their projects are the projects app's). Drafts and published cities, some outside their publish window."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cities.models import (
    City,
    CityCooperation,
    FieldOfCooperation,
    IndicatorDirection,
    KeyFigure,
    KeyFigureKind,
    KeyFigureUnit,
    RatingLevel,
    SDGEvaluation,
    SDGGoal,
    SDGIndicator,
    VLRState,
    VoluntaryLocalReview,
)
from yport.benchmark import (
    SLUG_PREFIX,
    SYNTHETIC_EN,
    SYNTHETIC_JA,
    NoProgress,
    bench_slug,
    bulk_insert,
    missing_numbers,
    publication,
    rng_for,
)

COUNTRIES = ("VN", "PH", "TH", "ID", "MY", "IN", "LK", "BD", "MN", "KH", "LA", "MM", "NP", "JP")

# (Japanese, English): generic sector names, as a city would list them.
SECTORS = (
    ("観光・サービス", "Tourism and services"),
    ("港湾・物流", "Port and logistics"),
    ("ハイテク産業", "High-tech industry"),
    ("情報技術", "Information technology"),
    ("農水産業", "Agriculture and fisheries"),
    ("再生可能エネルギー", "Renewable energy"),
    ("上下水道", "Water supply and sewerage"),
    ("都市交通", "Urban transport"),
    ("廃棄物管理", "Waste management"),
    ("教育", "Education"),
    ("ヘルスケア", "Health care"),
    ("不動産開発", "Real estate development"),
)

RATINGS = (RatingLevel.HIGH, RatingLevel.MEDIUM, RatingLevel.LOW)

# One to three evaluations per city, three years apart: the same indicators (by code) in each make trends.
EVALUATION_YEARS = (2018, 2021, 2024)
# (Japanese unit, English unit, direction) of a benchmark indicator's value, by the indicator's number.
INDICATOR_KINDS = (
    ("%", "%", IndicatorDirection.HIGHER),
    ("m²/人", "m² per person", IndicatorDirection.HIGHER),
    ("t CO2/年", "t CO2 a year", IndicatorDirection.LOWER),
    ("件", "cases", IndicatorDirection.LOWER),
    ("%", "%", IndicatorDirection.LOWER),
    ("", "", ""),
)


def city_names(number: int) -> dict:
    return {"name_ja": f"ベンチマーク市{number}", "name_en": f"Benchmark city {number}"}


def build_city(number: int, now: datetime.datetime) -> City:
    rng = rng_for("city", number)
    sectors = rng.sample(SECTORS, rng.randint(3, 5))
    has_english = number % 7 != 0  # some cities have no English text yet and fall back to Japanese
    names = city_names(number)
    summary_ja = (
        f"{names['name_ja']}は、ベンチマーク用に生成した架空の都市です。{SYNTHETIC_JA}"
        "人口、面積、SDGsの自己評価、協力分野、プロジェクトなどの項目は、実際の都市のプロフィールと同じ量と形になるように"
        "作られていますが、内容はすべて架空です。\n\n" * 2
    ).strip()
    summary_en = (
        f"{names['name_en']} is an imaginary city generated for the benchmark. {SYNTHETIC_EN} Its population, area, "
        "SDG self-evaluation, fields of cooperation and projects have the size and shape of a real "
        "profile, but every value is invented.\n\n" * 2
    ).strip()
    return City(
        slug=bench_slug("city", number),
        country=COUNTRIES[number % len(COUNTRIES)],
        summary_ja=summary_ja,
        summary_en=summary_en if has_english else "",
        vision_ja=f"ビジョン（ベンチマーク）：{names['name_ja']}は持続可能な都市を目指します。{SYNTHETIC_JA}",
        vision_en=f"Vision (benchmark): {names['name_en']} aims to be a sustainable city. {SYNTHETIC_EN}"
        if has_english
        else "",
        cooperation_since=datetime.date(2010 + number % 14, 1 + number % 12, 1),
        agreement_name_ja=f"ベンチマーク協力覚書{number}",
        agreement_name_en=f"Benchmark memorandum of cooperation {number}" if has_english else "",
        development_sectors_ja="\n".join(ja for ja, _en in sectors),
        development_sectors_en="\n".join(en for _ja, en in sectors) if has_english else "",
        **names,
        **publication(number, now),
    )


def build_key_figures(city: City, number: int) -> list[KeyFigure]:
    rng = rng_for("city-figures", number)
    year = 2020 + number % 5
    source = {"source_ja": SYNTHETIC_JA, "source_en": SYNTHETIC_EN}
    values = [
        (KeyFigureKind.POPULATION, Decimal(rng.randrange(200_000, 10_000_000, 10)), None, KeyFigureUnit.PEOPLE),
        (KeyFigureKind.AREA, Decimal(rng.randint(100, 5_000)), None, KeyFigureUnit.KM2),
        (KeyFigureKind.HOSPITALS, Decimal(rng.randint(5, 120)), None, KeyFigureUnit.NUMBER),
        (KeyFigureKind.COMMERCIAL_FACILITIES, Decimal(rng.randint(10, 400)), None, KeyFigureUnit.NUMBER),
        (KeyFigureKind.DEVELOPMENT_INVESTMENT, Decimal(rng.randint(1, 90) * 100_000_000), None, KeyFigureUnit.USD),
        (KeyFigureKind.GRDP, Decimal(rng.randint(5, 900) * 10_000_000), None, KeyFigureUnit.USD),
    ]
    growth = rng.randint(1, 9)
    values.append((KeyFigureKind.GRDP_GROWTH, Decimal(growth), Decimal(growth + 1), KeyFigureUnit.PERCENT))
    if number % 3 == 0:
        values.insert(2, (KeyFigureKind.COASTLINE, Decimal(rng.randint(10, 300)), None, KeyFigureUnit.KM))
    figures = [
        KeyFigure(
            city=city,
            kind=kind,
            value=value,
            value_max=value_max,
            unit=unit,
            reference_year=year,
            order=order * 10,
            **source,
        )
        for order, (kind, value, value_max, unit) in enumerate(values, start=1)
    ]
    figures.append(
        KeyFigure(
            city=city,
            kind=KeyFigureKind.OTHER,
            label_ja="ベンチマーク指標",
            label_en="Benchmark indicator",
            value=Decimal(rng.randint(1, 999)),
            unit=KeyFigureUnit.NUMBER,
            reference_year=year,
            order=(len(values) + 1) * 10,
            **source,
        )
    )
    return figures


def build_evaluations(city: City, number: int) -> list[SDGEvaluation]:
    rng = rng_for("city-sdg", number)
    evaluations = []
    for year in EVALUATION_YEARS[: 1 + number % len(EVALUATION_YEARS)]:
        high, medium, low = rng.randint(5, 30), rng.randint(3, 20), rng.randint(1, 15)
        evaluations.append(
            SDGEvaluation(
                city=city,
                year=year,
                title_ja=f"SDGs自己評価{year}（ベンチマーク）",
                title_en=f"SDG self-evaluation {year} (benchmark)",
                method_ja=f"{high + medium + low}の目標を高・中・低の3段階で評価（{SYNTHETIC_JA}）",
                method_en=f"{high + medium + low} goals rated high, medium or low ({SYNTHETIC_EN})",
                goals_assessed=high + medium + low,
                high_count=high,
                medium_count=medium,
                low_count=low,
            )
        )
    return evaluations


def build_indicators(evaluation: SDGEvaluation, number: int, goals: list[SDGGoal]) -> list[SDGIndicator]:
    """3 to 6 itemised indicators, never more at a level than the evaluation counts there. The city's indicator
    ``order`` has the same code, goal, unit and direction in every year's evaluation, and a value that drifts from
    year to year (synthetic, labelled), so that the city page shows trends; the sixth has no value."""
    rng = rng_for(f"city-sdg-indicators-{evaluation.year}", number)
    city_rng = rng_for("city-sdg-indicator-goals", number)
    city_goals = [city_rng.choice(goals) if goals else None for _order in range(6)]
    bases = [Decimal(city_rng.randint(10, 900)) for _order in range(6)]
    left = {rating: evaluation.count_for(rating) for rating in RATINGS}
    step = EVALUATION_YEARS.index(evaluation.year) if evaluation.year in EVALUATION_YEARS else 0
    indicators = []
    for order in range(1, rng.randint(3, 6) + 1):
        rating = rng.choice([rating for rating in RATINGS if left[rating]])
        left[rating] -= 1
        unit_ja, unit_en, direction = INDICATOR_KINDS[order - 1]
        value = None
        if direction:
            value = bases[order - 1] * (1 + Decimal(rng.randint(-8, 12)) / 100 * step)
            value = value.quantize(Decimal("0.1"))
        indicators.append(
            SDGIndicator(
                evaluation=evaluation,
                code=f"benchmark-{order}",
                text_ja=f"ベンチマーク指標{order}",
                text_en=f"Benchmark indicator {order}",
                goal=city_goals[order - 1],
                rating=rating,
                order=order * 10,
                value=value,
                unit_ja=unit_ja if value is not None else "",
                unit_en=unit_en if value is not None else "",
                direction=direction,
                source_ja=SYNTHETIC_JA if value is not None else "",
                source_en=SYNTHETIC_EN if value is not None else "",
                baseline_year=EVALUATION_YEARS[0] if value is not None and order == 1 else None,
                baseline_value=bases[0] if value is not None and order == 1 else None,
                target_year=2030 if value is not None and order == 1 else None,
                target_value=(bases[0] * Decimal("1.5")).quantize(Decimal("0.1"))
                if value is not None and order == 1
                else None,
            )
        )
    return indicators


def build_vlrs(city: City, number: int) -> list[VoluntaryLocalReview]:
    states = (VLRState.PLANNED, VLRState.IN_PREPARATION, VLRState.PUBLISHED)
    return [
        VoluntaryLocalReview(
            city=city,
            title_ja=f"ベンチマーク市{number} VLR {index}",
            title_en=f"Benchmark city {number} VLR {index}",
            year=2020 + index,
            state=states[(number + index) % 3],
            # A published review needs a link (a database constraint); example.com is reserved for examples.
            url=f"https://example.com/benchmark/vlr/{number}/{index}"
            if states[(number + index) % 3] == VLRState.PUBLISHED
            else "",
        )
        for index in range(1, number % 3 + 1)
    ]


def build_cooperations(city: City, number: int, fields: list[FieldOfCooperation]) -> list[CityCooperation]:
    rng = rng_for("city-cooperation", number)
    chosen = rng.sample(fields, min(len(fields), rng.randint(2, 6)))
    start = 2012 + number % 8
    return [
        CityCooperation(
            city=city,
            field=field,
            start_year=start,
            end_year=None if index % 2 else start + 3,
            note_ja=SYNTHETIC_JA if index == 0 else "",
            note_en=SYNTHETIC_EN if index == 0 else "",
        )
        for index, field in enumerate(chosen)
    ]


def benchmark_cities():
    return City.objects.filter(slug__startswith=SLUG_PREFIX)


def seed(*, cities: int, progress=NoProgress) -> int:
    """Add the benchmark cities 1…``cities`` that do not exist yet, each with its whole profile; returns how many
    were added. Call inside a transaction."""
    now = timezone.now()
    numbers = missing_numbers(cities, benchmark_cities().values_list("slug", flat=True), "city")
    bar = progress("cities", len(numbers) * 2)
    new_cities = bulk_insert(City, [build_city(number, now) for number in numbers], progress=bar)
    fields = list(FieldOfCooperation.objects.order_by("order", "slug"))
    goals = list(SDGGoal.objects.order_by("number"))
    figures, evaluations, vlrs, cooperations = [], [], [], []
    numbers_by_city = {}
    for number, city in zip(numbers, new_cities, strict=True):
        numbers_by_city[city.pk] = number
        figures += build_key_figures(city, number)
        evaluations += build_evaluations(city, number)
        vlrs += build_vlrs(city, number)
        cooperations += build_cooperations(city, number, fields)
    bulk_insert(KeyFigure, figures)
    evaluations = bulk_insert(SDGEvaluation, evaluations)
    indicators = []
    for evaluation in evaluations:
        indicators += build_indicators(evaluation, numbers_by_city[evaluation.city_id], goals)
    bulk_insert(SDGIndicator, indicators)
    bulk_insert(VoluntaryLocalReview, vlrs)
    bulk_insert(CityCooperation, cooperations)
    bar.advance(len(numbers))
    bar.close()
    return len(numbers)


def delete() -> int:
    """Delete the benchmark cities and (cascading) their profiles; returns how many cities."""
    count = benchmark_cities().count()
    benchmark_cities().delete()
    return count
