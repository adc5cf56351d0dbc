import factory
from factory.django import DjangoModelFactory

from cities.models import City, FieldOfCooperation
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
