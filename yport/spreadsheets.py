"""Exports that staff open in a spreadsheet (django-import-export's CSV and XLSX): every text cell shown as the text
that was sent, never run as a formula, and CSV that Excel reads as UTF-8. Each app's export resource takes
``SpreadsheetSafeResource`` first in its bases and offers ``EXPORT_FORMATS``."""

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

# What a spreadsheet takes for the start of a formula (CSV injection): such a cell gets a leading apostrophe, as OWASP
# advises, so it is shown as the text that was sent. (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT would instead delete a
# leading "=" and leave "+", "-" and "@" alone.)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them).
SPREADSHEET_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def spreadsheet_text(value):
    """A cell's text as a spreadsheet should show it: never a formula, no characters it cannot hold."""
    if not isinstance(value, str):
        return value
    value = SPREADSHEET_ILLEGAL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value)
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


class ExcelCSV(base_formats.CSV):
    """CSV in UTF-8 with a byte order mark: without it Excel reads Japanese text as Shift_JIS and garbles it."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


# The formats an admin offers for an export of personal data: the CSV above and Excel's own format.
EXPORT_FORMATS = (ExcelCSV, base_formats.XLSX)


class SpreadsheetSafeResource:
    """Put first in the bases of an export resource (``resources.ModelResource``): every exported value goes
    through spreadsheet_text."""

    def export_field(self, field, instance, **kwargs):
        return spreadsheet_text(super().export_field(field, instance, **kwargs))


def local_time(value) -> str:
    """A moment as a cell shows it: local time to the minute (empty for none)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


class SubmissionsResource(SpreadsheetSafeResource):
    """Put first in the bases of the export resource (``resources.ModelResource``) of what people send through a
    public form (inquiries, registrations): one row per record, every value as text in the language of the admin. The
    headers are the fields' names (``column_name``; a computed column's in ``computed_columns``); the columns both
    forms have are written alike: when it was sent in local time, the status and language by their labels, the phone
    number in its international form, the country by its name."""

    computed_columns = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in self._meta.fields:
            self.fields[name].column_name = self.column_name(name)

    @classmethod
    def column_name(cls, name):
        """The header of an export column: the field's name, in the active language."""
        if name in cls.computed_columns:
            return cls.computed_columns[name]
        return cls._meta.model._meta.get_field(name).verbose_name

    def dehydrate_created_at(self, record):
        return local_time(record.created_at)

    def dehydrate_status(self, record):
        return record.get_status_display()

    def dehydrate_language(self, record):
        return record.get_language_display()

    def dehydrate_phone(self, record):
        return record.phone.as_international if record.phone else ""

    def dehydrate_country(self, record):
        return record.country.name if record.country else ""
