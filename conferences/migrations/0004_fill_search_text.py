"""Fill ``search_text`` of the rows that existed before it did (later saves keep it up to date)."""

import unicodedata

from django.db import migrations

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


SEARCH_FIELDS = {
    "Conference": ("title", "theme", "description", "venue", "organiser"),
    "Session": ("title", "summary"),
    "Speaker": ("name", "position", "organisation", "biography"),
}


def fill_search_text(apps, schema_editor):
    for model_name, field_names in SEARCH_FIELDS.items():
        model = apps.get_model("conferences", model_name)
        rows = list(model.objects.all())
        for row in rows:
            row.search_text = search_text(row, field_names)
        model.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0003_search_text"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
