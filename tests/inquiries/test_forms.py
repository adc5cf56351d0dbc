import pytest
from django.utils import translation

from inquiries.forms import InquiryForm
from tests.factories import CityFactory, FieldOfCooperationFactory
from tests.inquiries.utils import form_data


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


@pytest.mark.django_db
def test_empty_form_builds_its_choices_once_per_content_version_and_a_sent_form_its_own():
    """The querysets carry the moment they were built (publish windows): the same moment while the version lasts."""

    def city_sql(form):
        return str(form.fields["city"].queryset.query)

    CityFactory()
    with translation.override("en"):
        empty = city_sql(InquiryForm())
        assert city_sql(InquiryForm()) == empty
        assert city_sql(InquiryForm(data=form_data())) != empty  # checked as of its arrival
        CityFactory()  # a content change: a new fragment version
        assert city_sql(InquiryForm()) != empty


def kana_form(language, **data):
    with translation.override(language):
        form = InquiryForm(data=form_data(**data))
        form.is_valid()
        return form


@pytest.mark.django_db
def test_japanese_form_converts_kana_readings_to_katakana():
    form = kana_form("ja", company_name_kana="かぶしきがいしゃ　よこはま", contact_person_kana="ﾔﾏﾀﾞ  ﾊﾅｺ")
    assert form.errors == {}
    assert form.submitted_data()["company_name_kana"] == "カブシキガイシャ ヨコハマ"
    assert form.submitted_data()["contact_person_kana"] == "ヤマダ ハナコ"


@pytest.mark.django_db
def test_japanese_form_kana_readings_are_optional():
    form = kana_form("ja")
    assert form.errors == {}
    assert (form.submitted_data()["company_name_kana"], form.submitted_data()["contact_person_kana"]) == ("", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("山田 はなこ", "山 田"),
        ("Yamada", "Y a m d"),
        ("ヤマダ-ハナコ", "-"),
        ("ヤマダ\u200bハナコ", "U+200B"),  # an invisible character is named, not shown
        ("ヤマダ<b>", "< b >"),
        ("横浜市中区本町六丁目五十番地の十", "横 浜 市 中 区 本 町 六 丁 目"),  # the first ten
    ],
)
def test_japanese_form_refuses_anything_but_kana_in_readings(typed, shown):
    form = kana_form("ja", contact_person_kana=typed)
    with translation.override("ja"):  # the message is translated when it is shown, as on the Japanese page
        assert form.errors == {
            "contact_person_kana": [
                f"フリガナはカタカナまたはひらがなで入力してください（「ー」「・」と空白は使えます）。使えない文字：{shown}"
            ]
        }


@pytest.mark.django_db
def test_kana_reading_error_reads_in_the_active_language():
    form = kana_form("ja", company_name_kana="ヨコハマ1")
    with translation.override("en"):
        assert form.errors["company_name_kana"] == [
            "Please write the reading in katakana or hiragana only (ー, ・ and spaces are fine). Not allowed: 1"
        ]


@pytest.mark.django_db
def test_kana_reading_length_is_checked_after_normalising():
    assert kana_form("ja", company_name_kana="㌀" * 50).errors == {}  # アパート × 50: 200 characters
    form = kana_form("ja", company_name_kana="㌀" * 51)
    with translation.override("ja"):
        assert form.errors == {
            "company_name_kana": ["この値は 200 文字以下でなければなりません( 204 文字になっています)。"]
        }


@pytest.mark.django_db
def test_english_form_has_no_kana_readings_and_ignores_them_if_sent():
    form = kana_form("en", company_name_kana="Not kana at all", contact_person_kana="山田")
    assert "company_name_kana" not in form.fields and "contact_person_kana" not in form.fields
    assert form.errors == {}
    data = form.submitted_data()
    assert "company_name_kana" not in data and "contact_person_kana" not in data
