"""The comparison of partner cities (``cities.compare``) as files: CSV (one row per city, as the page's table, UTF-8
with a byte order mark, formula-safe as the city downloads are) and JSON, in the active language."""

import csv
import io

from django.utils.translation import gettext as _

from cities.models import RatingLevel
from cities.opendata import cell


def exact(value) -> str:
    """A decimal written exactly, without trailing zeros: "1195490", "9.5" (never a float)."""
    return f"{value.normalize():f}"


def comparison_columns(context) -> list[tuple[str, str]]:
    """(key, header) of each column: the city, per kind its value, unit and year, per goal its rating, the VLR."""
    columns = [("city", _("City")), ("slug", _("Slug")), ("country", _("Country"))]
    for kind in context["kinds"]:
        label = str(kind.label)
        columns += [
            (f"{kind.kind}:value", label),
            (f"{kind.kind}:unit", _("%(figure)s: unit") % {"figure": label}),
            (f"{kind.kind}:year", _("%(figure)s: year") % {"figure": label}),
        ]
    for goal in context["goals"]:
        columns.append((f"goal:{goal.number}", _("SDG %(number)s rating") % {"number": goal.number}))
    columns += [("vlr_state", _("VLR state")), ("vlr_year", _("VLR year"))]
    for stage, label in context.get("project_stages", ()):  # HOOK: the projects work's columns
        columns.append((f"projects:{stage}", _("Projects: %(stage)s") % {"stage": label}))
    return columns


def comparison_row(context, row) -> dict:
    values = {"city": row.city.name, "slug": row.city.slug, "country": row.city.country.code}
    for kind, figure in zip(context["kinds"], row.figures, strict=True):
        if figure is not None:
            values[f"{kind.kind}:value"] = exact(figure.value)
            values[f"{kind.kind}:unit"] = figure.unit
            values[f"{kind.kind}:year"] = figure.reference_year
    for goal_cell in row.goals:
        values[f"goal:{goal_cell.goal.number}"] = goal_cell.rating
    if row.vlr is not None:
        values["vlr_state"] = row.vlr.state
        values["vlr_year"] = row.vlr.year
    for stage, count in (row.projects or {}).items():
        values[f"projects:{stage}"] = count
    return values


# Only numbers we write ourselves: a leading minus there is a negative number, not a formula.
NUMBER_SUFFIXES = (":value", ":year", "vlr_year")


def csv_cell(key, value) -> str:
    if value is None:
        return ""
    return cell("value" if key.endswith(NUMBER_SUFFIXES) else key, value)


def comparison_csv(context) -> bytes:
    """One row per city; values as written (a rating as its code: high, medium, low), empty where none."""
    columns = comparison_columns(context)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for _key, header in columns])
    for row in context["rows"]:
        values = comparison_row(context, row)
        writer.writerow([csv_cell(key, values.get(key)) for key, _header in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def comparison_json(context, request) -> dict:
    ratings = {level.value: str(level.label) for level in RatingLevel}
    return {
        "rating_labels": ratings,
        "key_figure_kinds": [
            {"kind": kind.kind, "label": str(kind.label), "common_year": kind.common_year} for kind in context["kinds"]
        ],
        "goals": [
            {"number": goal.number, "short_name": goal.short_name, "colour": goal.colour} for goal in context["goals"]
        ],
        "cities": [
            {
                "slug": row.city.slug,
                "name": row.city.name,
                "url": request.build_absolute_uri(row.city.get_absolute_url()),
                "country": row.city.country.code,
                "key_figures": {
                    kind.kind: {"value": exact(figure.value), "unit": figure.unit, "year": figure.reference_year}
                    for kind, figure in zip(context["kinds"], row.figures, strict=True)
                    if figure is not None
                },
                "sdg_ratings": {str(cell.goal.number): cell.rating for cell in row.goals if cell.rating},
                "vlr": {"state": row.vlr.state, "year": row.vlr.year, "title": row.vlr.title} if row.vlr else None,
                **({"projects": row.projects} if row.projects is not None else {}),
            }
            for row in context["rows"]
        ],
    }
