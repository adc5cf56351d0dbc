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


# --- conferences ---
import datetime  # noqa: E402

from conferences.models import Appearance, Conference, ConferenceFormat, Session, Speaker  # noqa: E402


class ConferenceFactory(DjangoModelFactory):
    class Meta:
        model = Conference

    edition = factory.Sequence(lambda n: n + 1)
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
