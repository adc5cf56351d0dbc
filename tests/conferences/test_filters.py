"""The conference and speaker list filters mean what they say: a well-formed value without matches gives an empty
list that says so; only junk is ignored, and the page explains that it was."""

import datetime

import pytest

from tests.factories import AppearanceFactory, CityFactory, ConferenceFactory, SpeakerFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

IGNORED_EN = "Some filters were not understood and are ignored."
IGNORED_JA = "一部の絞り込み条件は解釈できなかったため、無視しました。"


@pytest.fixture
def conferences():
    ConferenceFactory(
        title_en="ASCC 2022",
        start_date=datetime.date(2022, 11, 24),
        end_date=datetime.date(2022, 11, 25),
    )
    ConferenceFactory(
        title_en="ASCC 2019",
        format="on_site",
        start_date=datetime.date(2019, 10, 1),
        end_date=datetime.date(2019, 10, 2),
    )


def titles(response):
    return [conference.title_en for conference in response.context["conference_list"]]


def main_of(response):
    return response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize(
    ("language", "message"), [("en", "No conferences in 1999."), ("ja", "1999年の会議はありません。")]
)
def test_conference_year_without_conferences_gives_an_empty_list_that_says_so(client, conferences, language, message):
    response = client.get(f"/{language}/conferences/", {"year": "1999"})
    assert response.status_code == 200
    assert titles(response) == []
    assert not response.context["filter"].form.errors
    assert f'<p role="status">{message}</p>' in main_of(response)


def test_conference_year_with_conferences_filters(client, conferences):
    assert titles(client.get("/en/conferences/", {"year": "2019"})) == ["ASCC 2019"]


@pytest.mark.parametrize("junk", ["abc", "99999999999", "-1", "0", "999", "10000", "0999", "２０２２", "2022 ", "1e3"])
@pytest.mark.parametrize(("language", "ignored"), [("en", IGNORED_EN), ("ja", IGNORED_JA)])
def test_conference_year_junk_is_ignored_and_explained(client, conferences, junk, language, ignored):
    response = client.get(f"/{language}/conferences/", {"year": junk})
    assert titles(response) == ["ASCC 2022", "ASCC 2019"]
    assert list(response.context["filter"].form.errors) == ["year"]
    assert ignored in main_of(response)


def test_conference_filters_together_without_matches_give_the_general_message(client, conferences):
    response = client.get("/en/conferences/", {"year": "2022", "format": "on_site"})
    assert titles(response) == []
    assert '<p role="status">No conferences match these filters.</p>' in main_of(response)


def test_conference_year_select_offers_the_years_with_conferences_and_the_year_asked_for(client, conferences):
    response = client.get("/en/conferences/", {"year": "1999", "format": "online"})
    form = response.context["filter"].form
    years = [("", "---------"), ("2022", "2022"), ("2019", "2019")]
    assert list(form.fields["year"].choices) == [*years, ("1999", "1999")]
    assert '<option value="1999" selected>1999</option>' in response.content.decode()
    junk = client.get("/en/conferences/", {"year": "abc"}).context["filter"].form
    assert list(junk.fields["year"].choices) == years


@pytest.fixture
def speakers():
    da_nang = CityFactory(slug="da-nang", name_en="Da Nang", name_ja="ダナン市")
    AppearanceFactory(speaker__name_en="Speaker A", speaker__city=da_nang)
    AppearanceFactory(speaker__name_en="Speaker B")
    CityFactory(slug="cebu", name_en="Cebu", name_ja="セブ市")
    draft = CityFactory(slug="draft-city", name_en="Draft city", publication_state=PublicationState.DRAFT)
    AppearanceFactory(speaker__name_en="Speaker C", speaker__city=draft)


def names(response):
    return [speaker.name_en for speaker in response.context["speaker_list"]]


@pytest.mark.parametrize(
    ("language", "city", "listed", "message"),
    [
        ("en", "da-nang", ["Speaker A"], None),
        ("en", "cebu", [], "No speakers from Cebu."),
        ("ja", "cebu", [], "セブ市の登壇者はいません。"),
        ("en", "unknown-slug", [], "There is no partner city “unknown-slug”."),
        ("ja", "unknown-slug", [], "パートナー都市「unknown-slug」はありません。"),
        # A draft city's slug is treated as unknown: its speakers are not told apart.
        ("en", "draft-city", [], "There is no partner city “draft-city”."),
    ],
)
def test_speaker_city_without_speakers_gives_an_empty_list_that_says_so(
    client, speakers, language, city, listed, message
):
    response = client.get(f"/{language}/speakers/", {"city": city})
    assert names(response) == listed
    assert not response.context["filter"].form.errors
    if message:
        assert f'<p role="status">{message}</p>' in main_of(response)


@pytest.mark.parametrize("junk", ["da nang", "da-nang/", "<b>", "a" * 81, "da\x00nang", "ダナン"])
def test_speaker_city_junk_is_ignored_and_explained(client, speakers, junk):
    response = client.get("/en/speakers/", {"city": junk})
    assert sorted(names(response)) == ["Speaker A", "Speaker B", "Speaker C"]
    assert list(response.context["filter"].form.errors) == ["city"]
    assert IGNORED_EN in main_of(response)


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/en/conferences/", {"year": "1999"}),
        ("/en/conferences/", {"year": "abc"}),
        ("/en/speakers/", {"city": "unknown-slug"}),
        ("/en/speakers/", {"city": "city-0"}),
        ("/en/speakers/", {"city": "<junk>"}),
    ],
)
def test_filtered_lists_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows, path, query):
    for number in range(rows):
        AppearanceFactory(speaker__city=CityFactory(slug=f"city-{number}"))
    SpeakerFactory()
    with django_assert_max_num_queries(4):
        response = client.get(path, query)
    assert response.status_code == 200
