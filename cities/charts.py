"""The SDG self-evaluation as a bar chart drawn on the server (inline SVG, no JavaScript).

Each rating level has its own pattern and a text label, so the chart reads without colour and in print; the
17 goal colours are kept for marking goals only."""

from dataclasses import dataclass

from django.utils.translation import gettext

from cities.formatting import format_figure
from cities.models import RatingLevel

# A narrow drawing, so that its text stays readable when a phone scales it down to the screen.
WIDTH = 400
LABEL_WIDTH = 78
VALUE_WIDTH = 82
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
TOP = 34
ROW_HEIGHT = 46
BAR_HEIGHT = 28
BOTTOM = 44

# Pattern (the <pattern> id suffix) of each rating level, dark to light: solid, diagonal hatching, dots.
PATTERNS = {RatingLevel.HIGH: "solid", RatingLevel.MEDIUM: "hatch", RatingLevel.LOW: "dots"}


@dataclass(frozen=True)
class Bar:
    level: str
    label: str
    count: int
    share: int
    y: float
    width: float
    pattern: str

    @property
    def bar_y(self):
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) / 2

    @property
    def text_y(self):
        return self.y + ROW_HEIGHT / 2 + 5

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


def tick_values(total):
    """0, a round step, …, and the total itself (the labelled end of the scale)."""
    if total <= 0:
        return [0]
    step = next(step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if total / step <= 6)
    values = list(range(0, total, step))
    if total - values[-1] < step / 2 and len(values) > 1:
        values.pop()
    return [*values, total]


def share_percent(count, total):
    return round(count * 100 / total) if total else 0


def sdg_chart_context(evaluation):
    """Everything the chart template needs: geometry, labels, and the text alternative."""
    total = evaluation.goals_assessed or 0
    scale = BAR_AREA / total if total else 0
    bars = [
        Bar(
            level=level,
            label=str(label),
            count=count,
            share=share_percent(count, total),
            y=TOP + index * ROW_HEIGHT,
            width=round(count * scale, 1),
            pattern=PATTERNS[level],
        )
        for index, (level, label, count) in enumerate(evaluation.rating_counts())
    ]
    plot_bottom = TOP + len(bars) * ROW_HEIGHT
    chart_id = f"sdg-chart-{evaluation.pk}"
    description = gettext(
        "Of %(total)s goals assessed, %(high)s are rated high, %(medium)s medium and %(low)s low."
    ) % {"total": total, "high": evaluation.high_count, "medium": evaluation.medium_count, "low": evaluation.low_count}
    return {
        "evaluation": evaluation,
        "chart_id": chart_id,
        "width": WIDTH,
        "height": plot_bottom + BOTTOM,
        "label_width": LABEL_WIDTH,
        "bar_area_end": LABEL_WIDTH + BAR_AREA,
        "bar_height": BAR_HEIGHT,
        "top": TOP,
        "plot_bottom": plot_bottom,
        "axis_label_y": plot_bottom + 36,
        "axis_label_x": LABEL_WIDTH + BAR_AREA / 2,
        "bars": bars,
        "ticks": [Tick(value=value, x=round(LABEL_WIDTH + value * scale, 1)) for value in tick_values(total)],
        "total": total,
        "description": description,
    }


# The sparkline of an indicator's series: a small line, its points, and the latest value marked.
SPARK_WIDTH = 120
SPARK_HEIGHT = 36
SPARK_PAD = 5


@dataclass(frozen=True)
class SparkPoint:
    year: int
    value: object
    x: float
    y: float


def sparkline_context(series):
    """Geometry and text alternative of ``series`` (``cities.sdg.IndicatorSeries``) as a sparkline; no drawing
    with fewer than two values."""
    points = series.points
    context = {"series": series, "width": SPARK_WIDTH, "height": SPARK_HEIGHT, "points": []}
    if len(points) < 2:
        return context
    values = [point.value for point in points]
    years = [point.year for point in points]
    low, high = min(values), max(values)
    span_value = (high - low) or 1
    span_year = (years[-1] - years[0]) or 1
    inner_width = SPARK_WIDTH - 2 * SPARK_PAD
    inner_height = SPARK_HEIGHT - 2 * SPARK_PAD
    spark_points = [
        SparkPoint(
            year=point.year,
            value=point.value,
            x=round(SPARK_PAD + (point.year - years[0]) * inner_width / span_year, 1),
            # A flat series is drawn across the middle.
            y=round(
                SPARK_PAD
                + (inner_height / 2 if high == low else float((high - point.value) / span_value) * inner_height),
                1,
            ),
        )
        for point in points
    ]
    trend = series.trend
    values_text = ", ".join(f"{point.year}: {format_figure(point.value, '')}" for point in points)
    context.update(
        points=spark_points,
        polyline=" ".join(f"{point.x},{point.y}" for point in spark_points),
        latest=spark_points[-1],
        description=gettext("%(indicator)s: %(values)s (%(trend)s)")
        % {"indicator": series.latest.text, "values": values_text, "trend": trend.label if trend else ""},
    )
    return context
