"""Open Graph, Twitter card and canonical links on every public page."""

from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AppearanceFactory, CityFactory, ConferenceFactory
from tests.helpers import SITE
from tests.uploads import picture_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]

DEFAULT_IMAGE = f"{SITE}/static/img/og-default.png"


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.canonical = []
        self.alternates = {}
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs["content"])


def head_of(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status
    parser = HeadParser()
    parser.feed(response.content.decode().split("</head>")[0])
    return parser


# path, og:type, og:title in English, og:title in Japanese
PAGES = [
    ("", "website", "Y-PORT Portal", "Y-PORT ポータル"),
    ("conferences/", "website", "Asia Smart City Conference", "アジア・スマートシティ会議"),
    ("conferences/ascc-2022/", "article", "11th Asia Smart City Conference", "第11回アジア・スマートシティ会議"),
    (
        "conferences/ascc-2022/sessions/sdgs-vlr-well-being/",
        "article",
        "SDGs / VLR / well-being indicators | 11th Asia Smart City Conference",
        "SDGs/VLR/ウェルビーイング指標 | 第11回アジア・スマートシティ会議",
    ),
    ("speakers/", "website", "Speakers", "登壇者"),
    ("speakers/le-minh-tuong/", "profile", "Le Minh Tuong", "Le Minh Tuong"),
    ("cities/", "website", "Partner cities", "パートナー都市"),
    ("cities/da-nang/", "article", "Da Nang", "ダナン市"),
    ("inquiry/", "website", "Business inquiry", "ビジネスのお問い合わせ"),
    ("privacy/", "website", "Privacy notice", "個人情報の取り扱い"),
]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_public_page_has_a_canonical_link_and_an_open_graph_card(client, language):
    call_command("load_demo")
    for path, og_type, *titles in PAGES:
        title = {"en": titles[-2], "ja": titles[-1]}[language]
        head = head_of(client, f"/{language}/{path}?utm_source=newsletter&fbclid=abc")
        url = f"{SITE}/{language}/{path}"
        assert head.canonical == [url], path
        assert head.meta["og:url"] == [url], path
        assert head.meta["og:type"] == [og_type], path
        assert head.meta["og:title"] == [title], path
        assert head.meta["og:site_name"] == [{"en": "Y-PORT Portal", "ja": "Y-PORT ポータル"}[language]], path
        assert head.meta["og:image"] == [DEFAULT_IMAGE], path
        assert head.meta["og:locale"] == [{"en": "en_US", "ja": "ja_JP"}[language]], path
        assert head.meta["og:locale:alternate"] == [{"en": "ja_JP", "ja": "en_US"}[language]], path
        assert head.meta["twitter:card"] == ["summary_large_image"], path
        assert len(head.meta["og:description"][0]) > 5, path


def test_the_default_card_image_is_served(client):
    response = client.get("/static/img/og-default.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_detail_pages_describe_themselves_in_the_card(client):
    call_command("load_demo")
    head = head_of(client, "/en/conferences/ascc-2022/")
    assert head.meta["og:description"] == [
        "New city-making through public-private partnership for sustainable growth — decarbonisation, SDGs/VLR, "
        "smart city"
    ]
    head = head_of(client, "/en/speakers/le-minh-tuong/")
    assert head.meta["og:description"] == [
        "Le Minh Tuong — Deputy Director, Department of Planning and Investment, Da Nang City"
    ]


def test_pictures_are_the_card_image_when_there_are_some(client):
    conference = ConferenceFactory(banner=picture_upload("banner.jpg", size=(1800, 600)))
    appearance = AppearanceFactory(
        session__conference=conference, speaker__photo=picture_upload("photo.jpg"), speaker__slug="pictured"
    )
    city = CityFactory(hero_image=picture_upload("hero.jpg", size=(1400, 600)))
    assert head_of(client, conference.get_absolute_url()).meta["og:image"] == [
        f"{SITE}{conference.banner.rendition(1600)}"
    ]
    assert head_of(client, appearance.session.get_absolute_url()).meta["og:image"] == [
        f"{SITE}{conference.banner.rendition(1600)}"
    ]
    assert head_of(client, appearance.speaker.get_absolute_url()).meta["og:image"] == [
        f"{SITE}{appearance.speaker.photo.rendition(480)}"
    ]
    assert head_of(client, city.get_absolute_url()).meta["og:image"] == [f"{SITE}{city.hero_image.rendition(1200)}"]


@pytest.mark.parametrize(
    ("query", "canonical_query"),
    [
        ("?year=2022&utm_source=x&page=2&format=online", "?format=online&page=2&year=2022"),
        ("?year=abc&format=junk&page=2", "?page=2"),
        ("?year=2022&year=abc", ""),
        ("?page=02", "?page=2"),
        ("?page=1", ""),
        ("?page=abc", ""),
        ("?page=" + "9" * 5000, ""),
        ("?year=&format=", ""),
        ("?q=" + "x" * 101, ""),
        ("?q=%3Cscript%3E", "?q=%3Cscript%3E"),
    ],
)
def test_canonical_link_of_a_list_keeps_its_filters_and_page_only(client, query, canonical_query):
    ConferenceFactory()
    head = head_of(client, f"/en/conferences/{query}")
    assert head.canonical == [f"{SITE}/en/conferences/{canonical_query}"]
    assert head.meta["og:url"] == head.canonical


def test_canonical_link_of_the_speaker_list_keeps_its_filters(client):
    city = CityFactory(slug="da-nang")
    head = head_of(client, f"/ja/speakers/?city={city.pk}&organisation=City&gclid=1")
    assert head.canonical == [f"{SITE}/ja/speakers/?city={city.pk}&organisation=City"]


def test_canonical_link_of_a_detail_page_has_no_query(client):
    conference = ConferenceFactory(slug="ascc")
    head = head_of(client, "/ja/conferences/ascc/?year=2022&page=3&utm_campaign=x")
    assert head.canonical == [f"{SITE}{conference.get_absolute_url()}"]


def test_canonical_and_hreflang_links_name_the_same_normalised_address(client):
    ConferenceFactory()
    head = head_of(client, "/en/conferences/?year=abc&utm_source=x&q=%20smart%20&page=3&format=online&format=hybrid")
    query = "format=hybrid&page=3&q=smart"
    assert head.canonical == [f"{SITE}/en/conferences/?{query}"]
    # One base for both, the site's address, whatever host the request named.
    assert head.alternates == {
        "ja": f"{SITE}/ja/conferences/?{query}",
        "en": f"{SITE}/en/conferences/?{query}",
        "x-default": f"{SITE}/ja/conferences/?{query}",
    }


def test_hreflang_links_of_a_detail_page_have_no_query(client):
    conference = ConferenceFactory(slug="ascc")
    head = head_of(client, "/en/conferences/ascc/?year=2022&page=3")
    assert head.alternates == {
        "ja": f"{SITE}/ja/conferences/ascc/",
        "en": f"{SITE}/en/conferences/ascc/",
        "x-default": f"{SITE}/ja/conferences/ascc/",
    }
    assert head.canonical == [f"{SITE}{conference.get_absolute_url()}"]


def test_canonical_and_hreflang_links_ignore_the_host_the_request_named(client):
    ConferenceFactory(slug="ascc")
    response = client.get("/en/conferences/ascc/", HTTP_HOST="localhost")
    parser = HeadParser()
    parser.feed(response.content.decode().split("</head>")[0])

    assert parser.canonical == [f"{SITE}/en/conferences/ascc/"]
    assert set(parser.alternates.values()) == {f"{SITE}/ja/conferences/ascc/", f"{SITE}/en/conferences/ascc/"}


@pytest.mark.parametrize(
    ("path", "junk"),
    [
        ("/en/conferences/", "year=abc"),
        ("/en/speakers/", "city=not%20a%20slug"),
        ("/en/cities/", "field=not%20a%20slug&country=vn"),
    ],
)
def test_list_filter_with_junk_costs_no_more_queries_than_without(client, path, junk):
    """The list validates its filters once, for itself and its canonical link (``seo.page_query``)."""
    CityFactory(slug="da-nang")
    ConferenceFactory()
    with CaptureQueriesContext(connection) as plain:
        assert client.get(path).status_code == 200
    caches["template_fragments"].clear()  # each request renders its page whole
    with CaptureQueriesContext(connection) as with_junk:
        assert client.get(f"{path}?{junk}").status_code == 200

    assert len(with_junk) == len(plain)


@pytest.mark.parametrize("path", ["/en/conferences/missing/", "/ja/no-such-page/", "/en/speakers/nobody/?page=2"])
def test_page_not_found_has_no_canonical_or_hreflang_link(client, path):
    head = head_of(client, path, status=404)
    assert head.canonical == []
    assert head.alternates == {}
    assert head.meta["twitter:card"] == ["summary_large_image"]
