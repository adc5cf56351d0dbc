"""Partner cities side by side (``/<lang>/cities/compare/``, its CSV and JSON): one row per city with its key figures,
its rating per SDG goal and its Voluntary Local Review.

A fixed number of queries for any number of cities: the published cities, their key figures and reviews (two
prefetches), the 17 goals, and one query for the (evaluation, goal, rating) of every indicator of the chosen cities.

Key figures: per kind, each city's latest figure of that kind, labelled with its year; where the chosen cities'
years differ, the column says so (comparing a 2020 population with a 2024 one is the reader's call, not hidden).

Projects by stage: a row has ``projects`` ({stage: count}) and the page and downloads show the columns only when the
context has ``project_stages``; both come from the counter the projects app registers (``register_project_counts``,
from its AppConfig.ready(): cities does not import projects), in one more query."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from cities.models import City, KeyFigure, KeyFigureKind, RatingLevel, SDGGoal, SDGIndicator, VoluntaryLocalReview
from cities.sdg import goal_ratings

# The kinds compared (a figure of the kind "other" has a label of the city's own: not comparable).
COMPARED_KINDS = tuple(kind for kind in KeyFigureKind if kind != KeyFigureKind.OTHER)


@dataclass
class ComparedKind:
    kind: str
    label: str
    years: set = field(default_factory=set)

    @property
    def common_year(self):
        """The one year every shown figure of this kind is of, or None where they differ."""
        return next(iter(self.years)) if len(self.years) == 1 else None


@dataclass
class GoalCell:
    goal: SDGGoal
    rating: str | None


@dataclass
class ComparisonRow:
    city: City
    figures: list  # one KeyFigure or None per compared kind, in the kinds' order
    goals: list  # one GoalCell per goal, 1 to 17
    vlr: VoluntaryLocalReview | None
    projects: dict | None = None  # {stage: count}, where a project counter is registered (add_project_counts)
    figure_cells: list = field(default_factory=list)  # (figure, whether it names its year), for the page
    figure_cells_html: str = ""  # the page's cells, written in Python (see rating_cells)
    goal_cells_html: str = ""


@dataclass(frozen=True)
class FigureCell:
    figure: KeyFigure | None
    show_year: bool


def rating_cells() -> dict:
    """The grid's cell for each rating (and for none), written once per page: rendering 17 × 100 cells through the
    template language costs most of a second, joining these costs nothing. A rating reads as text (H/M/L with the
    word as its title) and as a pattern (the cell's class), not as colour alone."""
    short = {
        RatingLevel.HIGH: pgettext("SDG rating, short for high", "H"),
        RatingLevel.MEDIUM: pgettext("SDG rating, short for medium", "M"),
        RatingLevel.LOW: pgettext("SDG rating, short for low", "L"),
    }
    cells = {
        level.value: format_html(
            '<td class="compare-rating compare-rating-{}"><abbr title="{}">{}</abbr></td>',
            level.value,
            level.label,
            short[level],
        )
        for level in RatingLevel
    }
    cells[None] = format_html(
        '<td class="compare-rating"><span class="visually-hidden">{}</span></td>', gettext("not rated")
    )
    return cells


def figure_cell_html(cell: "FigureCell"):
    figure = cell.figure
    if figure is None:
        return mark_safe('<td class="number"><span class="meta">–</span></td>')
    if cell.show_year and figure.reference_year:
        return format_html(
            '<td class="number">{} <span class="meta">({})</span></td>', figure.formatted_value, figure.reference_year
        )
    return format_html('<td class="number">{}</td>', figure.formatted_value)


def published_cities():
    return City.objects.published().order_by("name", "pk")


def latest_by_kind(figures):
    latest = {}
    for figure in figures:
        current = latest.get(figure.kind)
        if current is None or (figure.reference_year or 0, figure.pk) > (current.reference_year or 0, current.pk):
            latest[figure.kind] = figure
    return latest


def comparison(cities: list[City]) -> dict:
    """The rows and columns for ``cities`` (published City rows, in the order shown)."""
    prefetch_related_objects(
        cities,
        Prefetch(
            "key_figures",
            queryset=KeyFigure.objects.filter(kind__in=COMPARED_KINDS),
            to_attr="compared_figures",
        ),
        Prefetch("vlrs", queryset=VoluntaryLocalReview.objects.all(), to_attr="compared_vlrs"),
    )
    goals = list(SDGGoal.objects.order_by("number"))
    rating_rows = {}
    indicator_rows = (
        SDGIndicator.objects.filter(evaluation__city__in=[city.pk for city in cities], goal__isnull=False)
        .values_list("evaluation__city_id", "evaluation__year", "evaluation_id", "goal__number", "rating")
        .order_by()
    )
    for city_id, *row in indicator_rows:
        rating_rows.setdefault(city_id, []).append(row)
    kinds = {kind: ComparedKind(kind, KeyFigureKind(kind).label) for kind in COMPARED_KINDS}
    rows = []
    for city in cities:
        latest = latest_by_kind(city.compared_figures)
        for kind, figure in latest.items():
            kinds[kind].years.add(figure.reference_year)
        ratings = goal_ratings(rating_rows.get(city.pk, ()))
        rows.append(
            ComparisonRow(
                city=city,
                figures=[latest.get(kind) for kind in COMPARED_KINDS],
                goals=[GoalCell(goal, ratings.get(goal.number)) for goal in goals],
                vlr=city.compared_vlrs[0] if city.compared_vlrs else None,  # the newest (the model's order)
            )
        )
    shown = [index for index, kind in enumerate(COMPARED_KINDS) if kinds[kind].years]
    cells = rating_cells()
    for row in rows:
        row.figures = [row.figures[index] for index in shown]
        row.figure_cells = [
            FigureCell(figure, kinds[COMPARED_KINDS[index]].common_year is None)
            for index, figure in zip(shown, row.figures, strict=True)
        ]
        # Safe pieces (format_html) joined: mark_safe adds nothing unescaped.
        row.figure_cells_html = mark_safe("".join(figure_cell_html(cell) for cell in row.figure_cells))
        row.goal_cells_html = mark_safe("".join(cells[cell.rating] for cell in row.goals))
    return {
        "rows": rows,
        "kinds": [kinds[COMPARED_KINDS[index]] for index in shown],
        "goals": goals,
        **add_project_counts(rows),
    }


# The registered project counter (register_project_counts): "count" and "stages".
PROJECT_COUNTER = {}


def register_project_counts(count, stages):
    """Show the cities' projects by stage: ``count(city_ids)`` returns {city id: {stage: count}} in one query and
    ``stages`` is the [(stage, label), …] of the columns. Called once, by the projects app's AppConfig.ready()."""
    PROJECT_COUNTER.update(count=count, stages=stages)


def add_project_counts(rows) -> dict:
    """Set ``row.projects = {stage: count}`` (every stage, 0 where none) on each row and return
    ``{"project_stages": [(stage, label), …]}``; nothing where no project counter is registered."""
    if not PROJECT_COUNTER:
        return {}
    stages = list(PROJECT_COUNTER["stages"])
    counts = PROJECT_COUNTER["count"]([row.city.pk for row in rows]) if rows else {}
    for row in rows:
        city_counts = counts.get(row.city.pk, {})
        row.projects = {stage: city_counts.get(stage, 0) for stage, _label in stages}
    return {"project_stages": stages}
