from django.utils import translation

from inquiries.forms import InquiryForm


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
