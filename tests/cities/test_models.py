from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cities.models import (
    City,
    KeyFigureKind,
    RatingLevel,
    SDGEvaluation,
    SDGGoal,
    VLRState,
    indicator_rating_errors,
)
from tests.factories import (
    CityCooperationFactory,
    CityFactory,
    FieldOfCooperationFactory,
    KeyFigureFactory,
    SDGEvaluationFactory,
    VoluntaryLocalReviewFactory,
)
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def test_reference_data_has_seventeen_goals_with_colours():
    goals = list(SDGGoal.objects.all())
    assert [goal.number for goal in goals] == list(range(1, 18))
    assert goals[0].colour == "#E5243B"
    assert goals[0].text_colour == "#ffffff"
    assert SDGGoal.objects.get(number=7).text_colour == "#000000"


def test_evaluation_counts_must_add_up_to_the_goals_assessed():
    city = CityFactory()
    evaluation = SDGEvaluation(
        city=city, title_ja="評価", goals_assessed=58, high_count=35, medium_count=12, low_count=10
    )
    with pytest.raises(ValidationError) as error:
        evaluation.full_clean()
    assert error.value.messages == ["The goals rated high, medium and low add up to 57, but 58 goals were assessed."]
    evaluation.low_count = 11
    evaluation.full_clean()


def test_evaluation_counts_that_do_not_add_up_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SDGEvaluationFactory(goals_assessed=58, high_count=35, medium_count=12, low_count=12)


def test_indicators_may_not_outnumber_the_counted_goals_of_their_rating():
    evaluation = SDGEvaluationFactory(goals_assessed=3, high_count=1, medium_count=1, low_count=1)
    assert indicator_rating_errors(evaluation, [RatingLevel.HIGH, RatingLevel.LOW]) == []
    errors = indicator_rating_errors(evaluation, [RatingLevel.HIGH, RatingLevel.HIGH, RatingLevel.LOW])
    assert [error.code for error in errors] == ["more_indicators_than_counted"]
    assert ValidationError(errors).messages == [
        "2 indicators are rated “high”, but the evaluation counts only 1 goals rated “high”."
    ]


def test_key_figure_range_must_be_ordered():
    figure = KeyFigureFactory.build(
        city=CityFactory(), kind=KeyFigureKind.GRDP_GROWTH, value=Decimal("10"), value_max=Decimal("9")
    )
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert error.value.message_dict == {
        "value_max": ["The upper value must be greater than the value."],
    }


def test_key_figure_of_kind_other_needs_a_label():
    figure = KeyFigureFactory.build(city=CityFactory(), kind=KeyFigureKind.OTHER, label_ja="", label="")
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert error.value.message_dict == {"label": ["A figure of the kind “other” needs a label."]}


def test_key_figure_kind_is_unique_per_city_and_year_except_other():
    city = CityFactory()
    KeyFigureFactory(city=city, kind=KeyFigureKind.OTHER, label_ja="港の数", reference_year=2022)
    KeyFigureFactory(city=city, kind=KeyFigureKind.OTHER, label_ja="空港の数", reference_year=2022)
    KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, reference_year=2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, reference_year=2022)


def test_published_vlr_needs_a_link_or_pdf():
    review = VoluntaryLocalReviewFactory.build(city=CityFactory(), state=VLRState.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        review.full_clean()
    assert error.value.messages == ["A published review needs a link or a PDF."]
    review.url = "https://example.org/vlr.pdf"
    review.full_clean()


def test_cooperation_period_cannot_end_before_it_starts():
    cooperation = CityCooperationFactory.build(
        city=CityFactory(), field=FieldOfCooperationFactory(), start_year=2022, end_year=2019
    )
    with pytest.raises(ValidationError) as error:
        cooperation.full_clean()
    assert error.value.message_dict == {"end_year": ["The period cannot end before it starts."]}


def test_city_fields_of_cooperation_go_through_the_cooperation_rows():
    city = CityFactory()
    port = FieldOfCooperationFactory(slug="test-port")
    CityCooperationFactory(city=city, field=port, start_year=2019, end_year=2022)
    assert list(city.fields_of_cooperation.all()) == [port]
    assert list(port.cities.all()) == [city]


def test_published_and_list_figures():
    city = CityFactory()
    CityFactory(publication_state=PublicationState.DRAFT)
    KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, order=1)
    KeyFigureFactory(city=city, kind=KeyFigureKind.HOSPITALS, order=2)
    [listed] = City.objects.published().with_list_figures()
    assert listed == city
    assert [figure.kind for figure in listed.list_figures] == [KeyFigureKind.POPULATION]
    assert city.get_absolute_url() == f"/en/cities/{city.slug}/"


def test_development_sector_list_skips_blank_lines():
    city = CityFactory(development_sectors_ja="観光\n\n 港湾 \n")
    assert city.development_sector_list() == ["観光", "港湾"]
