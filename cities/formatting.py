"""Key figures written the way each language writes them.

Japanese: 1,195,490人 · 1,285 km² · 46億7千万 USD · 9–10%
English:  1,195,490 · 1,285 km² · USD 4.67 billion · 9–10 %
"""

from decimal import Decimal

from django.utils.translation import get_language

EN_DASH = "\u2013"
OKU = Decimal(100_000_000)
MAN = Decimal(10_000)
EN_SCALES = ((Decimal(1_000_000_000), "billion"), (Decimal(1_000_000), "million"))


def _plain(value):
    """1195490.0000 -> '1,195,490'; 4.6700 -> '4.67' (no trailing zeros, comma thousands separators)."""
    value = Decimal(value)
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _round(value, places=2):
    return Decimal(value).quantize(Decimal(1).scaleb(-places)).normalize()


def _usd_en(value, value_max=None):
    largest = value_max if value_max is not None else value
    for size, word in EN_SCALES:
        if largest >= size:
            numbers = _plain(_round(value / size))
            if value_max is not None:
                numbers = f"{numbers}{EN_DASH}{_plain(_round(value_max / size))}"
            return f"USD {numbers} {word}"
    numbers = _plain(value) if value_max is None else f"{_plain(value)}{EN_DASH}{_plain(value_max)}"
    return f"USD {numbers}"


def _man_ja(man):
    """Ten-thousands in the Japanese way: 7000 -> '7千万', 2500 -> '2,500万'."""
    if man % 1000 == 0:
        return f"{man // 1000}千万"
    return f"{man:,}万"


def _amount_ja(value):
    """4670000000 -> '46億7千万'; 1400000000 -> '14億'; amounts that do not round to 万 stay in digits."""
    value = Decimal(value)
    if value < MAN or value % MAN:
        return _plain(value)
    oku, rest = divmod(int(value), int(OKU))
    man = rest // int(MAN)
    text = f"{oku:,}億" if oku else ""
    if man:
        text += _man_ja(man)
    return text


def _usd_ja(value, value_max=None):
    amount = _amount_ja(value)
    if value_max is not None:
        amount = f"{amount}{EN_DASH}{_amount_ja(value_max)}"
    return f"{amount} USD"


def format_figure(value, unit, *, value_max=None, language=None):
    """The figure as text in ``language`` (default: the active language)."""
    if value is None:
        return ""
    language = (language or get_language() or "ja").split("-")[0]
    value = Decimal(value)
    value_max = Decimal(value_max) if value_max is not None else None
    if unit == "usd":
        return _usd_ja(value, value_max) if language == "ja" else _usd_en(value, value_max)
    number = _plain(value) if value_max is None else f"{_plain(value)}{EN_DASH}{_plain(value_max)}"
    if unit == "people":
        return f"{number}人" if language == "ja" else number
    if unit == "km2":
        return f"{number} km²"
    if unit == "km":
        return f"{number} km"
    if unit == "percent":
        return f"{number}%" if language == "ja" else f"{number} %"
    return number
