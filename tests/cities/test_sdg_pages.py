"""The city page's SDG goals with their indicators' latest values and trends, and a goal's own page."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import IndicatorDirection, RatingLevel, SDGGoal, SDGIndicator
from tests.cities.test_sdg_indicators import city_with_series
from tests.conftest import assert_page_shell
from tests.editorial.test_redirects import assert_moved, change_slug
from tests.factories import CityFactory, KeyFigureFactory, SDGEvaluationFactory, SDGIndicatorFactory
from tests.helpers import SITE, content_changed_on_another_app_server
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def goal_url(city, number, language="en"):
    with translation.override(language):
        return reverse("cities:city_goal", kwargs={"slug": city.slug, "goal": number})


@pytest.mark.parametrize("language", ["ja", "en"])
def test_city_page_shows_each_goal_with_latest_value_trend_and_sparkline(client, language):
    city = city_with_series()
    with translation.override(language):
        response = client.get(city.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="sdg-goals-heading"' in html
    assert f'href="{goal_url(city, 11, language)}"' in html
    unit = "m² per person" if language == "en" else "m²/人"
    latest = f'<span class="sdg-value">45 {unit}</span> <span class="meta">(2024)</span>'
    assert f'<td class="number sdg-latest">{latest}</td>' in html
    [svg] = re.findall(r'<svg[^>]*class="sdg-sparkline[^"]*"[^>]*>.*?</svg>', html)
    assert 'role="img"' in svg and "2018: 40, 2021: 42, 2024: 45" in svg
    assert svg.count("<circle") == 3
    assert "style=" not in svg
    assert ("Improving" if language == "en" else "改善") in html


def test_city_page_indicator_without_value_shows_no_trend(client):
    city = CityFactory()
    SDGIndicatorFactory(evaluation=SDGEvaluationFactory(city=city), goal=SDGGoal.objects.get(number=1))
    with translation.override("en"):
        html = client.get(city.get_absolute_url()).content.decode()
    assert "no value" in html and "no trend (fewer than two values)" in html
    assert "sdg-sparkline" not in html


@pytest.mark.parametrize("language", ["ja", "en"])
def test_goal_page_shows_the_goal_in_full(client, language, site_url):
    city = city_with_series()
    latest = city.sdg_evaluations.get(year=2024).indicators.get()
    latest.baseline_year, latest.baseline_value = 2018, Decimal("40")
    latest.target_year, latest.target_value = 2030, Decimal("55")
    latest.source_en, latest.source_ja, latest.source_url = "City statistics", "市統計", "https://example.com/stats"
    latest.save()

    response = client.get(goal_url(city, 11, language))

    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    assert re.findall(r'<tr><th scope="row">(\d{4})</th><td class="number">([^<]+)</td></tr>', html) == [
        ("2018", "40 m² per person" if language == "en" else "40 m²/人"),
        ("2021", "42 m² per person" if language == "en" else "42 m²/人"),
        ("2024", "45 m² per person" if language == "en" else "45 m²/人"),
    ]
    assert "(2018)" in html and "55" in html and "(2030)" in html
    assert '<a href="https://example.com/stats">' in html
    assert f'<link rel="canonical" href="{SITE}{goal_url(city, 11, language)}">' in html
    other = "ja" if language == "en" else "en"
    assert re.search(f'<link rel="alternate" hreflang="{other}" href="[^"]*{goal_url(city, 11, other)}">', html)


def test_goal_page_is_404_for_a_goal_without_indicators_a_draft_or_no_goal(client):
    city = city_with_series()
    assert client.get(goal_url(city, 3)).status_code == 404
    assert client.get(f"/en/cities/{city.slug}/sdgs/18/").status_code == 404
    assert client.get(f"/en/cities/{city.slug}/sdgs/abc/").status_code == 404
    draft = city_with_series(slug="draft", publication_state=PublicationState.DRAFT)
    assert client.get(goal_url(draft, 11)).status_code == 404


def test_goal_page_query_count_is_constant(client, django_assert_max_num_queries):
    small = city_with_series(values=((2024, "1"),))
    with django_assert_max_num_queries(4):  # the city, its goal, evaluations, indicators
        assert client.get(goal_url(small, 11)).status_code == 200
    big = city_with_series(slug="big", values=[(year, str(year - 1990)) for year in range(2000, 2025)])
    for evaluation in big.sdg_evaluations.all():
        for index in range(8):
            SDGIndicatorFactory(
                evaluation=evaluation, code=f"c{index}", goal=SDGGoal.objects.get(number=11), value=index
            )
        KeyFigureFactory(city=big, reference_year=evaluation.year)
    with django_assert_max_num_queries(4):
        response = client.get(goal_url(big, 11))
    assert response.status_code == 200
    assert response.content.decode().count('class="sdg-series"') == 9


@pytest.mark.parametrize("language", ["ja", "en"])
def test_goal_page_reads_nothing_while_its_fragment_is_cached(client, django_assert_num_queries, language):
    city = city_with_series(name_en="Hue", name_ja="フエ")
    first = client.get(goal_url(city, 11, language)).content.decode()
    with django_assert_num_queries(0):
        again = client.get(goal_url(city, 11, language)).content.decode()

    assert again == first
    title = {"en": "<title>Goal 11: Sustainable cities and communities – Hue |", "ja": "<title>目標11"}[language]
    assert title in again


def test_goal_page_follows_a_change_made_on_another_app_server(client):
    city = city_with_series()
    client.get(goal_url(city, 11))
    assert 'class="sdg-series"' in client.get(goal_url(city, 11)).content.decode()

    SDGIndicator.objects.filter(evaluation__city=city).update(text_en="Parks per person")
    content_changed_on_another_app_server()
    assert "Parks per person" in client.get(goal_url(city, 11)).content.decode()

    SDGIndicator.objects.filter(evaluation__city=city).update(goal=SDGGoal.objects.get(number=3))
    content_changed_on_another_app_server()
    assert client.get(goal_url(city, 11)).status_code == 404
    assert client.get(goal_url(city, 3)).status_code == 200


def test_city_page_query_count_stays_with_many_series(client, django_assert_max_num_queries):
    city = city_with_series(values=[(year, str(year - 1990)) for year in range(2000, 2025)])
    for evaluation in city.sdg_evaluations.all():
        for number in range(1, 18):
            SDGIndicatorFactory(
                evaluation=evaluation,
                code=f"goal-{number}",
                goal=SDGGoal.objects.get(number=number),
                value=number,
                direction=IndicatorDirection.LOWER,
                rating=RatingLevel.LOW,
            )
    with django_assert_max_num_queries(9):  # as test_views' city page: profile 7, sessions and speakers 2
        response = client.get(city.get_absolute_url())
    assert response.content.decode().count('class="sdg-goal-summary"') == 17


def test_sitemap_lists_the_goal_pages_of_published_cities(client):
    city = city_with_series()
    city_with_series(slug="draft", publication_state=PublicationState.DRAFT)
    SDGIndicatorFactory(evaluation=SDGEvaluationFactory(city=CityFactory(slug="no-goal")), goal=None)
    xml = client.get("/sitemap.xml").content.decode()
    goal_pages = sorted(set(re.findall(r"<loc>[^<]*(/(?:ja|en)/cities/[^/]+/sdgs/\d+/)</loc>", xml)))
    assert goal_pages == [goal_url(city, 11, "en"), goal_url(city, 11, "ja")]
    assert "/en/cities/compare/" in xml


def test_old_slug_of_a_goal_page_redirects(admin_client, client):
    city = city_with_series()
    change_slug(admin_client, city, "hue-city")
    assert_moved(client, "/en/cities/hue/sdgs/11/", "/en/cities/hue-city/sdgs/11/")
