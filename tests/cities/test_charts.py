import re

import pytest
from django.template import Context, Template
from django.utils import translation

from cities.charts import sdg_chart_context, tick_values
from tests.factories import SDGEvaluationFactory

pytestmark = pytest.mark.django_db


def render_chart(evaluation, language):
    with translation.override(language):
        return Template("{% load cities_tags %}{% sdg_chart evaluation %}").render(Context({"evaluation": evaluation}))


def test_chart_svg_holds_the_three_counts_and_is_labelled():
    evaluation = SDGEvaluationFactory(
        title_en="SDG progress", goals_assessed=58, high_count=35, medium_count=12, low_count=11
    )
    html = render_chart(evaluation, "en")
    svg = html[html.index("<svg") : html.index("</svg>")]
    chart_id = f"sdg-chart-{evaluation.pk}"
    assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
    assert f'<title id="{chart_id}-title">SDG progress</title>' in svg
    assert f'<desc id="{chart_id}-desc">Of 58 goals assessed, 35 are rated high, 12 medium and 11 low.</desc>' in svg
    values = re.findall(r'class="sdg-chart-value">([^<]+)<', svg)
    assert values == ["35 (60%)", "12 (21%)", "11 (19%)"]
    assert re.findall(r'class="sdg-chart-label">([^<]+)<', svg) == ["High", "Medium", "Low"]
    assert "Number of goals (of 58 assessed)" in svg
    assert "style=" not in html
    assert "<script" not in html


def test_chart_tells_ratings_apart_by_pattern_not_colour_alone():
    evaluation = SDGEvaluationFactory(goals_assessed=10, high_count=5, medium_count=3, low_count=2)
    html = render_chart(evaluation, "en")
    fills = re.findall(r'<rect x="78" y="[^"]+" width="[^"]+" height="28" fill="([^"]+)"', html)
    chart_id = f"sdg-chart-{evaluation.pk}"
    assert fills == ["#1d3f5e", f"url(#{chart_id}-hatch)", f"url(#{chart_id}-dots)"]


def test_chart_numbers_table_in_japanese():
    evaluation = SDGEvaluationFactory(
        title_ja="進捗評価", goals_assessed=58, high_count=35, medium_count=12, low_count=11
    )
    html = render_chart(evaluation, "ja")
    table = html[html.index("<table") : html.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="number">(\d+)</td>', table)
    assert rows == [("高", "35"), ("中", "12"), ("低", "11"), ("評価した目標", "58")]
    assert "<caption>進捗評価：数値</caption>" in table
    assert "評価した58の目標のうち、高評価が35、中評価が12、低評価が11です。" in html


def test_bar_widths_follow_the_counts():
    evaluation = SDGEvaluationFactory(goals_assessed=10, high_count=5, medium_count=3, low_count=2)
    context = sdg_chart_context(evaluation)
    assert [bar.width for bar in context["bars"]] == [120.0, 72.0, 48.0]
    assert [tick.value for tick in context["ticks"]] == [0, 2, 4, 6, 8, 10]


def test_chart_of_an_empty_evaluation_does_not_divide_by_zero():
    evaluation = SDGEvaluationFactory(goals_assessed=0, high_count=0, medium_count=0, low_count=0)
    html = render_chart(evaluation, "en")
    assert re.findall(r'class="sdg-chart-value">([^<]+)<', html) == ["0 (0%)", "0 (0%)", "0 (0%)"]


@pytest.mark.parametrize(
    ("total", "ticks"),
    [
        (0, [0]),
        (3, [0, 1, 2, 3]),
        (58, [0, 10, 20, 30, 40, 50, 58]),
        (61, [0, 20, 40, 61]),
        (100, [0, 20, 40, 60, 80, 100]),
    ],
)
def test_tick_values_end_at_the_total(total, ticks):
    assert tick_values(total) == ticks
