import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from conferences.models import Appearance, Conference, ConferenceFormat, Session, Speaker
from conferences.services import record_appearance
from tests.factories import AppearanceFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def test_conference_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(start_date=datetime.date(2022, 11, 25), end_date=datetime.date(2022, 11, 24))


def test_conference_clean_explains_end_before_start_and_online_venue():
    conference = ConferenceFactory.build(
        start_date=datetime.date(2022, 11, 25),
        end_date=datetime.date(2022, 11, 24),
        format=ConferenceFormat.ONLINE,
        venue_ja="パシフィコ横浜",
    )
    with pytest.raises(ValidationError) as error:
        conference.clean()
    assert set(error.value.message_dict) == {"end_date", "format"}


def test_session_slug_is_unique_within_its_conference_only():
    first = SessionFactory(slug="vlr")
    SessionFactory(slug="vlr")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(slug="vlr", conference=first.conference)


def test_session_end_before_start_is_refused():
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(starts_at=start, ends_at=start - datetime.timedelta(hours=1))


def test_appearance_order_is_unique_per_session():
    appearance = AppearanceFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AppearanceFactory(session=appearance.session, order=1)


def test_speaker_slug_is_unique():
    SpeakerFactory(slug="le-minh-tuong")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerFactory(slug="le-minh-tuong")


def test_str_and_absolute_urls():
    appearance = AppearanceFactory(
        session__conference__slug="ascc-2022", session__slug="vlr", speaker__slug="tuong", speaker__name_en="Tuong"
    )
    with translation.override("en"):
        assert appearance.session.conference.get_absolute_url() == "/en/conferences/ascc-2022/"
        assert appearance.session.get_absolute_url() == "/en/conferences/ascc-2022/sessions/vlr/"
        assert appearance.speaker.get_absolute_url() == "/en/speakers/tuong/"
        assert str(appearance.speaker) == "Tuong"
        assert str(appearance) == f"Tuong in {appearance.session.title_en}"


def test_english_falls_back_to_japanese_when_empty():
    conference = ConferenceFactory(title_ja="第11回アジア・スマートシティ会議", title_en="")
    with translation.override("en"):
        assert Conference.objects.get(pk=conference.pk).title == "第11回アジア・スマートシティ会議"


def test_published_querysets_follow_the_conference():
    public = AppearanceFactory()
    draft = AppearanceFactory(session__conference__publication_state=PublicationState.DRAFT)
    expired = AppearanceFactory(
        session__conference__publish_until=timezone.now() - datetime.timedelta(days=1),
        session__conference__publish_from=timezone.now() - datetime.timedelta(days=2),
    )
    assert list(Conference.objects.published()) == [public.session.conference]
    assert list(Session.objects.published()) == [public.session]
    assert list(Speaker.objects.published()) == [public.speaker]
    assert draft.speaker not in Speaker.objects.published()
    assert expired.session not in Session.objects.published()


def test_record_appearance_keeps_the_position_held_at_the_conference():
    speaker = SpeakerFactory(position_ja="副局長", position_en="Deputy Director")
    session = SessionFactory()
    appearance = record_appearance(session=session, speaker=speaker, order=1, role="speaker")
    assert (appearance.position_ja, appearance.position_en) == ("副局長", "Deputy Director")

    speaker.position_ja, speaker.position_en = "局長", "Director"
    speaker.save()
    record_appearance(session=session, speaker=speaker, order=1, role="speaker")

    appearance = Appearance.objects.get(pk=appearance.pk)
    assert (appearance.position_ja, appearance.position_en) == ("副局長", "Deputy Director")
