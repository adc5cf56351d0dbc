"""The export of registrations: CSV in UTF-8 with a byte order mark and XLSX, every text cell formula-safe, the
columns in the admin's language, only what the list holds (the chosen conference), its own permission."""

import csv
import io

import openpyxl
import pytest

from registrations.exports import EXPORT_COLUMNS, RegistrationResource
from registrations.models import Registration
from tests.factories import RegistrationFactory
from tests.helpers import admin_url, client_for
from tests.registrations.staff import conference_with_setup
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


@pytest.fixture
def staff(staff_user):
    return client_for(staff_user("registrar", REGISTRATION_STAFF))


def export(client, file_format, **filters):
    """Export the filtered list, as the list's export button does (format 0: CSV, 1: XLSX)."""
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    url = admin_url(Registration, "export") + (f"?{query}" if query else "")
    response = client.post(url, {"format": file_format, "registrationresource_id": "on"})
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response):
    assert response.content.startswith(BOM)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_bom_headers_and_japanese_text(staff):
    setup = conference_with_setup("export-conf")
    registration = RegistrationFactory(
        conference=setup.conference,
        name="山田 花子",
        name_kana="ヤマダ ハナコ",
        organisation="横浜市",
        news_opt_in=True,
    )
    response = export(staff, "0")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == [str(RegistrationResource.column_name(name)) for name in EXPORT_COLUMNS]
    row = dict(zip(EXPORT_COLUMNS, rows[0], strict=True))
    assert (row["ticket_code"], row["name"], row["name_kana"], row["organisation"]) == (
        registration.ticket_code,
        "山田 花子",
        "ヤマダ ハナコ",
        "横浜市",
    )
    assert (row["status"], row["mode"], row["country"], row["news_opt_in"], row["list_publicly"]) == (
        "confirmed",
        "on site",
        "Japan",
        "yes",
        "no",
    )
    assert "secret" not in EXPORT_COLUMNS and registration.secret not in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_and_xlsx_cells_never_start_a_formula(staff, start):
    setup = conference_with_setup("export-conf")
    RegistrationFactory(
        conference=setup.conference, name=f'{start}HYPERLINK("http://evil")', organisation=f"{start}1+1"
    )
    row = dict(zip(EXPORT_COLUMNS, csv_rows(export(staff, "0"))[1], strict=True))
    assert row["name"] == f'\'{start}HYPERLINK("http://evil")'
    assert row["organisation"] == f"'{start}1+1"

    sheet = openpyxl.load_workbook(io.BytesIO(export(staff, "1").content)).active
    values = dict(zip(EXPORT_COLUMNS, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert values["organisation"].startswith("'") and values["name"].startswith("'")
    assert all(sheet.cell(row=2, column=column).data_type != "f" for column in range(1, len(EXPORT_COLUMNS) + 1))


def test_export_holds_only_the_filtered_conference(staff):
    chosen = conference_with_setup("export-chosen")
    other = conference_with_setup("export-other")
    mine = RegistrationFactory(conference=chosen.conference)
    RegistrationFactory(conference=other.conference)
    rows = csv_rows(export(staff, "0", conference__id__exact=chosen.conference_id))[1:]
    assert [row[0] for row in rows] == [mine.ticket_code]


def test_export_headers_in_japanese_in_the_japanese_admin(staff):
    conference_with_setup("export-conf")
    response = staff.post(
        admin_url(Registration, "export", language="ja"), {"format": "0", "registrationresource_id": "on"}
    )
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[EXPORT_COLUMNS.index("status")] == "状態"
    assert header[EXPORT_COLUMNS.index("country")] == "国"
