import datetime
import hashlib
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cities.models import (
    City,
    CityCooperation,
    FieldOfCooperation,
    KeyFigure,
    KeyFigureKind,
    KeyFigureUnit,
    RatingLevel,
    SDGEvaluation,
    SDGIndicator,
    VLRState,
    VoluntaryLocalReview,
)
from conferences.models import Appearance, Conference, ConferenceFormat, Session, Speaker
from inquiries import working_days
from inquiries.services.submission import next_reference
from projects.models import Project, ProjectDocument, ProjectResult, ProjectStage
from sitepages.models import Redirect, SitePage, SitePageSlug
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


# --- conferences ---


class ConferenceFactory(DjangoModelFactory):
    class Meta:
        model = Conference

    # Editions 100-899: clear of the demo's real editions and of the benchmark's (from 1000), however many tests ran.
    edition = factory.Sequence(lambda n: 100 + n % 800)
    title_ja = factory.Sequence(lambda n: f"第{n + 1}回会議")
    title_en = factory.Sequence(lambda n: f"Conference {n + 1}")
    slug = factory.Sequence(lambda n: f"conference-{n + 1}")
    theme_ja = "テーマ"
    theme_en = "Theme"
    start_date = factory.Sequence(lambda n: datetime.date(2000 + n % 50, 11, 24))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    format = ConferenceFormat.ONLINE
    participants = 730
    publication_state = PublicationState.PUBLISHED


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    conference = factory.SubFactory(ConferenceFactory)
    title_ja = factory.Sequence(lambda n: f"セッション{n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    order = factory.Sequence(lambda n: n)


class SpeakerFactory(DjangoModelFactory):
    class Meta:
        model = Speaker

    name_ja = factory.Sequence(lambda n: f"登壇者{n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    position_ja = "局長"
    position_en = "Director"
    organisation_ja = "市役所"
    organisation_en = "City Hall"


class AppearanceFactory(DjangoModelFactory):
    class Meta:
        model = Appearance

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    order = factory.Sequence(lambda n: n)
    presentation_title_ja = factory.Sequence(lambda n: f"発表{n}")
    presentation_title_en = factory.Sequence(lambda n: f"Talk {n}")
    position_ja = factory.LazyAttribute(lambda o: o.speaker.position_ja)
    position_en = factory.LazyAttribute(lambda o: o.speaker.position_en)
    organisation_ja = factory.LazyAttribute(lambda o: o.speaker.organisation_ja)
    organisation_en = factory.LazyAttribute(lambda o: o.speaker.organisation_en)


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


# --- projects ---


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    city = factory.SubFactory(CityFactory)
    title_ja = factory.Sequence(lambda n: f"プロジェクト{n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    stage = ProjectStage.SEEKING_PARTNERS
    publication_state = PublicationState.PUBLISHED


class ProjectResultFactory(DjangoModelFactory):
    class Meta:
        model = ProjectResult

    project = factory.SubFactory(ProjectFactory, stage=ProjectStage.COMPLETED)
    label_ja = "CO2削減量"
    label_en = "CO2 emissions avoided"
    value = Decimal("844")
    approximate = True
    unit_ja = "t CO2/年"
    unit_en = "t CO2/year"
    year = 2023


class ProjectDocumentFactory(DjangoModelFactory):
    class Meta:
        model = ProjectDocument

    project = factory.SubFactory(ProjectFactory)
    title_ja = "報告書"
    title_en = "Report"
    url = "https://example.com/report"


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
    first_answer_due = factory.LazyFunction(lambda: working_days.first_answer_due(timezone.now(), days=3))


class ReplyTemplateFactory(DjangoModelFactory):
    class Meta:
        model = "inquiries.ReplyTemplate"

    name_ja = factory.Sequence(lambda n: f"回答テンプレート{n}")
    name_en = factory.Sequence(lambda n: f"Reply template {n}")
    subject_ja = "お問い合わせ（{reference}）について"
    subject_en = "Your inquiry ({reference})"
    body_ja = "{company}\n{contact_name} 様\n\n{city}についてのお問い合わせにお答えします。\n\n{handler_name}"
    body_en = "Dear {contact_name} ({company}),\n\nabout {city}: our answer.\n\n{handler_name}"


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


class InquiryAttachmentFactory(DjangoModelFactory):
    """A PDF attached to an inquiry, written to the private storage."""

    class Meta:
        model = "inquiries.InquiryAttachment"

    inquiry = factory.SubFactory(InquiryFactory)
    file = factory.django.FileField(filename="profile.pdf", data=MINIMAL_PDF)
    original_name = "会社案内.pdf"
    size = len(MINIMAL_PDF)
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(MINIMAL_PDF).hexdigest())


# --- site pages ---


class SitePageFactory(DjangoModelFactory):
    class Meta:
        model = SitePage
        django_get_or_create = ("slug",)

    slug = SitePageSlug.ABOUT
    title_ja = factory.LazyAttribute(lambda o: f"{o.slug}のページ")
    title_en = factory.LazyAttribute(lambda o: f"The {o.slug} page")
    body_ja = "## 見出し\n本文です。"
    body_en = "## Heading\nThe text."


class RedirectFactory(DjangoModelFactory):
    class Meta:
        model = Redirect

    old_path = factory.Sequence(lambda n: f"/partner/page-{n}.html")
    new_path = "/ja/cities/"


# --- registrations ---


class RegistrationSetupFactory(DjangoModelFactory):
    """Open now, both modes, 2 seats on site and unlimited online, for a conference 30 days ahead."""

    class Meta:
        model = "registrations.RegistrationSetup"

    conference = factory.SubFactory(
        ConferenceFactory,
        start_date=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30)),
        end_date=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=31)),
    )
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    on_site_capacity = 2
    online_capacity = None


class RegistrationFactory(DjangoModelFactory):
    """A confirmed on-site registration (use services to move it; this only stores one)."""

    class Meta:
        model = "registrations.Registration"

    conference = factory.SubFactory(ConferenceFactory)
    status = "confirmed"
    mode = "on_site"
    name = factory.Sequence(lambda n: f"参加者{n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.com")
    email_normalised = factory.LazyAttribute(lambda o: o.email.lower())
    country = "JP"
    language = "ja"
    privacy_notice_version = "2026-11"
    consent_given_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
