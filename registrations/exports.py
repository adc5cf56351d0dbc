"""The registrations as a CSV or XLSX file, for the admin's export (export only: registrations come only from the
public form). Every cell is formula-safe and the CSV has a byte order mark (yport.spreadsheets)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources

from registrations.models import SUBMITTED_FIELDS, Registration
from yport.spreadsheets import SpreadsheetSafeResource

# The columns, in order: what identifies the registration at the door, where it stands, then what the person sent.
# Not exported: the link secret, the submission token, the client network, the consent record.
EXPORT_COLUMNS = (
    "ticket_code",
    "conference",
    "status",
    "created_at",
    "confirmed_at",
    "checked_in_at",
    "language",
    *SUBMITTED_FIELDS,
)


def column_name(name):
    """The header of an export column: the field's name, in the active language."""
    return Registration._meta.get_field(name).verbose_name


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


class RegistrationResource(SpreadsheetSafeResource, resources.ModelResource):
    """One row per registration, every value as text in the language of the admin; the headers are the fields'
    names."""

    class Meta:
        model = Registration
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in EXPORT_COLUMNS:
            self.fields[name].column_name = column_name(name)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("conference")

    def dehydrate_created_at(self, registration):
        return local_time(registration.created_at)

    def dehydrate_confirmed_at(self, registration):
        return local_time(registration.confirmed_at)

    def dehydrate_checked_in_at(self, registration):
        return local_time(registration.checked_in_at)

    def dehydrate_list_publicly(self, registration):
        return yes_no(registration.list_publicly)

    def dehydrate_news_opt_in(self, registration):
        return yes_no(registration.news_opt_in)

    def dehydrate_conference(self, registration):
        return str(registration.conference)

    def dehydrate_status(self, registration):
        return registration.get_status_display()

    def dehydrate_mode(self, registration):
        return registration.get_mode_display()

    def dehydrate_language(self, registration):
        return registration.get_language_display()

    def dehydrate_phone(self, registration):
        return registration.phone.as_international if registration.phone else ""

    def dehydrate_country(self, registration):
        return registration.country.name if registration.country else ""
