import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from conferences.models import Conference
from tests.factories import ConferenceFactory
from tests.helpers import slug_errors
from yport.publishing import PublicationState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def test_feed_lists_published_conferences_newest_first_in_the_requested_language(client):
    older = ConferenceFactory(title_en="Older", title_ja="古い回", start_date=datetime.date(2019, 10, 1))
    newer = ConferenceFactory(title_en="Newer", title_ja="新しい回", start_date=datetime.date(2022, 11, 24))
    ConferenceFactory(title_en="Draft", publication_state=PublicationState.DRAFT)
    for language, titles in (("en", ["Newer", "Older"]), ("ja", ["新しい回", "古い回"])):
        feed = feed_of(client.get(f"/{language}/conferences/feed/"))
        assert feed.tag == f"{ATOM}feed"
        assert feed.get(XML_LANG) == language
        assert (
            feed.find(f"{ATOM}title").text
            == {"en": "Asia Smart City Conference", "ja": "アジア・スマートシティ会議"}[language]
        )
        assert feed.find(f"{ATOM}id").text == f"tag:portal.example.jp,2026:conferences:{language}"
        entries = feed.findall(f"{ATOM}entry")
        assert [entry.find(f"{ATOM}title").text for entry in entries] == titles
        links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
        assert links == [
            f"https://portal.example.jp/{language}/conferences/{conference.slug}/" for conference in (newer, older)
        ]
        ids = [entry.find(f"{ATOM}id").text for entry in entries]
        assert ids == [
            f"tag:portal.example.jp,2026:conference-{conference.pk}:{language}" for conference in (newer, older)
        ]
        self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
        assert self_link == f"https://portal.example.jp/{language}/conferences/feed/"


def test_feed_entry_of_the_demo_conference_says_dates_format_and_theme(client):
    call_command("load_demo")
    conference = Conference.objects.get()
    (entry,) = feed_of(client.get("/en/conferences/feed/")).findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text == (
        "24–25 November 2022 — online — New city-making through public-private partnership for sustainable growth "
        "— decarbonisation, SDGs/VLR, smart city"
    )
    updated = datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    assert updated == conference.updated_at


def test_feed_with_nothing_published_is_an_empty_feed(client):
    ConferenceFactory(publication_state=PublicationState.DRAFT)
    assert feed_of(client.get("/ja/conferences/feed/")).findall(f"{ATOM}entry") == []


@pytest.mark.parametrize("path", ["/ja/", "/en/", "/ja/conferences/", "/en/conferences/?year=2022"])
def test_home_and_conference_list_link_the_feed_in_their_head(client, path):
    ConferenceFactory()
    html = client.get(path).content.decode()
    head = html.split("</head>")[0]
    language = path[1:3]
    title = {"en": "Asia Smart City Conference", "ja": "アジア・スマートシティ会議"}[language]
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="{title}" '
        f'href="https://portal.example.jp/{language}/conferences/feed/">' in head
    )


@pytest.mark.parametrize("rows", [1, 60])
def test_feed_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ConferenceFactory()
    with django_assert_max_num_queries(1):
        feed = feed_of(client.get("/ja/conferences/feed/"))
    assert len(feed.findall(f"{ATOM}entry")) == min(rows, 50)


def test_conference_slug_cannot_take_the_feeds_address():
    assert slug_errors(ConferenceFactory.build(slug="feed")) == ["reserved_slug"]
    assert slug_errors(ConferenceFactory.build(slug="feeds")) == []
