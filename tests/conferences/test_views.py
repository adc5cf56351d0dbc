import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cities.models import SDGGoal
from tests.conftest import assert_page_shell
from tests.factories import (
    AppearanceFactory,
    CityFactory,
    ConferenceFactory,
    SessionFactory,
    SpeakerFactory,
)
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("staff", "staff@example.com", "a-long-password-123", is_staff=True)
    client.force_login(user)
    return client


def make_programme(rows):
    """``rows`` published conferences; the first has ``rows`` sessions, the first session ``rows`` appearances,
    the first speaker ``rows`` appearances."""
    city = CityFactory()
    conferences = [ConferenceFactory() for _ in range(rows)]
    sessions = [SessionFactory(conference=conferences[0]) for _ in range(rows)]
    sessions[0].cities.set([city])
    sessions[0].sdg_goals.set(SDGGoal.objects.filter(number__in=[11, 17]))
    speakers = [SpeakerFactory(city=city) for _ in range(rows)]
    for speaker in speakers:
        AppearanceFactory(session=sessions[0], speaker=speaker)
    for session in sessions[1:]:
        AppearanceFactory(session=session, speaker=speakers[0])
    return conferences[0], sessions[0], speakers[0]


PAGES = {
    "home": (lambda c, s, p: "/ja/", 3),  # latest conference 1, partner cities 2
    "conference_list": (lambda c, s, p: "/ja/conferences/", 3),
    "conference_detail": (lambda c, s, p: c.get_absolute_url(), 4),  # + its registration setup (none here)
    "session_detail": (lambda c, s, p: s.get_absolute_url(), 4),
    "speaker_list": (lambda c, s, p: "/ja/speakers/", 3),
    "speaker_detail": (lambda c, s, p: p.get_absolute_url(), 2),
}


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_public_page_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, page, rows):
    url_of, queries = PAGES[page]
    conference, session, speaker = make_programme(rows)
    url = url_of(conference, session, speaker)
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["ja", "en"])
def test_conference_detail_shows_the_programme(client, language):
    appearance = AppearanceFactory(
        session__conference__title_ja="第11回アジア・スマートシティ会議",
        session__conference__title_en="11th Asia Smart City Conference",
        session__conference__edition=11,
        session__conference__start_date=datetime.date(2022, 11, 24),
        session__conference__end_date=datetime.date(2022, 11, 25),
        session__conference__participants=730,
        session__conference__report_url="https://yport.city.yokohama.lg.jp/promotion/ascc",
        speaker__name_ja="Le Minh Tuong",
        speaker__name_en="Le Minh Tuong",
    )
    response = client.get(f"/{language}/conferences/{appearance.session.conference.slug}/")
    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    expected = {
        "ja": [
            "第11回アジア・スマートシティ会議",
            "2022年11月24日（木）〜25日（金）",
            "約730人",
            "第11回",
            "オンライン",
        ],
        "en": ["11th Asia Smart City Conference", "24–25 November 2022", "about 730", "Edition 11", "online"],
    }[language]
    for text in expected:
        assert text in html
    assert "Le Minh Tuong" in html
    assert appearance.session.get_absolute_url().replace("/ja/", f"/{language}/") in html
    assert 'href="https://yport.city.yokohama.lg.jp/promotion/ascc"' in html


def test_english_page_falls_back_to_japanese_text(client):
    conference = ConferenceFactory(title_ja="日本語だけの会議", title_en="")
    response = client.get(f"/en/conferences/{conference.slug}/")
    assert "日本語だけの会議" in response.content.decode()


def test_session_detail_shows_speakers_roles_cities_and_goals(client):
    city = CityFactory(name_en="Da Nang")
    draft_city = CityFactory(name_en="Hidden City", publication_state=PublicationState.DRAFT)
    appearance = AppearanceFactory(
        role="moderator", presentation_title_en="Da Nang's overview", speaker__name_en="Le Minh Tuong"
    )
    appearance.session.cities.set([city, draft_city])
    appearance.session.sdg_goals.set(SDGGoal.objects.filter(number=11))
    response = client.get(appearance.session.get_absolute_url().replace("/ja/", "/en/"))
    assert response.status_code == 200
    assert_page_shell(response, "en")
    html = response.content.decode()
    for text in ("Le Minh Tuong", "moderator", "Da Nang&#x27;s overview", "Da Nang", "Goal 11"):
        assert text in html
    assert "Hidden City" not in html


