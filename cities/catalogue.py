"""The open-data catalogue (/<lang>/data/, docs/api.md): every dataset offered as a tidy table, declared once in
``DATASETS``. The page, the CSV and JSON downloads and the API (``cities/api.py``) all read it.

A dataset (``cities.datasets.Dataset``) names its columns (key, header, type, unit) and where its rows come from:
its source objects in the dataset's order and a function turning a list of them into rows, one observation per row,
a dict keyed by column key, only published cities, text in the active language, codes that stay the same in every
language, decimals as ``Decimal``. The downloads turn every object into rows, the API's pages only the objects of a
page. Adding a dataset of cities is one more ``Dataset(...)`` in ``DATASETS``; another app registers its own with
``register_dataset`` from its AppConfig.ready() (projects/apps.py)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cities.datasets import Column, Dataset, later
from cities.licence import OpenDataLicence
from cities.models import City, KeyFigure, KeyFigureUnit, RatingLevel, SDGEvaluation, SDGIndicator
from cities.opendata import tidy_csv
from cities.sdg import tidy_row
from cities.serializers import KeyFigureSerializer
from cities.sitemaps import CitySitemap
from yport.spreadsheets import spreadsheet_text

# The columns that name a row's city, shared by every dataset.
CITY_COLUMNS = (
    Column("city", gettext_lazy("City")),
    Column("city_slug", gettext_lazy("City code"), description=gettext_lazy("As in the city's address and the API.")),
    Column("country", gettext_lazy("Country"), description=gettext_lazy("ISO 3166-1 alpha-2 code.")),
)
SOURCE = Column("source", gettext_lazy("Source"))


def published_city_rows(model, *fields, city_path="city"):
    """``model``'s rows of published cities with those cities, only ``fields`` and what ``city_cells`` reads
    loaded; each dataset orders them (its city's code first)."""
    return (
        model.objects.filter(**{f"{city_path}__in": City.objects.published()})
        .select_related(city_path)
        .only(*fields, *(f"{city_path}__{name}" for name in ("slug", "name", "country")))
    )


def city_cells(city) -> dict:
    return {"city": city.name, "city_slug": city.slug, "country": city.country.code}


def key_figures():
    return published_city_rows(
        KeyFigure, "kind", "label", "value", "value_max", "unit", "reference_year", "source"
    ).order_by("city__slug", "city__pk", "order", "pk")


def key_figure_rows(figures):
    unit_labels = {unit: str(unit.label) for unit in KeyFigureUnit}  # translated once, not for every row
    for figure in figures:
        unit = KeyFigureSerializer.effective_unit(figure)
        yield {
            **city_cells(figure.city),
            "code": figure.kind,
            "item": capfirst(figure.display_label),
            "year": figure.reference_year,
            "value": figure.value,
            "value_max": figure.value_max,
            "unit": unit.value,
            "unit_label": unit_labels[unit],
            "source": figure.source,
        }


# (code, rating or None, the count's field, the row's name) of each count of an evaluation: its rows.
RATING_COUNTS = (
    ("sdg-goals-assessed", None, "goals_assessed", gettext_lazy("Goals assessed")),
    ("sdg-goals-rated", RatingLevel.HIGH, "high_count", gettext_lazy("Goals rated high")),
    ("sdg-goals-rated", RatingLevel.MEDIUM, "medium_count", gettext_lazy("Goals rated medium")),
    ("sdg-goals-rated", RatingLevel.LOW, "low_count", gettext_lazy("Goals rated low")),
)


def sdg_evaluations():
    return published_city_rows(
        SDGEvaluation, "year", "title", "goals_assessed", "high_count", "medium_count", "low_count"
    ).order_by("city__slug", "city__pk", F("year").desc(nulls_last=True), "pk")


def sdg_rating_rows(evaluations):
    for evaluation in evaluations:
        for code, rating, count, item in RATING_COUNTS:
            yield {
                **city_cells(evaluation.city),
                "code": code,
                "item": str(item),
                "goal": None,
                "rating": rating.value if rating else "",
                "rating_label": str(rating.label) if rating else "",
                "year": evaluation.year,
                "value": getattr(evaluation, count),
                "source": evaluation.title,
            }


def sdg_indicators():
    return (
        SDGIndicator.objects.of_published_cities()
        .for_tidy_rows()
        .order_by(
            "evaluation__city__slug",
            "evaluation__city__pk",
            F("evaluation__year").desc(nulls_last=True),
            "evaluation__pk",
            "order",
            "pk",
        )
    )


def sdg_indicator_rows(indicators):
    rating_labels = {level.value: str(level.label) for level in RatingLevel}
    for indicator in indicators:
        row = tidy_row(indicator)
        yield {
            **row,
            **city_cells(indicator.evaluation.city),
            "rating_label": rating_labels.get(row["rating"], row["rating"]),
        }


YEAR = Column("year", gettext_lazy("Year"), "integer")
EVALUATION_YEAR = Column(
    "year", gettext_lazy("Year of evaluation"), "integer", description=gettext_lazy("Empty where the city gave none.")
)
GOAL = Column("goal", gettext_lazy("SDG goal"), "integer", description=gettext_lazy("1 to 17; empty for all goals."))
RATING = Column("rating", gettext_lazy("Rating code"), description=gettext_lazy("high, medium or low."))
RATING_LABEL = Column("rating_label", gettext_lazy("Rating"))

# The datasets, in the order the page lists them. Another app adds its own with ``register_dataset`` from its
# AppConfig.ready() (a content app that cities may not import, e.g. projects): before any URLconf is imported.
DATASETS = [
    Dataset(
        slug="key-figures",
        title=gettext_lazy("Key figures of the partner cities"),
        description=gettext_lazy(
            "Population, area, GRDP and the other figures on each city's page: one figure per row, with its "
            "reference year, unit and source."
        ),
        columns=(
            *CITY_COLUMNS,
            Column("code", gettext_lazy("Code"), description=gettext_lazy("The kind of figure, e.g. population.")),
            Column("item", gettext_lazy("Item")),
            Column("year", gettext_lazy("Reference year"), "integer", description=gettext_lazy("Empty if not given.")),
            Column("value", gettext_lazy("Value"), "decimal"),
            Column("value_max", gettext_lazy("Upper value"), "decimal", description=gettext_lazy("Only for a range.")),
            Column("unit", gettext_lazy("Unit code"), description=gettext_lazy("The unit of value and upper value.")),
            Column("unit_label", gettext_lazy("Unit")),
            SOURCE,
        ),
        objects=key_figures,
        rows_of=key_figure_rows,
        changed=("updated_at",),
    ),
    Dataset(
        slug="sdg-ratings",
        title=gettext_lazy("SDG self-evaluations: ratings"),
        description=gettext_lazy(
            "How many goals each city assessed and rated high, medium and low in its own SDG self-evaluation: one "
            "count per row, with the year of the evaluation and its title as the source."
        ),
        columns=(
            *CITY_COLUMNS,
            Column(
                "code",
                gettext_lazy("Code"),
                description=gettext_lazy("sdg-goals-assessed, or sdg-goals-rated with a rating."),
            ),
            Column("item", gettext_lazy("Item")),
            GOAL,
            RATING,
            RATING_LABEL,
            EVALUATION_YEAR,
            Column("value", gettext_lazy("Value"), "integer", unit=gettext_lazy("goals")),
            SOURCE,
        ),
        objects=sdg_evaluations,
        rows_of=sdg_rating_rows,
        rows_per_object=len(RATING_COUNTS),
        changed=("updated_at",),
    ),
    Dataset(
        slug="sdg-indicators",
        title=gettext_lazy("SDG self-evaluations: indicators"),
        description=gettext_lazy(
            "The indicators the cities name in their SDG self-evaluations: one indicator per row, with its goal, "
            "its rating, the evaluation and its year, and where the city gives them its value, baseline, target "
            "and source."
        ),
        columns=(
            *CITY_COLUMNS,
            Column("evaluation_year", EVALUATION_YEAR.title, "integer", description=EVALUATION_YEAR.description),
            Column("evaluation", gettext_lazy("Evaluation")),
            GOAL,
            Column(
                "code",
                gettext_lazy("Indicator code"),
                description=gettext_lazy("The same in the city's evaluations of other years; empty if not given."),
            ),
            Column("indicator", gettext_lazy("Indicator")),
            RATING,
            RATING_LABEL,
            Column("year", gettext_lazy("Year of the value"), "integer"),
            Column("value", gettext_lazy("Value"), "decimal", description=gettext_lazy("Empty if not given.")),
            Column("unit", gettext_lazy("Unit")),
            Column("direction", gettext_lazy("Direction"), description=gettext_lazy("higher or lower is better.")),
            Column("baseline_year", gettext_lazy("Baseline year"), "integer"),
            Column("baseline_value", gettext_lazy("Baseline value"), "decimal"),
            Column("target_year", gettext_lazy("Target year"), "integer"),
            Column("target_value", gettext_lazy("Target value"), "decimal"),
            SOURCE,
            Column("source_url", gettext_lazy("Link to the source")),
        ),
        objects=sdg_indicators,
        rows_of=sdg_indicator_rows,
        changed=("updated_at", "evaluation__updated_at"),
    ),
]
DATASETS_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


def register_dataset(dataset: Dataset):
    """Offer ``dataset`` in the catalogue (page, downloads, API) after the others; once per slug."""
    if dataset.slug in DATASETS_BY_SLUG:
        raise ValueError(f"A dataset {dataset.slug!r} is already in the catalogue.")
    DATASETS.append(dataset)
    DATASETS_BY_SLUG[dataset.slug] = dataset


def json_value(column: Column, value):
    """A cell as JSON writes it: decimals as exact text ("1195490", "9.5"), as everywhere in the API."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def json_rows(dataset: Dataset, rows: Iterable[dict]) -> list[dict]:
    return [{column.key: json_value(column, row.get(column.key)) for column in dataset.columns} for row in rows]


COLUMN_TYPES = frozenset({"string", "integer", "decimal"})
NUMBER_TYPES = frozenset({"integer", "decimal"})


def csv_cell(column: Column, value) -> str:
    """A cell as the CSV writes it: numbers as they are (a negative figure stays -3.5), text made safe from
    spreadsheet formulas (``spreadsheet_text``)."""
    if value is None:
        return ""
    text = str(json_value(column, value))
    return text if column.type in NUMBER_TYPES else spreadsheet_text(text)


def dataset_csv(dataset: Dataset, rows: Iterable[dict]) -> bytes:
    return tidy_csv(
        [column.title for column in dataset.columns],
        ([csv_cell(column, row.get(column.key)) for column in dataset.columns] for row in rows),
    )


def licence_metadata(licence: OpenDataLicence) -> dict:
    """The licence as the JSON downloads and the API state it; ``terms`` is the sentence the page shows."""
    if licence.is_stated:
        terms = _("Published under %(licence)s.") % {"licence": licence.name}
    else:
        terms = _(
            "No licence has been named for this data yet: ask the City of Yokohama (International Affairs "
            "Bureau, International Cooperation Division) before reusing it beyond citation."
        )
    return {
        "name": licence.name or None,
        "url": licence.url or None,
        "note": licence.note,
        "terms": terms,
    }


def latest_change(licence: OpenDataLicence, city_change=None, datasets: Iterable[Dataset] = ()):
    """The last change of what the catalogue shows: of a published city (``city_change``, the city list's; read if
    not given), of the licence, or of what ``datasets`` show (``Dataset.latest_change``, a query each). Of one
    dataset: its JSON's and the API's ``modified``; of them all: the sitemap's lastmod of /data/."""
    return later(
        city_change or CitySitemap().latest_change(),
        licence.updated_at,
        *(dataset.latest_change() for dataset in datasets),
    )


def dataset_links(dataset: Dataset, request) -> dict:
    language = get_language()
    return {
        "csv_url": request.build_absolute_uri(reverse("cities:dataset_csv", kwargs={"dataset": dataset.slug})),
        "json_url": request.build_absolute_uri(reverse("cities:dataset_json", kwargs={"dataset": dataset.slug})),
        "api_url": request.build_absolute_uri(reverse(f"api:data-{dataset.slug}")) + f"?lang={language}",
    }


def dataset_metadata(dataset: Dataset, *, licence: OpenDataLicence, modified, request) -> dict:
    """What the JSON download says about its rows, and the API's catalogue about each dataset; ``modified`` is
    ``latest_change(licence, datasets=[dataset])``."""
    return {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "language": get_language(),
        "publisher": _("City of Yokohama, International Affairs Bureau, International Cooperation Division"),
        "source": _("The partner cities' own figures and evaluations; each row names its source."),
        "licence": licence_metadata(licence),
        "modified": modified.isoformat(timespec="seconds") if modified else None,
        "url": request.build_absolute_uri(reverse("cities:data_catalogue")),
        **dataset_links(dataset, request),
        "columns": [
            {
                "key": column.key,
                "title": str(column.title),
                "type": column.type,
                "unit": str(column.unit) or None,
                "description": str(column.description),
            }
            for column in dataset.columns
        ],
    }


def dataset_document(dataset: Dataset, rows: Iterable[dict], *, licence: OpenDataLicence, request) -> dict:
    """The JSON download: the dataset's metadata, when it was generated, and its rows."""
    return {
        **dataset_metadata(
            dataset, licence=licence, modified=latest_change(licence, datasets=[dataset]), request=request
        ),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "rows": json_rows(dataset, rows),
    }
