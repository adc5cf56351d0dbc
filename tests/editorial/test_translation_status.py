import pytest

from cities.models import City
from editorial.admin.translations import english_missing_condition, lacks_english
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_english_missing_condition_finds_rows_with_japanese_only_text():
    complete = CityFactory(summary_ja="概要", summary_en="Summary")
    missing_summary = CityFactory(summary_ja="概要", summary_en="")
    missing_name = CityFactory(name_en=None)
    empty_both = CityFactory(summary_ja="", summary_en="")

    missing = set(City.objects.filter(english_missing_condition(City)))

    assert missing == {missing_summary, missing_name}
    assert set(City.objects.exclude(english_missing_condition(City))) == {complete, empty_both}
    assert [lacks_english(city) for city in (complete, missing_summary, missing_name, empty_both)] == [
        False,
        True,
        True,
        False,
    ]