def test_session_url_needs_the_right_conference(client):
    session = SessionFactory()
    other = ConferenceFactory()
    assert client.get(f"/ja/conferences/{other.slug}/sessions/{session.slug}/").status_code == 404


def test_drafts_are_hidden_from_visitors(client):
    appearance = AppearanceFactory(session__conference__publication_state=PublicationState.DRAFT)
    conference, session, speaker = appearance.session.conference, appearance.session, appearance.speaker
    for url in (conference.get_absolute_url(), session.get_absolute_url(), speaker.get_absolute_url()):
        assert client.get(url).status_code == 404
    assert conference.title_ja not in client.get("/ja/conferences/").content.decode()
    assert speaker.name_ja not in client.get("/ja/speakers/").content.decode()
    assert conference.title_ja not in client.get("/ja/").content.decode()


def test_conference_outside_its_publication_window_is_hidden(client):
    conference = ConferenceFactory(
        publish_from=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    assert client.get(conference.get_absolute_url()).status_code == 404


def test_staff_preview_drafts_with_a_notice(staff_client):
    appearance = AppearanceFactory(session__conference__publication_state=PublicationState.DRAFT)
    for obj in (appearance.session.conference, appearance.session, appearance.speaker):
        with translation.override("ja"):
            response = staff_client.get(obj.get_absolute_url())
        assert response.status_code == 200
        assert response.context["draft_preview"] is True
        assert "下書きのプレビュー" in response.content.decode()


def test_staff_see_no_draft_notice_on_published_pages(staff_client):
    appearance = AppearanceFactory()
    response = staff_client.get(appearance.session.get_absolute_url())
    assert response.context["draft_preview"] is False
    assert "下書きのプレビュー" not in response.content.decode()


def test_speaker_detail_lists_only_published_sessions(client):
    appearance = AppearanceFactory(session__title_ja="公開セッション", position_ja="当時の役職")
    AppearanceFactory(
        speaker=appearance.speaker,
        session__title_ja="下書きセッション",
        session__conference__publication_state=PublicationState.DRAFT,
    )
    response = client.get(appearance.speaker.get_absolute_url())
    assert_page_shell(response, "ja")
    html = response.content.decode()
    assert "公開セッション" in html
    assert "当時の役職" in html
    assert "下書きセッション" not in html


def test_home_shows_the_latest_published_conference(client):
    ConferenceFactory(title_ja="古い会議", start_date=datetime.date(2021, 11, 1), end_date=datetime.date(2021, 11, 2))
    ConferenceFactory(
        title_ja="新しい会議", start_date=datetime.date(2022, 11, 24), end_date=datetime.date(2022, 11, 25)
    )
    ConferenceFactory(
        title_ja="下書きの会議",
        start_date=datetime.date(2023, 11, 1),
        end_date=datetime.date(2023, 11, 2),
        publication_state=PublicationState.DRAFT,
    )
    response = client.get("/ja/")
    assert response.context["latest_conference"].title_ja == "新しい会議"
    html = response.content.decode()
    assert "新しい会議" in html
    assert "古い会議" not in html


def _titles(response):
    return [conference.title_ja for conference in response.context["conference_list"]]


@pytest.fixture
def two_conferences():
    ConferenceFactory(
        title_ja="オンライン会議",
        title_en="Online meeting",
        format="online",
        start_date=datetime.date(2022, 11, 24),
        end_date=datetime.date(2022, 11, 25),
    )
    ConferenceFactory(
        title_ja="会場の会議",
        title_en="Meeting in the hall",
        format="on_site",
        venue_ja="パシフィコ横浜",
        start_date=datetime.date(2019, 10, 1),
        end_date=datetime.date(2019, 10, 2),
    )


@pytest.mark.parametrize(
    ("query", "titles", "has_errors"),
    [
        ("", ["オンライン会議", "会場の会議"], False),
        ("?year=2022", ["オンライン会議"], False),
        ("?format=on_site", ["会場の会議"], False),
        ("?q=hall", ["会場の会議"], False),
        ("?q=オンライン", ["オンライン会議"], False),
        ("?year=abc", ["オンライン会議", "会場の会議"], True),
        ("?year=99999999999999999999", ["オンライン会議", "会場の会議"], True),
        ("?format=zzz", ["オンライン会議", "会場の会議"], True),
        ("?format=zzz&year=2019", ["会場の会議"], True),
        ("?q=" + "x" * 5000, ["オンライン会議", "会場の会議"], True),
        ("?q=%00%ff%27%22<script>", ["オンライン会議", "会場の会議"], True),
        ("?q=%25_", [], False),
        ("?page=abc", ["オンライン会議", "会場の会議"], False),
        ("?page=999999999999999999999", ["オンライン会議", "会場の会議"], False),
        ("?page=-1", ["オンライン会議", "会場の会議"], False),
    ],
)
def test_conference_list_filters_and_junk(client, two_conferences, query, titles, has_errors):
    response = client.get("/ja/conferences/" + query)
    assert response.status_code == 200
    assert _titles(response) == titles
    assert bool(response.context["filter"].form.errors) is has_errors
    if has_errors:
        assert "一部の絞り込み条件は解釈できなかったため、無視しました。" in response.content.decode()


def test_conference_list_page_shell_and_pagination(client):
    for _ in range(13):
        ConferenceFactory()
    response = client.get("/en/conferences/?format=online")
    assert_page_shell(response, "en")
    assert len(response.context["conference_list"]) == 12
    assert 'href="?format=online&amp;page=2"' in response.content.decode()
    second = client.get("/en/conferences/?format=online&page=2")
    assert len(second.context["conference_list"]) == 1


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["Speaker A", "Speaker B"]),
        ("?organisation=planning", ["Speaker A"]),
        ("?organisation=計画", ["Speaker A"]),
        ("?city=da-nang", ["Speaker A"]),
        ("?city=nowhere", []),
        ("?city=da%00nang&organisation=%00", ["Speaker A", "Speaker B"]),
        ("?city=" + "z" * 3000, ["Speaker A", "Speaker B"]),
        ("?q=speaker+b", ["Speaker B"]),
        ("?q=" + "y" * 1000, ["Speaker A", "Speaker B"]),
        ("?page=zz", ["Speaker A", "Speaker B"]),
    ],
)
def test_speaker_list_filters_and_junk(client, query, names):
    city = CityFactory(slug="da-nang")
    # Explicit slugs: the list is ordered by slug, and the factory's numbered ones ("speaker-9", "speaker-10") sort
    # by the order the tests ran in.
    AppearanceFactory(
        speaker__slug="speaker-a",
        speaker__name_en="Speaker A",
        speaker__name_ja="登壇者A",
        speaker__organisation_en="Department of Planning and Investment",
        speaker__organisation_ja="計画投資局",
        speaker__city=city,
    )
    AppearanceFactory(
        speaker__slug="speaker-b",
        speaker__name_en="Speaker B",
        speaker__name_ja="登壇者B",
        speaker__organisation_en="Bank",
    )
    SpeakerFactory(name_en="Speaker without appearances")
    response = client.get("/en/speakers/" + query)
    assert response.status_code == 200
    assert_page_shell(response, "en")
    assert [speaker.name_en for speaker in response.context["speaker_list"]] == names


