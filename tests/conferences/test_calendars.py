import datetime
import zoneinfo

import icalendar
import pytest
from django.core.management import call_command
from django.test import Client

from conferences.models import Conference, ConferenceFormat
from tests.factories import ConferenceFactory, SessionFactory
from yport.publishing import PublicationState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
UTC = datetime.UTC


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def timed_conference():
    conference = ConferenceFactory(
        slug="ascc-test",
        title_ja="第11回アジア・スマートシティ会議",
        title_en="11th Asia Smart City Conference",
        start_date=datetime.date(2022, 11, 24),
        end_date=datetime.date(2022, 11, 25),
    )
    timed = SessionFactory(
        conference=conference,
        slug="opening",
        title_ja="開会",
        title_en="Opening",
        summary_en="Welcome.",
        starts_at=datetime.datetime(2022, 11, 24, 1, 0, tzinfo=UTC),  # 10:00 in Tokyo
        ends_at=datetime.datetime(2022, 11, 24, 2, 30, tzinfo=UTC),
    )
    untimed = SessionFactory(conference=conference, slug="untimed")
    return conference, timed, untimed


def test_conference_calendar_of_the_demo_11th_ascc_is_an_all_day_event_on_its_dates(client):
    call_command("load_demo")
    conference = Conference.objects.get(slug="ascc-2022")
    response = client.get("/ja/conferences/ascc-2022/calendar.ics")
    calendar = calendar_of(response)
    assert response["Content-Disposition"] == 'attachment; filename="ascc-2022.ics"'
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "第11回アジア・スマートシティ会議"
    (event,) = calendar.walk("VEVENT")  # the demo session has no time, so it is left out
    assert str(event["UID"]) == f"conference-{conference.pk}@portal.example.jp"
    assert event.decoded("DTSTART") == datetime.date(2022, 11, 24)
    assert event.decoded("DTEND") == datetime.date(2022, 11, 26)  # exclusive: the day after the last day
    assert event.decoded("DTSTAMP") == conference.updated_at.replace(microsecond=0)
    assert str(event["SUMMARY"]) == "第11回アジア・スマートシティ会議"
    assert str(event["LOCATION"]) == "オンライン"
    assert str(event["URL"]) == "https://portal.example.jp/ja/conferences/ascc-2022/"
    assert str(event["DESCRIPTION"]).startswith("持続可能な成長を実現する公民連携による新たな都市づくり")


def test_conference_calendar_is_in_the_requested_language(client):
    call_command("load_demo")
    (event,) = calendar_of(client.get("/en/conferences/ascc-2022/calendar.ics")).walk("VEVENT")
    assert str(event["SUMMARY"]) == "11th Asia Smart City Conference"
    assert str(event["LOCATION"]) == "Online"
    assert str(event["URL"]) == "https://portal.example.jp/en/conferences/ascc-2022/"


