import datetime

import pytest
from django.utils import timezone

from cities.models import SDGGoal
from conferences.models import AppearanceRole, ConferenceFormat
from tests.factories import AppearanceFactory, CityFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_conference_detail_has_its_fields_and_sessions_in_english(client):
    conference = ConferenceFactory(
        slug="ascc-2022",
        edition=11,
        title_en="11th Asia Smart City Conference",
        start_date=datetime.date(2022, 11, 24),
        end_date=datetime.date(2022, 11, 25),
        format=ConferenceFormat.ONLINE,
        participants=730,
        organiser_en="City of Yokohama",
        organiser_url="https://www.city.yokohama.lg.jp/",
    )
    SessionFactory(conference=conference, slug="sdgs", title_en="SDGs / VLR", order=1)

    response = client.get("/api/v1/conferences/ascc-2022/?lang=en")

    assert response.status_code == 200
    data = response.json()
    assert {key: data[key] for key in ("slug", "edition", "title", "start_date", "end_date", "format")} == {
        "slug": "ascc-2022",
        "edition": 11,
        "title": "11th Asia Smart City Conference",
        "start_date": "2022-11-24",
        "end_date": "2022-11-25",
        "format": "online",
    }
    assert (data["format_label"], data["participants"], data["organiser"]) == ("online", 730, "City of Yokohama")
    assert data["organiser_url"] == "https://www.city.yokohama.lg.jp/"
    assert (data["report_url"], data["report_pdf"]) == (None, None)
    assert data["url"] == "http://testserver/en/conferences/ascc-2022/"
    assert data["api_url"] == "http://testserver/api/v1/conferences/ascc-2022/"
    assert data["sessions"] == [
        {
            "slug": "sdgs",
            "title": "SDGs / VLR",
            "url": "http://testserver/en/conferences/ascc-2022/sessions/sdgs/",
            "api_url": "http://testserver/api/v1/sessions/ascc-2022/sdgs/",
        }
    ]


def test_conference_list_hides_drafts_and_closed_publication_windows(client):
    ConferenceFactory(slug="public")
    ConferenceFactory(slug="draft", publication_state=PublicationState.DRAFT)
    ConferenceFactory(slug="later", publish_from=timezone.now() + datetime.timedelta(days=1))
    ConferenceFactory(slug="over", publish_until=timezone.now() - datetime.timedelta(days=1))

    assert slugs(client.get("/api/v1/conferences/")) == ["public"]
    for slug in ("draft", "later", "over"):
        assert client.get(f"/api/v1/conferences/{slug}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["year=2022", "format=hybrid", "q=smart", "q=スマート", "q=smart+online", "year=2022&format=online"],
)
def test_conference_list_filters_as_the_page_does(client, query):
    ConferenceFactory(slug="a", title_en="Smart city", start_date=datetime.date(2022, 11, 24))
    ConferenceFactory(
        slug="b", title_ja="スマート会議", start_date=datetime.date(2021, 5, 1), format=ConferenceFormat.HYBRID
    )
    ConferenceFactory(slug="c", title_en="Water", theme_en="online smart", start_date=datetime.date(2022, 1, 1))

    page = client.get(f"/en/conferences/?{query}").content.decode()
    page_slugs = [slug for slug in ("a", "b", "c") if f'href="/en/conferences/{slug}/"' in page]

    assert slugs(client.get(f"/api/v1/conferences/?{query}")) == page_slugs
    assert page_slugs != []


@pytest.mark.parametrize("query", ["year=abc", "format=nope", "q=" + "x" * 101, "page=abc", "page=99", "year=%00"])
def test_conference_list_answers_junk_with_a_json_error(client, query):
    ConferenceFactory()

    response = client.get(f"/api/v1/conferences/?{query}")

    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"


def test_conference_list_is_paginated(client):
    for _ in range(25):
        ConferenceFactory()

    first = client.get("/api/v1/conferences/").json()
    second = client.get(first["next"]).json()
    small = client.get("/api/v1/conferences/?page_size=5&page=2").json()
    largest = client.get("/api/v1/conferences/?page_size=100").json()

    assert (first["count"], len(first["results"]), first["previous"]) == (25, 20, None)
    assert first["next"] == "http://testserver/api/v1/conferences/?page=2"
    assert (len(second["results"]), second["next"]) == (5, None)
    assert len(small["results"]) == 5
    assert small["results"][0]["slug"] == first["results"][5]["slug"]
    assert len(largest["results"]) == 25
    assert client.get("/api/v1/conferences/?page_size=1000").status_code == 400


