"""A partner city's key figures and SDG self-evaluations as one table (the CSV download), built from the same
serialized data as the JSON download and the API (cities/serializers.py), in the active language.

One row per figure, per count of an evaluation and per itemised indicator; every row names its reference year and
source (empty where the city gave none). Text cells that a spreadsheet would run as a formula are made safe by the
kernel's ``yport.spreadsheets.spreadsheet_text``, as in the staff exports."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yport.spreadsheets import spreadsheet_text

# (key, header) of each column, in order.
COLUMNS = (
    ("city", gettext_lazy("City")),
    ("dataset", gettext_lazy("Dataset")),
    ("item", gettext_lazy("Item")),
    ("value", gettext_lazy("Value")),
    ("value_max", gettext_lazy("Upper value")),
    ("unit", gettext_lazy("Unit")),
    ("rating", gettext_lazy("Rating")),
    ("sdg_goal", gettext_lazy("SDG goal")),
    ("reference_year", gettext_lazy("Reference year")),
    ("source", gettext_lazy("Source")),
)
# Columns that hold only numbers we wrote ourselves: a leading minus is a negative number there, not a formula.
NUMBER_COLUMNS = frozenset({"value", "value_max", "sdg_goal", "reference_year"})


def data_rows(data: dict) -> list[dict]:
    """The rows of the table for ``data``, a city serialized by ``CityDataSerializer``."""
    rows = []
    for figure in data["key_figures"]:
        rows.append(
            {
                "dataset": _("Key figures"),
                "item": figure["label"],
                "value": figure["value"],
                "value_max": figure["value_max"],
                "unit": figure["unit_label"],
                "reference_year": figure["reference_year"],
                "source": figure["source"],
            }
        )
    for evaluation in data["sdg_evaluations"]:
        common = {"reference_year": evaluation["year"], "source": evaluation["title"]}
        dataset = _("SDG self-evaluation")
        for item, key in (
            (_("Goals assessed"), "goals_assessed"),
            (_("Goals rated high"), "high_count"),
            (_("Goals rated medium"), "medium_count"),
            (_("Goals rated low"), "low_count"),
        ):
            rows.append({"dataset": dataset, "item": item, "value": evaluation[key], "unit": _("goals"), **common})
        for indicator in evaluation["indicators"]:
            rows.append(
                {
                    "dataset": _("SDG self-evaluation: examples"),
                    "item": indicator["text"],
                    "rating": indicator["rating_label"],
                    "sdg_goal": indicator["goal"]["number"] if indicator["goal"] else None,
                    **common,
                }
            )
    return [{"city": data["name"], **row} for row in rows]


def cell(key, value) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if key in NUMBER_COLUMNS else spreadsheet_text(text)


def data_csv(data: dict) -> bytes:
    """The table as CSV in UTF-8 with a byte order mark, which Excel needs to read it as UTF-8."""
    return tidy_csv(
        [str(header) for _key, header in COLUMNS],
        ([cell(key, row.get(key)) for key, _header in COLUMNS] for row in data_rows(data)),
    )


def tidy_csv(headers, rows) -> bytes:
    """``rows`` (lists of cells already made safe by ``cell`` or ``spreadsheet_text``) under ``headers`` as CSV in UTF-8
    with a byte order mark, which Excel needs to read it as UTF-8: the per-city downloads and the catalogue's."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_text(str(header)) for header in headers])
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
