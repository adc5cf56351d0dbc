"""The business inquiries as a CSV or XLSX file, for the admin's export (export only: inquiries come only from the
public form)."""

import re

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.formats import base_formats

from inquiries.models import SUBMITTED_FIELDS, Inquiry

EXPORT_COLUMNS = ("reference", "created_at", "status", "assignee", "language", *SUBMITTED_FIELDS)

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


class InquiryResource(resources.ModelResource):
    """One row per inquiry, every value as text in the language of the admin; the headers are the fields' names."""

    attachment_count = Field(attribute="attachment_count", column_name=_("attachments"))

    class Meta:
        model = Inquiry
        fields = (*EXPORT_COLUMNS, "attachment_count")
        export_order = (*EXPORT_COLUMNS, "attachment_count")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in EXPORT_COLUMNS:
            self.fields[name].column_name = Inquiry._meta.get_field(name).verbose_name

    def filter_export(self, queryset, **kwargs):
        return (
            queryset.select_related("city", "assignee")
            .prefetch_related("fields_of_interest")
            .annotate(attachment_count=Count("attachments"))
        )

    def export_field(self, field, instance, **kwargs):
        return spreadsheet_text(super().export_field(field, instance, **kwargs))

    def dehydrate_created_at(self, inquiry):
        return timezone.localtime(inquiry.created_at).strftime("%Y-%m-%d %H:%M")

    def dehydrate_status(self, inquiry):
        return inquiry.get_status_display()

    def dehydrate_assignee(self, inquiry):
        return inquiry.assignee.get_username() if inquiry.assignee else ""

    def dehydrate_language(self, inquiry):
        return inquiry.get_language_display()

    def dehydrate_phone(self, inquiry):
        return inquiry.phone.as_international if inquiry.phone else ""

    def dehydrate_country(self, inquiry):
        return inquiry.country.name if inquiry.country else ""

    def dehydrate_fields_of_interest(self, inquiry):
        return ", ".join(str(field) for field in inquiry.fields_of_interest.all())

    def dehydrate_city(self, inquiry):
        return str(inquiry.city) if inquiry.city else ""
