import pytest

from inquiries.models import Inquiry
from inquiries.services.privacy import anonymise_inquiry
from inquiries.services.submission import submit_inquiry
from tests.inquiries.utils import DATA

pytestmark = pytest.mark.django_db


def test_anonymising_blanks_the_kana_readings():
    inquiry = submit_inquiry(
        data={**DATA, "company_name_kana": "アクメウォーター", "contact_person_kana": "ジェーン ドウ"},
        language="ja",
        client_address="192.0.2.1",
    )
    assert (inquiry.company_name_kana, inquiry.contact_person_kana) == ("アクメウォーター", "ジェーン ドウ")
    anonymise_inquiry(inquiry=inquiry)
    inquiry.refresh_from_db()
    assert (inquiry.company_name_kana, inquiry.contact_person_kana, inquiry.company_name) == ("", "", "")
    assert Inquiry.objects.filter(company_name_kana="アクメウォーター").count() == 0
