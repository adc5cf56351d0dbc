"""The registrations as a CSV or XLSX file, for the admin's export (export only: registrations come only from the
public form). Every cell is formula-safe and the CSV has a byte order mark (yport.spreadsheets)."""

from import_export import resources

from registrations.models import SUBMITTED_FIELDS, Registration
from yport.spreadsheets import SubmissionsResource, local_time, yes_no

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


class RegistrationResource(SubmissionsResource, resources.ModelResource):
    """One row per registration, every value as text in the language of the admin; the headers are the fields'
    names."""

    class Meta:
        model = Registration
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("conference")

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

    def dehydrate_mode(self, registration):
        return registration.get_mode_display()
