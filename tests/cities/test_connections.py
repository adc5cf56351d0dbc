"""The city page shows the conference sessions and speakers linked to the city (data of the conferences app)."""

import pytest

from tests.factories import AppearanceFactory, CityFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def linked_city_with(*, conference_state=PublicationState.PUBLISHED):
    city = CityFactory(slug="da-nang", name_en="Da Nang")
    conference = ConferenceFactory(title_en="11th ASCC", publication_state=conference_state)
    session = SessionFactory(conference=conference, title_en="SDGs / VLR / well-being")
    session.cities.add(city)
    speaker = SpeakerFactory(name_en="Le Minh Tuong", city=city, position_en="Deputy Director", organisation_en="DPI")
    AppearanceFactory(session=session, speaker=speaker)
    return city, session, speaker


def test_city_page_lists_its_public_sessions_and_speakers(client):
    city, session, speaker = linked_city_with()

    html = client.get("/en/cities/da-nang/").content.decode()

    assert (
        f'<li><a href="{session.get_absolute_url()}">SDGs / VLR / well-being</a> '
        '<span class="meta">11th ASCC</span></li>'
    ) in html
    assert f'<a href="{speaker.get_absolute_url()}">Le Minh Tuong</a>' in html


def test_city_page_hides_sessions_and_speakers_of_draft_conferences(client):
    city, session, speaker = linked_city_with(conference_state=PublicationState.DRAFT)

    html = client.get("/en/cities/da-nang/").content.decode()

    assert "SDGs / VLR / well-being" not in html
    assert "Le Minh Tuong" not in html
    assert 'id="city-sessions-heading"' not in html


def test_city_page_queries_do_not_grow_with_sessions_and_speakers(client, django_assert_max_num_queries):
    city, _, _ = linked_city_with()
    with django_assert_max_num_queries(9):
        assert client.get("/en/cities/da-nang/").status_code == 200
    for _ in range(50):
        session = SessionFactory(conference=ConferenceFactory())
        session.cities.add(city)
        AppearanceFactory(session=session, speaker=SpeakerFactory(city=city))
    with django_assert_max_num_queries(9):
        response = client.get("/en/cities/da-nang/")
    assert response.content.decode().count('<li><a href="/en/speakers/speaker-') == 51
