import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cities.models import City, FieldOfCooperation
from inquiries.services import next_reference
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


# --- inquiries ---


class InquiryFactory(DjangoModelFactory):
    class Meta:
        model = "inquiries.Inquiry"

    reference = factory.LazyFunction(lambda: next_reference(timezone.localtime().year))
    submission_token = factory.Faker("uuid4", cast_to=None)
    company_name = factory.Sequence(lambda n: f"株式会社テスト{n}")
    contact_person = factory.Sequence(lambda n: f"担当者{n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
    country = "JP"
    message = "上下水道の案件について相談したい。"
    language = "ja"
    privacy_notice_version = "2026-11"
    consent_given_at = factory.LazyFunction(timezone.now)
