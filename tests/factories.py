from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from cities.models import (
    City,
    CityCooperation,
    FieldOfCooperation,
    InvestmentOpportunity,
    KeyFigure,
    KeyFigureKind,
    KeyFigureUnit,
    RatingLevel,
    SDGEvaluation,
    SDGIndicator,
    VLRState,
    VoluntaryLocalReview,
)
from yport.publishing import PublicationState


class FieldOfCooperationFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfCooperation
        django_get_or_create = ("slug",)

    name_ja = factory.Sequence(lambda n: f"協力分野{n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")
    slug = factory.Sequence(lambda n: f"field-{n}")


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City

    name_ja = factory.Sequence(lambda n: f"都市{n}")
    name_en = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = "VN"
    publication_state = PublicationState.PUBLISHED


# --- cities ---


class KeyFigureFactory(DjangoModelFactory):
    class Meta:
        model = KeyFigure

    city = factory.SubFactory(CityFactory)
    kind = KeyFigureKind.POPULATION
    value = Decimal("1000")
    unit = KeyFigureUnit.PEOPLE
    source_ja = "出典"
    source_en = "Source"


class SDGEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = SDGEvaluation

    city = factory.SubFactory(CityFactory)
    year = 2022
    title_ja = "SDGs評価"
    title_en = "SDG evaluation"
    goals_assessed = 10
    high_count = 5
    medium_count = 3
    low_count = 2


class SDGIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = SDGIndicator

    evaluation = factory.SubFactory(SDGEvaluationFactory)
    text_ja = factory.Sequence(lambda n: f"指標{n}")
    text_en = factory.Sequence(lambda n: f"Indicator {n}")
    rating = RatingLevel.HIGH


class VoluntaryLocalReviewFactory(DjangoModelFactory):
    class Meta:
        model = VoluntaryLocalReview

    city = factory.SubFactory(CityFactory)
    title_ja = "VLR"
    title_en = "VLR"
    state = VLRState.PLANNED


class CityCooperationFactory(DjangoModelFactory):
    class Meta:
        model = CityCooperation

    city = factory.SubFactory(CityFactory)
    field = factory.SubFactory(FieldOfCooperationFactory)


class InvestmentOpportunityFactory(DjangoModelFactory):
    class Meta:
        model = InvestmentOpportunity

    city = factory.SubFactory(CityFactory)
    sector_ja = factory.Sequence(lambda n: f"分野{n}")
    sector_en = factory.Sequence(lambda n: f"Sector {n}")
