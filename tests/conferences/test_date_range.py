import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from conferences.templatetags.conference_tags import format_date_range

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "ja", "en"),
    [
        (D(2022, 11, 24), D(2022, 11, 25), "2022年11月24日（木）〜25日（金）", "24–25 November 2022"),
        (D(2022, 11, 24), D(2022, 11, 24), "2022年11月24日（木）", "24 November 2022"),
        (D(2022, 11, 24), None, "2022年11月24日（木）", "24 November 2022"),
        (D(2022, 11, 30), D(2022, 12, 1), "2022年11月30日（水）〜12月1日（木）", "30 November – 1 December 2022"),
        (
            D(2022, 12, 31),
            D(2023, 1, 1),
            "2022年12月31日（土）〜2023年1月1日（日）",
            "31 December 2022 – 1 January 2023",
        ),
    ],
)
def test_format_date_range_in_each_language(start, end, ja, en):
    assert format_date_range(start, end, "ja") == ja
    assert format_date_range(start, end, "en") == en


def test_date_range_filter_follows_the_active_language():
    template = Template("{% load conference_tags %}{{ start|date_range:end }}")
    context = Context({"start": D(2022, 11, 24), "end": D(2022, 11, 25)})
    with translation.override("ja"):
        assert template.render(context) == "2022年11月24日（木）〜25日（金）"
    with translation.override("en"):
        assert template.render(context) == "24–25 November 2022"


def test_format_date_range_without_a_date_is_empty():
    assert format_date_range(None, None, "en") == ""
