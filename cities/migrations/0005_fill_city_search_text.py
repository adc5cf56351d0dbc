"""Fill ``search_text`` of the cities that existed before it did (later saves keep it up to date)."""

import unicodedata

from django.db import migrations
from django.utils import translation

LANGUAGES = ("ja", "en")
KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)} | {0x30FD: 0x309D, 0x30FE: 0x309E}
DROPPED = {0x30FB: None}
LATIN_FOLDS = {ord("đ"): "d", ord("ø"): "o", ord("ł"): "l", ord("ħ"): "h"}


def normalise(text):
    # Frozen copy of yport.search_text.normalise as of this migration.
    text = unicodedata.normalize("NFKC", text or "").casefold()
    decomposed = unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", "".join(c for c in decomposed if not 0x0300 <= ord(c) < 0x0370))
    text = text.translate(LATIN_FOLDS).translate(KATAKANA_TO_HIRAGANA).translate(DROPPED)
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return " ".join(text.split())


def search_text(row, field_names, extra=()):
    texts = [getattr(row, f"{name}_{code}", "") or "" for name in field_names for code in LANGUAGES]
    texts.extend(extra)
    return "\n".join(dict.fromkeys(normalise(text) for text in texts if text))


SEARCH_FIELDS = ("name", "summary", "vision", "agreement_name", "development_sectors")


def country_names(country):
    """``country`` is the field's value (django-countries' Country), whose name follows the active language."""
    names = []
    for language in LANGUAGES:
        with translation.override(language):
            names.append(str(country.name))
    return names


def fill_search_text(apps, schema_editor):
    City = apps.get_model("cities", "City")
    cities = list(City.objects.all())
    for city in cities:
        city.search_text = search_text(city, SEARCH_FIELDS, country_names(city.country))
    City.objects.bulk_update(cities, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0004_city_search_text"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
