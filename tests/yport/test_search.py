"""The site search at /<lang>/search/: both languages and scripts, published content only, links in the visitor's
language, odd input, query counts. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from projects import demo as projects_demo
from tests.conftest import assert_page_shell
from tests.factories import (
    AppearanceFactory,
    CityFactory,
    ConferenceFactory,
    ProjectFactory,
    SessionFactory,
    SpeakerFactory,
)
from yport.publishing import PublicationState
from yport.search import RESULTS_PER_KIND

pytestmark = pytest.mark.django_db

DA_NANG_PROJECTS = [f"projects/{row[0]}/" for row in projects_demo.DA_NANG_PROJECTS]
# Da Nang's projects are found by their city's name too.
DA_NANG = {"speakers": ["speakers/le-minh-tuong/"], "cities": ["cities/da-nang/"], "projects": DA_NANG_PROJECTS}
SDGS = {
    "conferences": ["conferences/ascc-2022/"],
    "sessions": ["conferences/ascc-2022/sessions/sdgs-vlr-well-being/"],
    "cities": ["cities/da-nang/"],
}


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def found(response, language):
    """{kind: [paths without the language prefix]} of the groups with results."""
    prefix = f"/{language}/"
    result = {}
    for group in response.context["groups"]:
        if group.total:
            urls = [item.get_absolute_url() for item in group.results]
            assert all(url.startswith(prefix) for url in urls), urls
            result[group.kind] = [url.removeprefix(prefix) for url in urls]
    return result


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ダナン", DA_NANG),
        ("だなん", DA_NANG),
        ("ﾀﾞﾅﾝ", DA_NANG),
        ("Da Nang", DA_NANG),
        ("da nang", DA_NANG),
        ("ＤＡ　ＮＡＮＧ", DA_NANG),
        ("Đà Nẵng", DA_NANG),
        ("ＳＤＧｓ", SDGS),
        ("sdgs", SDGS),
        ("ｓｄｇｓ/ｖｌｒ", {"conferences": SDGS["conferences"], "sessions": SDGS["sessions"]}),
        ("ウェルビーイング", {"sessions": SDGS["sessions"]}),
        ("well-being", {"sessions": SDGS["sessions"]}),
        ("ベトナム", {"cities": ["cities/da-nang/"]}),
        ("Vietnam", {"cities": ["cities/da-nang/"]}),
        ("le minh tuong", {"speakers": ["speakers/le-minh-tuong/"]}),
        ("計画投資局", {"speakers": ["speakers/le-minh-tuong/"]}),
        ("Planning Investment", {"speakers": ["speakers/le-minh-tuong/"]}),
        ("ダナン 計画投資局", {"speakers": ["speakers/le-minh-tuong/"]}),
        ("都市インフラ 鉄道", {"projects": ["projects/da-nang-urban-infrastructure/"]}),
        ("railway", {"projects": ["projects/da-nang-urban-infrastructure/"]}),
        ("ダナン ウェルビーイング", {}),
        ("スマートシティ", SDGS),
    ],
)
def test_search_finds_demo_content_in_either_language_and_script(client, demo, language, query, expected):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    assert found(response, language) == expected


@pytest.mark.parametrize(
    ("language", "title", "city_link"),
    [
        ("ja", "<title>「ダナン」の検索結果 | Y-PORT ポータル</title>", '<a href="/ja/cities/da-nang/">ダナン市</a>'),
        (
            "en",
            "<title>Search results for “ダナン” | Y-PORT Portal</title>",
            '<a href="/en/cities/da-nang/">Da Nang</a>',
        ),
    ],
)
def test_search_results_page_links_in_the_visitors_language(client, demo, language, title, city_link):
    response = client.get(f"/{language}/search/", {"q": "ダナン"})
    html = response.content.decode()
    assert_page_shell(response, language)
    assert title in html
    assert city_link in html
    assert '<meta name="robots" content="noindex">' in html
    assert re.findall(r'<h2 id="results-(\w+)">', html) == ["speakers", "cities", "projects"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_has_a_labelled_search_box_in_the_header(client, language):
    html = client.get(f"/{language}/conferences/").content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert f'<form class="site-search" method="get" action="/{language}/search/" role="search"' in header
    assert '<label for="site-search-q">' in header  # visible, and no placeholder instead of it
    assert '<input type="search" id="site-search-q" name="q" maxlength="100" enterkeyhint="search">' in header


def test_drafts_never_appear_in_results(client):
    published = ConferenceFactory(title_en="Harbour conference")
    SessionFactory(conference=published, title_en="Harbour session")
    AppearanceFactory(session__conference=published, speaker__name_en="Harbour speaker")
    CityFactory(name_en="Harbour city")
    draft = ConferenceFactory(title_en="Harbour draft conference", publication_state=PublicationState.DRAFT)
    AppearanceFactory(
        session__conference=draft, session__title_en="Harbour draft session", speaker__name_en="Harbour hidden"
    )
    yesterday = timezone.now() - datetime.timedelta(days=1)
    ended = ConferenceFactory(title_en="Harbour ended conference", publish_until=yesterday)
    SessionFactory(conference=ended, title_en="Harbour ended session")
    draft_city = CityFactory(name_en="Harbour draft city", publication_state=PublicationState.DRAFT)
    ProjectFactory(title_en="Harbour project", city=CityFactory(name_en="Quay city"))
    ProjectFactory(title_en="Harbour draft project", publication_state=PublicationState.DRAFT)
    ProjectFactory(title_en="Harbour project of a draft city", city=draft_city)
    SpeakerFactory(name_en="Harbour speaker without appearances")
    response = client.get("/en/search/", {"q": "harbour"})
    names = {group.kind: [str(item) for item in group.results] for group in response.context["groups"]}
    assert names == {
        "conferences": ["Harbour conference"],
        "sessions": ["Harbour session"],
        "speakers": ["Harbour speaker"],
        "cities": ["Harbour city"],
        "projects": ["Harbour project"],
    }
    main = response.content.decode().split("<main", 1)[1]
    assert "draft" not in main
    assert "ended" not in main
    assert "Harbour hidden" not in main


@pytest.mark.parametrize(
    ("query", "shows"),
    [
        ({}, "hint"),
        ({"q": ""}, "hint"),
        ({"q": "   "}, "hint"),
        ({"q": "・"}, "hint"),
        ({"q": "%"}, "results"),  # the conference's own %, not every row
        ({"q": "_"}, "results"),
        ({"q": "%%"}, "nothing"),
        ({"q": "\\"}, "nothing"),
        ({"q": "😀"}, "nothing"),
        ({"q": "' OR 1=1 --"}, "nothing"),
        ({"q": "\") OR search_text LIKE '%"}, "nothing"),
        ({"q": "<script>alert(1)</script>"}, "nothing"),
        ({"q": "x" * 100}, "nothing"),
        ({"q": "x" * 101}, "error"),
        ({"q": "ｘ" * 5000}, "error"),
        ({"q": "harbour\x00"}, "error"),
        ({"q": "\x00"}, "error"),
        ({"q": ["nothing-here", "harbour"]}, "results"),  # the last of repeated values counts
        ({"q": "HARBOUR"}, "results"),
    ],
)
def test_odd_queries_give_a_normal_page(client, query, shows):
    ConferenceFactory(title_en="Harbour conference 100% _done_")
    response = client.get("/en/search/", query)
    assert response.status_code == 200
    assert_page_shell(response, "en")
    main = response.content.decode().split("<main", 1)[1]
    assert "<script>alert(1)</script>" not in main
    assert ("Type a name, a title or a theme" in main) is (shows == "hint")
    assert ("Nothing found for" in main) is (shows == "nothing")
    assert bool(response.context["form"].errors) is (shows == "error")
    totals = [group.total for group in response.context["groups"]]
    assert totals == ([1, 0, 0, 0, 0] if shows == "results" else [0, 0, 0, 0, 0] if shows == "nothing" else [])


@pytest.mark.parametrize(("query", "total"), [("100%", 1), ("_done_", 1), ("0%", 1), ("e%", 0), ("h_r", 0)])
def test_like_wildcards_match_literally(client, query, total):
    ConferenceFactory(title_en="Harbour conference 100% _done_")
    ConferenceFactory(title_en="Another conference")
    response = client.get("/en/search/", {"q": query})
    assert response.context["groups"][0].total == total


def test_title_escapes_the_query(client):
    html = client.get("/en/search/", {"q": '<b>"x"</b>'}).content.decode()
    assert "<title>Search results for “&lt;b&gt;&quot;x&quot;&lt;/b&gt;” | Y-PORT Portal</title>" in html
    assert "<b>" not in html


def make_matches(rows):
    """``rows`` published conferences, sessions, speakers, cities and projects that all match "port"."""
    city = CityFactory(name_en="Port city 0")
    for number in range(rows):
        conference = ConferenceFactory(title_en=f"Port conference {number}")
        session = SessionFactory(conference=conference, title_en=f"Port session {number}")
        AppearanceFactory(session=session, speaker__name_en=f"Port speaker {number}", speaker__city=city)
        if number:
            CityFactory(name_en=f"Port city {number}")
        ProjectFactory(title_en=f"Port project {number}", city=city)


@pytest.mark.parametrize("rows", [1, 50])
def test_search_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    make_matches(rows)
    with django_assert_max_num_queries(5):
        response = client.get("/en/search/", {"q": "port"})
    assert [group.total for group in response.context["groups"]] == [rows] * 5
    assert [len(group.results) for group in response.context["groups"]] == [min(rows, RESULTS_PER_KIND)] * 5


def test_search_shows_the_first_results_of_each_kind_and_how_many_more(client):
    make_matches(RESULTS_PER_KIND + 5)
    html = client.get("/en/search/", {"q": "port"}).content.decode()
    assert "125 results" in html
    assert html.count('<p class="search-more">') == 5
    assert '<a href="/en/projects/?q=port">Show 5 more</a>' in html
    assert '<a href="/en/conferences/?q=port">Show 5 more</a>' in html
    assert '<a href="/en/speakers/?q=port">Show 5 more</a>' in html
    assert html.count("and 5 more: add a word to narrow the search.") == 2


def test_list_search_finds_what_the_site_search_finds(client, demo):
    for query in ("ＳＤＧｓ", "すまーとしてぃ", "Smart City"):
        response = client.get("/en/conferences/", {"q": query})
        assert [conference.slug for conference in response.context["conference_list"]] == ["ascc-2022"]
    for query in ("ダナン", "だなん", "da nang"):
        response = client.get("/ja/speakers/", {"q": query})
        assert [speaker.slug for speaker in response.context["speaker_list"]] == ["le-minh-tuong"]
        response = client.get("/ja/projects/", {"q": query})
        assert [f"projects/{project.slug}/" for project in response.context["projects"]] == DA_NANG_PROJECTS