def test_conference_list_year_select_offers_all_years(client, two_conferences):
    response = client.get("/en/conferences/?year=")
    assert _titles(response) == ["オンライン会議", "会場の会議"]
    form = response.context["filter"].form
    assert list(form.fields["year"].choices) == [("", "---------"), ("2022", "2022"), ("2019", "2019")]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "ダナン市計画投資局副局長"), ("en", "Deputy Director, Department of Planning and Investment")],
)
def test_affiliation_is_written_the_way_each_language_writes_it(client, language, expected):
    appearance = AppearanceFactory(
        position_ja="副局長",
        position_en="Deputy Director",
        organisation_ja="ダナン市計画投資局",
        organisation_en="Department of Planning and Investment",
    )
    response = client.get(f"/{language}{appearance.session.get_absolute_url()[3:]}")
    assert f"<p>{expected}</p>" in response.content.decode()


@pytest.mark.parametrize("page", ["conference_detail", "session_detail"])
def test_warm_detail_page_reads_no_session_or_speaker_for_its_structured_data(client, page):
    """The JSON-LD names the speakers; it is cached with the page's fragment, so a warm page does not read them."""
    url_of, _queries = PAGES[page]
    url = url_of(*make_programme(3))
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200
    assert '"performer"' in response.content.decode()
    assert not [query["sql"] for query in warm.captured_queries if "conferences_appearance" in query["sql"]]
