from decimal import Decimal

import pytest
from django.utils import translation

from cities.formatting import format_figure
from cities.models import KeyFigureKind, KeyFigureUnit
from tests.factories import KeyFigureFactory


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "japanese", "english"),
    [
        ("1195490", None, "people", "1,195,490人", "1,195,490"),
        ("1285", None, "km2", "1,285 km²", "1,285 km²"),
        ("92", None, "km", "92 km", "92 km"),
        ("22", None, "number", "22", "22"),
        ("1400000000", None, "usd", "14億 USD", "USD 1.4 billion"),
        ("4670000000", None, "usd", "46億7千万 USD", "USD 4.67 billion"),
        ("350000000", None, "usd", "3億5千万 USD", "USD 350 million"),
        ("25000000", None, "usd", "2,500万 USD", "USD 25 million"),
        ("12345", None, "usd", "12,345 USD", "USD 12,345"),
        ("9", "10", "percent", "9–10%", "9–10 %"),
        ("4.5000", None, "percent", "4.5%", "4.5 %"),
        ("1000000000", "2000000000", "usd", "10億–20億 USD", "USD 1–2 billion"),
        ("0", None, "number", "0", "0"),
    ],
)
def test_format_figure_in_both_languages(value, value_max, unit, japanese, english):
    upper = Decimal(value_max) if value_max else None
    assert format_figure(Decimal(value), unit, value_max=upper, language="ja") == japanese
    assert format_figure(Decimal(value), unit, value_max=upper, language="en") == english


def test_format_figure_uses_the_active_language():
    with translation.override("ja"):
        assert format_figure(Decimal("1195490"), "people") == "1,195,490人"
    with translation.override("en"):
        assert format_figure(Decimal("1195490"), "people") == "1,195,490"


def test_format_figure_of_nothing_is_empty():
    assert format_figure(None, "usd", language="en") == ""


@pytest.mark.django_db
def test_key_figure_formats_with_the_usual_unit_of_its_kind_when_unit_is_empty():
    figure = KeyFigureFactory(kind=KeyFigureKind.GRDP, value=Decimal("4670000000"), unit="")
    with translation.override("en"):
        assert figure.formatted_value == "USD 4.67 billion"
        assert figure.display_label == "gross regional domestic product (GRDP)"
    figure.full_clean()
    assert figure.unit == KeyFigureUnit.USD