def test_session_detail_shows_only_public_cities_and_is_named_by_both_slugs(client):
    conference = ConferenceFactory(slug="ascc-2022")
    session = SessionFactory(conference=conference, slug="sdgs", title_en="SDGs", title_ja="SDGsセッション")
    session.cities.add(CityFactory(slug="da-nang", name_en="Da Nang"))
    session.cities.add(CityFactory(slug="draft", publication_state=PublicationState.DRAFT))
    session.sdg_goals.add(SDGGoal.objects.get(number=11))
    speaker = SpeakerFactory(slug="le-minh-tuong", name_en="Le Minh Tuong")
    AppearanceFactory(session=session, speaker=speaker, role=AppearanceRole.SPEAKER, presentation_title_en="Talk")
    SessionFactory(conference=ConferenceFactory(slug="other"), slug="sdgs")

    data = client.get("/api/v1/sessions/ascc-2022/sdgs/?lang=en").json()

    assert (data["slug"], data["title"], data["conference"]["slug"]) == ("sdgs", "SDGs", "ascc-2022")
    assert data["url"] == "http://testserver/en/conferences/ascc-2022/sessions/sdgs/"
    assert [city["slug"] for city in data["cities"]] == ["da-nang"]
    assert [goal["number"] for goal in data["sdg_goals"]] == [11]
    assert data["speakers"] == [
        {
            "speaker": {
                "slug": "le-minh-tuong",
                "name": "Le Minh Tuong",
                "url": "http://testserver/en/speakers/le-minh-tuong/",
                "api_url": "http://testserver/api/v1/speakers/le-minh-tuong/",
            },
            "role": "speaker",
            "role_label": "speaker",
            "presentation_title": "Talk",
            "position": "Director",
            "organisation": "City Hall",
        }
    ]
    assert client.get("/api/v1/sessions/ascc-2022/nope/").status_code == 404


def test_session_list_hides_sessions_of_draft_conferences_and_filters_by_conference_and_city(client):
    city = CityFactory(slug="da-nang")
    public = SessionFactory(conference=ConferenceFactory(slug="ascc-2022"), slug="public")
    public.cities.add(city)
    SessionFactory(conference=ConferenceFactory(slug="ascc-2021"), slug="other")
    SessionFactory(conference=ConferenceFactory(publication_state=PublicationState.DRAFT), slug="draft")

    assert sorted(slugs(client.get("/api/v1/sessions/"))) == ["other", "public"]
    assert slugs(client.get("/api/v1/sessions/?conference=ascc-2022")) == ["public"]
    assert slugs(client.get("/api/v1/sessions/?city=da-nang")) == ["public"]


