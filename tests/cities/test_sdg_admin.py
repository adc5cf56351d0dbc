"""SDG indicators with values in the admin: the evaluation's inline edits them, the model's checks say what is
wrong, and the indicator list is for looking and importing (its own forms are closed)."""

from decimal import Decimal

import pytest

from cities.models import RatingLevel, SDGIndicator
from tests.cities.test_admin import indicator_data
from tests.cities.test_sdg_indicators import city_with_series
from tests.factories import SDGEvaluationFactory
from tests.helpers import admin_url
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(client, admin_user):
    client.force_login(admin_user)
    return client


def with_values(data, **values):
    return {**data, **{f"indicators-0-{name}": value for name, value in values.items()}}


def test_evaluation_inline_saves_an_indicators_value_baseline_and_target(admin_client_en):
    evaluation = SDGEvaluationFactory(year=2022, city__publication_state=PublicationState.DRAFT)
    change = admin_url("cities_sdgevaluation_change", evaluation.pk)
    assert 'name="indicators-__prefix__-baseline_value"' in admin_client_en.get(change).content.decode()

    data = with_values(
        indicator_data(evaluation, [RatingLevel.HIGH]),
        code="11-green",
        value="12.5",
        unit_ja="m²/人",
        direction="higher",
        baseline_year="2015",
        baseline_value="10",
        target_year="2030",
        target_value="15",
        source_ja="市統計",
        source_url="example.com/stats",
    )
    response = admin_client_en.post(change, data)

    assert response.status_code == 302
    indicator = SDGIndicator.objects.get()
    assert (indicator.code, indicator.value, indicator.value_year, indicator.baseline_value, indicator.target_year) == (
        "11-green",
        Decimal("12.5"),
        2022,
        Decimal("10"),
        2030,
    )
    assert indicator.source_url == "https://example.com/stats"


def test_evaluation_inline_explains_a_baseline_after_the_value(admin_client_en):
    evaluation = SDGEvaluationFactory(year=2022)
    change = admin_url("cities_sdgevaluation_change", evaluation.pk)
    data = with_values(
        indicator_data(evaluation, [RatingLevel.HIGH]), value="1", baseline_year="2024", baseline_value="1"
    )

    response = admin_client_en.post(change, data)

    assert response.status_code == 200
    assert "The baseline year 2024 is after the value&#x27;s year 2022." in response.content.decode()
    assert SDGIndicator.objects.count() == 0


def test_indicator_admin_lists_and_imports_but_its_forms_are_closed(admin_client_en, staff_client):
    city_with_series(values=((2021, "42"),))
    indicator = SDGIndicator.objects.get()
    listing = admin_client_en.get(admin_url(SDGIndicator, "changelist"))
    assert listing.status_code == 200
    assert "Green space per person" in listing.content.decode() or "一人当たり緑地面積" in listing.content.decode()
    assert admin_client_en.get(admin_url(SDGIndicator, "add")).status_code == 403
    editor = staff_client("editor", CONTENT_EDITORS)
    assert editor.get(admin_url(SDGIndicator, "import")).status_code == 200
    detail = editor.get(admin_url(indicator, "change"))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # view only: changed on the evaluation's page
