import pytest
from django.utils import translation

from inquiries.forms import InquiryForm
from tests.factories import CityFactory, FieldOfCooperationFactory


def test_country_select_is_rendered_once_per_language_and_choice():
    with translation.override("ja"):
        japanese = str(InquiryForm()["country"])
        assert str(InquiryForm()["country"]) is japanese
        chosen = str(InquiryForm(data={"country": "VN"})["country"])
    with translation.override("en"):
        english = str(InquiryForm()["country"])
        assert str(InquiryForm()["country"]) is english
    assert '<option value="JP" selected>日本</option>' in japanese
    assert '<option value="JP" selected>Japan</option>' in english
    assert '<option value="VN" selected>' in chosen and chosen is not japanese


@pytest.mark.django_db
def test_city_and_fields_are_rendered_once_until_content_changes(django_assert_num_queries):
    city = CityFactory(name_en="Da Nang")
    with translation.override("en"):
        with django_assert_num_queries(2):
            city_select, fields = str(InquiryForm()["city"]), str(InquiryForm()["fields_of_interest"])
        with django_assert_num_queries(0):
            assert str(InquiryForm()["city"]) is city_select
            assert str(InquiryForm()["fields_of_interest"]) is fields
        city.name_en = "Danang City"
        city.save()
        FieldOfCooperationFactory(name_en="Energy")
        assert "Danang City" in str(InquiryForm()["city"])
        assert "Energy" in str(InquiryForm()["fields_of_interest"])
