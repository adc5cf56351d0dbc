"""SDG indicators over the years: the same indicator in a city's evaluations of different years makes a series of
(year, value), and its last two values a trend; a goal's rating in a city comes from its indicators.

Everything here works on rows already loaded (the city page's prefetch, the comparison's one query), so that a page
runs the same number of queries for one city or a hundred."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import IndicatorDirection, RatingLevel

# A change of at most this share of the earlier value counts as stable (rounding in a city's report is not a trend).
STABLE_SHARE = Decimal("0.01")

# Lowest first: where a goal's indicators are rated differently, the goal shows the lowest rating (the cautious
# reading; the goal's page lists each indicator's own rating).
RATING_RANK = {RatingLevel.LOW: 0, RatingLevel.MEDIUM: 1, RatingLevel.HIGH: 2}


class Trend(models.TextChoices):
    IMPROVING = "improving", pgettext_lazy("SDG trend", "improving")
    WORSENING = "worsening", pgettext_lazy("SDG trend", "worsening")
    STABLE = "stable", pgettext_lazy("SDG trend", "stable")
    RISING = "rising", pgettext_lazy("SDG trend", "rising")  # no direction given: a change, not a judgement
    FALLING = "falling", pgettext_lazy("SDG trend", "falling")


TREND_SYMBOLS = {
    Trend.IMPROVING: "↗",
    Trend.WORSENING: "↘",
    Trend.STABLE: "→",
    Trend.RISING: "↗",
    Trend.FALLING: "↘",
}


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal


def trend_between(earlier: Decimal, later: Decimal, direction: str) -> Trend:
    """The trend from ``earlier`` to ``later`` for an indicator whose ``direction`` says which way is better."""
    change = later - earlier
    if abs(change) <= abs(earlier) * STABLE_SHARE:
        return Trend.STABLE
    rising = change > 0
    if direction == IndicatorDirection.HIGHER:
        return Trend.IMPROVING if rising else Trend.WORSENING
    if direction == IndicatorDirection.LOWER:
        return Trend.WORSENING if rising else Trend.IMPROVING
    return Trend.RISING if rising else Trend.FALLING


def series_key(indicator):
    """What makes two indicators of different years the same one: their code, else their goal and Japanese text."""
    if indicator.code:
        return ("code", indicator.code)
    return ("text", indicator.goal_id, " ".join((indicator.text_ja or indicator.text or "").split()).casefold())


@dataclass
class IndicatorSeries:
    """One indicator across a city's evaluations, oldest first; ``latest`` is the newest evaluation's row."""

    key: tuple
    indicators: list = field(default_factory=list)

    @property
    def latest(self):
        return self.indicators[-1]

    @property
    def goal(self):
        return self.latest.goal

    @property
    def points(self) -> list[Point]:
        """The values by year (one per year: a later evaluation's value for the same year wins)."""
        by_year = {}
        for indicator in self.indicators:
            year = indicator.value_year
            if indicator.value is not None and year is not None:
                by_year[year] = indicator.value
        return [Point(year, value) for year, value in sorted(by_year.items())]

    @property
    def latest_point(self):
        points = self.points
        return points[-1] if points else None

    @property
    def trend(self) -> Trend | None:
        """From the value before the latest to the latest; None with fewer than two values."""
        points = self.points
        if len(points) < 2:
            return None
        return trend_between(points[-2].value, points[-1].value, self.latest.direction)

    @property
    def trend_symbol(self):
        return TREND_SYMBOLS.get(self.trend, "")

    @property
    def baseline(self):
        latest = self.latest
        return Point(latest.baseline_year, latest.baseline_value) if latest.baseline_year else None

    @property
    def target(self):
        latest = self.latest
        return Point(latest.target_year, latest.target_value) if latest.target_year else None

    @property
    def sources(self):
        """Each distinct (source, link) of the series' rows, newest first."""
        seen = {}
        for indicator in reversed(self.indicators):
            if indicator.source or indicator.source_url:
                seen.setdefault((indicator.source, indicator.source_url), None)
        return list(seen)


def evaluation_order(evaluation):
    return (evaluation.year is not None, evaluation.year or 0, evaluation.pk)


def city_series(city) -> list[IndicatorSeries]:
    """The city's indicators as series, from its prefetched evaluations (``City.objects.with_open_data()``), in
    goal order (indicators without a goal last), then in the newest evaluation's order."""
    series = {}
    for evaluation in sorted(city.sdg_evaluations.all(), key=evaluation_order):
        for indicator in evaluation.indicators.all():
            series.setdefault(series_key(indicator), IndicatorSeries(series_key(indicator))).indicators.append(
                indicator
            )
    return sorted(
        series.values(),
        key=lambda item: (
            item.goal is None,
            item.goal.number if item.goal else 0,
            item.latest.order,
            item.latest.pk,
        ),
    )


def lowest_rating(ratings):
    ratings = [rating for rating in ratings if rating in RATING_RANK]
    return min(ratings, key=RATING_RANK.__getitem__) if ratings else None


def goal_ratings(rows) -> dict[int, str]:
    """{goal number: rating} from ``rows`` of (evaluation year, evaluation pk, goal number, rating): for each goal,
    its indicators in the newest evaluation that rates it, the lowest of their ratings where they differ."""
    newest = {}
    for year, evaluation_pk, goal_number, rating in rows:
        if goal_number is None:
            continue
        order = (year is not None, year or 0, evaluation_pk)
        current = newest.get(goal_number)
        if current is None or order > current[0]:
            newest[goal_number] = (order, [rating])
        elif order == current[0]:
            current[1].append(rating)
    return {number: lowest_rating(ratings) for number, (_order, ratings) in newest.items()}


@dataclass
class GoalSummary:
    goal: object
    rating: str | None
    series: list

    @property
    def rating_label(self):
        return RatingLevel(self.rating).label if self.rating else ""


def goal_summaries(city) -> list[GoalSummary]:
    """Per goal the city's indicators touch: its rating and its indicators' series."""
    series = [item for item in city_series(city) if item.goal is not None]
    ratings = goal_ratings(
        (evaluation.year, evaluation.pk, indicator.goal.number if indicator.goal else None, indicator.rating)
        for evaluation in city.sdg_evaluations.all()
        for indicator in evaluation.indicators.all()
    )
    summaries = {}
    for item in series:
        goal = item.goal
        summaries.setdefault(goal.number, GoalSummary(goal, ratings.get(goal.number), [])).series.append(item)
    return list(summaries.values())


def tidy_row(indicator) -> dict:
    """One indicator row as one observation (``SDGIndicator.objects.tidy_rows()``), in the active language."""
    evaluation = indicator.evaluation
    return {
        "city": evaluation.city.slug,
        "city_name": evaluation.city.name,
        "code": indicator.code or None,
        "indicator": indicator.text,
        "goal": indicator.goal.number if indicator.goal_id else None,
        "year": indicator.value_year,
        "value": indicator.value,
        "unit": indicator.unit,
        "direction": indicator.direction or None,
        "rating": indicator.rating,
        "baseline_year": indicator.baseline_year,
        "baseline_value": indicator.baseline_value,
        "target_year": indicator.target_year,
        "target_value": indicator.target_value,
        "source": indicator.source,
        "source_url": indicator.source_url or None,
        "evaluation": evaluation.title,
        "evaluation_year": evaluation.year,
    }


TREND_HELP = _(
    "The trend compares an indicator's latest value with its value before (in the city's evaluation of an earlier "
    "year); a change of at most one per cent is stable."
)