@pytest.mark.parametrize(
    ("url", "status", "body"),
    [
        # Well-formed slugs that name nothing published: an empty list, as on the list pages.
        ("/api/v1/sessions/?conference=nope", 200, {"count": 0, "next": None, "previous": None, "results": []}),
        ("/api/v1/sessions/?conference=draft", 200, {"count": 0, "next": None, "previous": None, "results": []}),
        ("/api/v1/sessions/?city=hidden", 200, {"count": 0, "next": None, "previous": None, "results": []}),
        ("/api/v1/speakers/?city=nope", 200, {"count": 0, "next": None, "previous": None, "results": []}),
        # Values that cannot be slugs: the schema's pattern, refused.
        (
            "/api/v1/sessions/?conference=no%20pe&lang=en",
            400,
            {"conference": ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."]},
        ),
        (
            "/api/v1/sessions/?city=" + "a" * 81 + "&lang=en",
            400,
            {"city": ["Ensure this value has at most 80 characters (it has 81)."]},
        ),
        (
            "/api/v1/speakers/?city=%C3%BC&lang=en",
            400,
            {"city": ["Select a valid choice. ü is not one of the available choices."]},
        ),
    ],
)
def test_api_slug_filters_give_an_empty_list_for_unknown_slugs_and_refuse_non_slugs(client, url, status, body):
    hidden = CityFactory(slug="hidden", publication_state=PublicationState.DRAFT)
    draft = SessionFactory(conference=ConferenceFactory(slug="draft", publication_state=PublicationState.DRAFT))
    public = SessionFactory(conference=ConferenceFactory(slug="public"))
    for session in (draft, public):
        session.cities.add(hidden)

    response = client.get(url)

    assert (response.status_code, response.json()) == (status, body)


@pytest.mark.parametrize("year", ["1000", "1999", "9999"])
def test_api_conference_list_of_a_year_without_conferences_is_empty(client, year):
    ConferenceFactory(start_date=datetime.date(2022, 11, 24))

    response = client.get(f"/api/v1/conferences/?year={year}")

    assert (response.status_code, response.json()["results"]) == (200, [])


@pytest.mark.parametrize("year", ["999", "10000", "0", "-2022", "２０２２", " 2022", "2022.0"])
def test_api_conference_list_refuses_a_year_outside_the_schema_range(client, year):
    ConferenceFactory(start_date=datetime.date(2022, 11, 24))

    response = client.get("/api/v1/conferences/", {"year": year, "lang": "en"})

    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_speaker_detail_shows_public_appearances_and_a_public_city_only(client):
    speaker = SpeakerFactory(slug="tuong", name_en="Le Minh Tuong", city=CityFactory(slug="da-nang"))
    AppearanceFactory(speaker=speaker, session=SessionFactory(conference=ConferenceFactory(slug="public")))
    draft = ConferenceFactory(slug="draft", publication_state=PublicationState.DRAFT)
    AppearanceFactory(speaker=speaker, session=SessionFactory(conference=draft))
    hidden = SpeakerFactory(slug="hidden", city=CityFactory(publication_state=PublicationState.DRAFT))
    AppearanceFactory(speaker=hidden, session=SessionFactory(conference=ConferenceFactory()))

    data = client.get("/api/v1/speakers/tuong/?lang=en").json()
    hidden_data = client.get("/api/v1/speakers/hidden/").json()

    assert (data["name"], data["affiliation"], data["city"]["slug"]) == (
        "Le Minh Tuong",
        "Director, City Hall",
        "da-nang",
    )
    assert [appearance["conference"]["slug"] for appearance in data["appearances"]] == ["public"]
    assert hidden_data["city"] is None


@pytest.mark.parametrize("query", ["q=Tuong", "q=トゥオン", "organisation=Planning", "city=da-nang", "q=Director"])
def test_speaker_list_filters_as_the_page_does(client, query):
    da_nang = CityFactory(slug="da-nang")
    tuong = SpeakerFactory(
        slug="tuong", name_en="Le Minh Tuong", name_ja="レ・ミン・トゥオン", organisation_en="Planning", city=da_nang
    )
    other = SpeakerFactory(slug="other", name_en="Someone", position_en="Mayor", position_ja="市長")
    for speaker in (tuong, other):
        AppearanceFactory(speaker=speaker)

    page = client.get(f"/en/speakers/?{query}").content.decode()
    page_slugs = [slug for slug in ("other", "tuong") if f'href="/en/speakers/{slug}/"' in page]

    assert slugs(client.get(f"/api/v1/speakers/?{query}")) == page_slugs
    assert page_slugs != []


def make_programme(count):
    city = CityFactory(slug="programme-city")
    goal = SDGGoal.objects.get(number=11)
    for _ in range(count):
        session = SessionFactory(conference=ConferenceFactory(start_date=datetime.date(2001, 11, 24)))
        session.cities.add(city, CityFactory(publication_state=PublicationState.DRAFT))
        session.sdg_goals.add(goal)
        AppearanceFactory(session=session, speaker=SpeakerFactory(city=city))
        AppearanceFactory(session=session)


@pytest.mark.parametrize("count", [1, 15])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # count, page, sessions
        ("/api/v1/conferences/", 3),
        # count, page, cities, goals, appearances with speakers
        ("/api/v1/sessions/", 5),
        # count, page with cities, appearances with sessions and conferences
        ("/api/v1/speakers/", 3),
        # with filters: + the published years (year), the city (city)
        ("/api/v1/conferences/?year=2001&format=online&q=Conference", 4),
        ("/api/v1/speakers/?q=Speaker&organisation=City&city=programme-city", 4),
    ],
)
def test_api_list_query_count_is_fixed(client, django_assert_max_num_queries, count, url, queries):
    make_programme(count)

    with django_assert_max_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 15])
def test_api_detail_query_count_is_fixed(client, django_assert_max_num_queries, count):
    make_programme(count)
    conference = ConferenceFactory(slug="big")
    session = SessionFactory(conference=conference, slug="big")
    for _ in range(count):
        AppearanceFactory(session=session)

    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/conferences/big/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/sessions/big/big/").status_code == 200