def test_conference_calendar_has_timed_sessions_in_tokyo_time_with_a_vtimezone(client):
    conference, timed, untimed = timed_conference()
    calendar = calendar_of(client.get("/en/conferences/ascc-test/calendar.ics"))
    events = events_of(calendar)
    assert sorted(events) == sorted(
        [f"conference-{conference.pk}@portal.example.jp", f"session-{timed.pk}@portal.example.jp"]
    )
    session = events[f"session-{timed.pk}@portal.example.jp"]
    assert session["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert session.decoded("DTSTART") == datetime.datetime(2022, 11, 24, 10, 0, tzinfo=TOKYO)
    assert session.decoded("DTEND") == datetime.datetime(2022, 11, 24, 11, 30, tzinfo=TOKYO)
    assert session.to_ical().decode().count("DTSTART;TZID=Asia/Tokyo:20221124T100000") == 1
    assert str(session["SUMMARY"]) == "Opening"
    assert str(session["DESCRIPTION"]) == "Welcome."
    assert str(session["RELATED-TO"]) == f"conference-{conference.pk}@portal.example.jp"
    assert str(session["URL"]) == "https://portal.example.jp/en/conferences/ascc-test/sessions/opening/"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Tokyo"
    (standard,) = zone.walk("STANDARD")
    assert standard.decoded("TZOFFSETTO") == datetime.timedelta(hours=9)
    assert all("DTSTAMP" in event for event in events.values())


def test_calendar_uids_do_not_change_when_slugs_do(client):
    conference, timed, _untimed = timed_conference()
    before = sorted(events_of(calendar_of(client.get("/ja/conferences/ascc-test/calendar.ics"))))
    Conference.objects.filter(pk=conference.pk).update(slug="renamed")
    timed.slug = "renamed-session"
    timed.save()
    after = sorted(events_of(calendar_of(client.get("/ja/conferences/renamed/calendar.ics"))))
    assert after == before


def test_session_calendar_has_the_session_only(client):
    _conference, timed, _untimed = timed_conference()
    response = client.get("/ja/conferences/ascc-test/sessions/opening/calendar.ics")
    calendar = calendar_of(response)
    assert response["Content-Disposition"] == 'attachment; filename="ascc-test-opening.ics"'
    assert list(events_of(calendar)) == [f"session-{timed.pk}@portal.example.jp"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "開会"
    assert str(event["LOCATION"]) == "オンライン"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]


def test_on_site_conference_calendar_gives_the_venue(client):
    ConferenceFactory(slug="on-site", format=ConferenceFormat.ON_SITE, venue_ja="パシフィコ横浜", venue_en="Pacifico")
    (event,) = calendar_of(client.get("/en/conferences/on-site/calendar.ics")).walk("VEVENT")
    assert str(event["LOCATION"]) == "Pacifico"


@pytest.mark.parametrize(
    "path",
    [
        "/ja/conferences/draft/calendar.ics",
        "/ja/conferences/draft/sessions/draft-session/calendar.ics",
        "/ja/conferences/ascc-test/sessions/untimed/calendar.ics",
        "/ja/conferences/ascc-test/sessions/missing/calendar.ics",
        "/ja/conferences/missing/calendar.ics",
        "/ja/conferences/draft/sessions/opening/calendar.ics",
    ],
)
def test_calendars_of_drafts_untimed_or_missing_rows_are_404(client, path):
    timed_conference()
    draft = ConferenceFactory(slug="draft", publication_state=PublicationState.DRAFT)
    SessionFactory(conference=draft, slug="draft-session", starts_at=datetime.datetime(2022, 11, 24, 1, tzinfo=UTC))
    assert client.get(path).status_code == 404


def test_conferences_calendar_lists_every_published_conference_to_subscribe_to(client):
    published = [
        ConferenceFactory(start_date=datetime.date(2019, 10, 1), end_date=datetime.date(2019, 10, 3)),
        ConferenceFactory(start_date=datetime.date(2022, 11, 24), end_date=datetime.date(2022, 11, 25)),
    ]
    ConferenceFactory(publication_state=PublicationState.DRAFT)
    response = client.get("/en/conferences/calendar.ics")
    calendar = calendar_of(response)
    assert response["Content-Disposition"] == 'attachment; filename="asia-smart-city-conference.ics"'
    assert str(calendar["X-WR-CALNAME"]) == "Asia Smart City Conference"
    assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(days=1)
    events = events_of(calendar)
    assert sorted(events) == sorted(f"conference-{conference.pk}@portal.example.jp" for conference in published)
    first = events[f"conference-{published[0].pk}@portal.example.jp"]
    assert (first.decoded("DTSTART"), first.decoded("DTEND")) == (
        datetime.date(2019, 10, 1),
        datetime.date(2019, 10, 4),
    )
    ja = calendar_of(client.get("/ja/conferences/calendar.ics"))
    assert str(ja["X-WR-CALNAME"]) == "アジア・スマートシティ会議"


def test_conferences_calendar_with_none_published_is_an_empty_calendar(client):
    calendar = calendar_of(client.get("/ja/conferences/calendar.ics"))
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize("rows", [1, 40])
def test_calendar_query_counts_do_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    conference = ConferenceFactory(slug="many")
    for _index in range(rows):
        session = SessionFactory(conference=conference, starts_at=datetime.datetime(2022, 11, 24, 1, tzinfo=UTC))
        ConferenceFactory()
    with django_assert_max_num_queries(1):
        assert len(calendar_of(client.get("/ja/conferences/calendar.ics")).walk("VEVENT")) == rows + 1
    with django_assert_max_num_queries(2):
        assert len(calendar_of(client.get("/ja/conferences/many/calendar.ics")).walk("VEVENT")) == rows + 1
    with django_assert_max_num_queries(1):
        calendar_of(client.get(f"/ja/conferences/many/sessions/{session.slug}/calendar.ics"))


def test_session_page_says_the_time_zone_and_links_its_calendar(client):
    timed_conference()
    ja = client.get("/ja/conferences/ascc-test/sessions/opening/").content.decode()
    assert "2022年11月24日（木） 10:00〜11:30（日本時間、UTC+9）" in ja
    assert 'href="/ja/conferences/ascc-test/sessions/opening/calendar.ics"' in ja
    en = client.get("/en/conferences/ascc-test/sessions/opening/").content.decode()
    assert "24 November 2022, 10:00–11:30 JST (UTC+9)" in en
    assert "カレンダーに追加" in ja and "Add to calendar" in en


def test_session_page_without_a_time_has_no_calendar_link(client):
    timed_conference()
    html = client.get("/en/conferences/ascc-test/sessions/untimed/").content.decode()
    assert "calendar.ics" not in html
    assert "24–25 November 2022" in html


def test_conference_page_links_add_to_calendar(client):
    timed_conference()
    html = client.get("/en/conferences/ascc-test/").content.decode()
    assert (
        '<a class="calendar-link" href="/en/conferences/ascc-test/calendar.ics" type="text/calendar" download>'
        "Add to calendar (.ics)</a>" in html
    )


def test_conference_list_links_the_subscribable_calendar_and_the_feed(client):
    ConferenceFactory()
    html = client.get("/ja/conferences/").content.decode()
    assert 'href="/ja/conferences/calendar.ics"' in html
    assert 'href="/ja/conferences/feed/"' in html


@pytest.mark.django_db(transaction=True)
def test_page_cache_keeps_the_calendar_headers(settings, django_assert_num_queries):
    settings.PAGE_CACHE = True
    timed_conference()
    first = Client().get("/ja/conferences/ascc-test/calendar.ics")
    with django_assert_num_queries(0):  # served from the page cache
        second = Client().get("/ja/conferences/ascc-test/calendar.ics")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "text/calendar; charset=utf-8"
    assert second["Content-Disposition"] == 'attachment; filename="ascc-test.ics"'
    assert len(calendar_of(second).walk("VEVENT")) == 2
