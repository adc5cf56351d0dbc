import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.utils import translation
from import_export.formats import base_formats

from inquiries.models import Inquiry, InquiryStatus
from inquiries.resources import EXPORT_COLUMNS, InquiryResource
from tests.factories import CityFactory, FieldOfCooperationFactory, InquiryFactory, ProjectFactory
from yport.spreadsheets import ExcelCSV, spreadsheet_text

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]
# Columns whose text comes from outside: what the company sent, names staff typed in.
OUTSIDE_TEXT = (
    "company name",
    "department",
    "contact person",
    "email address",
    "company website",
    "fields of interest",
    "partner city of interest",
    "project of interest",
    "message",
    "assignee",
)


def exported_rows(*inquiries):
    with translation.override("en"):
        dataset = InquiryResource().export(queryset=Inquiry.objects.filter(pk__in=[i.pk for i in inquiries]))
        return [dict(zip(dataset.headers, row, strict=True)) for row in dataset]


def test_export_has_the_columns_of_today_with_every_value_as_text(django_user_model):
    handler = django_user_model.objects.create_user("sato", is_staff=True)
    city = CityFactory(name_ja="ダナン", name_en="Da Nang")
    water = FieldOfCooperationFactory(slug="water", name_ja="水", name_en="Water")
    port = FieldOfCooperationFactory(slug="port-test", name_ja="港湾", name_en="Port")
    inquiry = InquiryFactory(
        company_name="Yokohama Water Co.",
        department="Overseas",
        contact_person="Taro Yamada",
        email="taro@example.com",
        phone="+81456714703",
        country="JP",
        website="https://example.com",
        city=city,
        project=ProjectFactory(city=city, title_en="Sewage treatment"),
        message="About water supply.",
        language="en",
        status=InquiryStatus.IN_PROGRESS,
        assignee=handler,
    )
    inquiry.fields_of_interest.set([water, port])
    Inquiry.objects.filter(pk=inquiry.pk).update(
        created_at=datetime.datetime(2026, 11, 28, 15, 30, tzinfo=datetime.UTC)  # 00:30 the next day in Tokyo
    )
    inquiry.refresh_from_db()
    assert inquiry.created_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).day == 29

    [row] = exported_rows(inquiry)

    assert row == {
        "reference number": inquiry.reference,
        "received": "2026-11-29 00:30",
        "status": "in progress",
        "assignee": "sato",
        "first answer due": inquiry.first_answer_due.isoformat(),
        "first answered": "",
        "replies sent": "0",
        "language": "English",
        "company name": "Yokohama Water Co.",
        "company name (kana)": "",  # asked for on the Japanese form only
        "department": "Overseas",
        "contact person": "Taro Yamada",
        "contact person (kana)": "",
        "email address": "taro@example.com",
        "phone number": "'+81 45-671-4703",  # a formula to a spreadsheet without the apostrophe
        "country": "Japan",
        "company website": "https://example.com",
        "fields of interest": "Port, Water",
        "partner city of interest": "Da Nang",
        "project of interest": "Sewage treatment",
        "message": "About water supply.",
        "attachments": "0",
    }
    assert len(EXPORT_COLUMNS) == len(row)


def test_export_leaves_empty_values_empty():
    [row] = exported_rows(InquiryFactory(phone="", website="", department=""))
    assert (row["phone number"], row["company website"], row["department"], row["assignee"]) == ("", "", "", "")
    assert (row["partner city of interest"], row["project of interest"], row["fields of interest"]) == ("", "", "")


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_every_outside_text_column_is_formula_escaped(django_user_model, start):
    text = f'{start}HYPERLINK("http://evil.example")'
    inquiry = InquiryFactory(
        company_name=text,
        department=text,
        contact_person=text,
        email=text,
        website=text,
        message=text,
        city=CityFactory(name_ja=text, name_en=text),
        project=ProjectFactory(title_ja=text, title_en=text),
        assignee=django_user_model.objects.create_user(text, is_staff=True),
    )
    inquiry.fields_of_interest.set([FieldOfCooperationFactory(slug="evil", name_ja=text, name_en=text)])

    [row] = exported_rows(inquiry)

    assert {column: row[column] for column in OUTSIDE_TEXT} == dict.fromkeys(OUTSIDE_TEXT, f"'{text}")


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_spreadsheet_text_escapes_formula_starts_anywhere_else_unchanged(start):
    assert spreadsheet_text(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_text(f"a{start}1") == f"a{start}1"
    assert spreadsheet_text("") == ""
    assert spreadsheet_text(None) is None


def test_xlsx_cells_are_text_never_formulas():
    inquiry = InquiryFactory(company_name="=1+1", message="@SUM(A1)\x0bend", phone="+81456714703")
    with translation.override("en"):
        dataset = InquiryResource().export(queryset=Inquiry.objects.filter(pk=inquiry.pk))
        workbook = openpyxl.load_workbook(io.BytesIO(base_formats.XLSX().export_data(dataset)))
    header, values = list(workbook.active.iter_rows(max_row=2))
    cells = {head.value: cell for head, cell in zip(header, values, strict=True)}

    assert {cell.data_type for cell in values if cell.value is not None} == {"s"}
    assert cells["company name"].value == "'=1+1"
    assert cells["phone number"].value == "'+81 45-671-4703"
    # A control character XLSX cannot hold is shown as a replacement character instead of failing the export.
    assert cells["message"].value == "'@SUM(A1)\N{REPLACEMENT CHARACTER}end"


def test_csv_format_starts_with_a_byte_order_mark():
    InquiryFactory(company_name="株式会社横浜")
    text = ExcelCSV().export_data(InquiryResource().export())
    assert text.startswith("\ufeff")
    assert "株式会社横浜" in text
    assert ExcelCSV().get_content_type() == "text/csv; charset=utf-8"
