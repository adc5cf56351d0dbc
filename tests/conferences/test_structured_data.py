"""schema.org JSON-LD on conference, session and speaker pages."""

import datetime

import pytest
from django.core.management import call_command

from conferences.models import ConferenceFormat
from tests.factories import AppearanceFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from tests.helpers import SITE, json_ld_of
from tests.uploads import picture_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


def breadcrumb_names_and_items(data):
    assert data["@type"] == "BreadcrumbList"
    return [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]]


def test_demo_conference_page_describes_an_online_event(client):
    call_command("load_demo")
    event, breadcrumbs = json_ld_of(client, "/en/conferences/ascc-2022/")
    assert event == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "11th Asia Smart City Conference",
        "description": (
            "New city-making through public-private partnership for sustainable growth — decarbonisation, "
            "SDGs/VLR, smart city"
        ),
        "startDate": "2022-11-24",
        "endDate": "2022-11-25",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": f"{SITE}/en/conferences/ascc-2022/"},
        "organizer": {"@type": "Organization", "name": "City of Yokohama"},
        "performer": [{"@type": "Person", "name": "Le Minh Tuong", "url": f"{SITE}/en/speakers/le-minh-tuong/"}],
        "inLanguage": "en",
        "url": f"{SITE}/en/conferences/ascc-2022/",
    }
    assert breadcrumb_names_and_items(breadcrumbs) == [
        (1, "Home", f"{SITE}/en/"),
        (2, "Conferences", f"{SITE}/en/conferences/"),
        (3, "11th Asia Smart City Conference", f"{SITE}/en/conferences/ascc-2022/"),
    ]
    event, breadcrumbs = json_ld_of(client, "/ja/conferences/ascc-2022/")
    assert (event["name"], event["inLanguage"], event["organizer"]["name"]) == (
        "第11回アジア・スマートシティ会議",
        "ja",
        "横浜市",
    )
    assert breadcrumb_names_and_items(breadcrumbs)[0] == (1, "トップページ", f"{SITE}/ja/")


def test_on_site_conference_is_an_offline_event_at_its_venue(client):
    conference = ConferenceFactory(format=ConferenceFormat.ON_SITE, venue_en="Pacifico Yokohama", organiser_en="")
    event, _breadcrumbs = json_ld_of(client, f"/en/conferences/{conference.slug}/")
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {"@type": "Place", "name": "Pacifico Yokohama", "address": "Pacifico Yokohama"}
    assert "organizer" not in event


def test_hybrid_conference_is_a_mixed_event_in_both_places(client):
    conference = ConferenceFactory(format=ConferenceFormat.HYBRID, venue_en="Pacifico Yokohama")
    event, _breadcrumbs = json_ld_of(client, f"/en/conferences/{conference.slug}/")
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert event["location"] == [
        {"@type": "Place", "name": "Pacifico Yokohama", "address": "Pacifico Yokohama"},
        {"@type": "VirtualLocation", "url": f"{SITE}/en/conferences/{conference.slug}/"},
    ]


def test_conference_with_a_banner_gives_its_image(client):
    conference = ConferenceFactory(banner=picture_upload("banner.jpg", size=(1800, 600)))
    event, _breadcrumbs = json_ld_of(client, f"/en/conferences/{conference.slug}/")
    assert event["image"] == f"{SITE}{conference.banner.rendition(1600)}"
    assert event["image"].endswith(".w1600.webp")


def test_text_that_closes_the_script_cannot_break_out_of_the_data_block(client):
    title = '</script><script>alert("x")</script><!-- & "quoted"'
    conference = ConferenceFactory(title_en=title, theme_en="")
    response = client.get(f"/en/conferences/{conference.slug}/")
    html = response.content.decode()
    assert '<script>alert("x")' not in html
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert" in html
    event, breadcrumbs = json_ld_of(client, f"/en/conferences/{conference.slug}/")
    assert event["name"] == title
    assert breadcrumbs["itemListElement"][-1]["name"] == title


def test_session_page_describes_an_event_within_the_conference(client):
    session = SessionFactory(
        title_en="Opening",
        summary_en="Welcome.",
        conference__title_en="ASCC",
        conference__slug="ascc",
        conference__organiser_en="City of Yokohama",
        slug="opening",
        starts_at=datetime.datetime(2022, 11, 24, 1, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2022, 11, 24, 2, 30, tzinfo=datetime.UTC),
    )
    AppearanceFactory(session=session, order=2, speaker=SpeakerFactory(name_en="Ben Lee", slug="ben-lee"))
    AppearanceFactory(session=session, order=1, speaker=SpeakerFactory(name_en="Aiko Sato", slug="aiko-sato"))
    event, breadcrumbs = json_ld_of(client, "/en/conferences/ascc/sessions/opening/")
    assert event == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Opening",
        "description": "Welcome.",
        "startDate": "2022-11-24T10:00:00+09:00",
        "endDate": "2022-11-24T11:30:00+09:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": f"{SITE}/en/conferences/ascc/"},
        "organizer": {"@type": "Organization", "name": "City of Yokohama"},
        "performer": [
            {"@type": "Person", "name": "Aiko Sato", "url": f"{SITE}/en/speakers/aiko-sato/"},
            {"@type": "Person", "name": "Ben Lee", "url": f"{SITE}/en/speakers/ben-lee/"},
        ],
        "superEvent": {"@type": "Event", "name": "ASCC", "url": f"{SITE}/en/conferences/ascc/"},
        "inLanguage": "en",
        "url": f"{SITE}/en/conferences/ascc/sessions/opening/",
    }
    assert session.conference.title_en == "ASCC"
    assert breadcrumb_names_and_items(breadcrumbs) == [
        (1, "Home", f"{SITE}/en/"),
        (2, "Conferences", f"{SITE}/en/conferences/"),
        (3, "ASCC", f"{SITE}/en/conferences/ascc/"),
        (4, "Opening", f"{SITE}/en/conferences/ascc/sessions/opening/"),
    ]


def test_session_without_times_is_on_its_conferences_dates(client):
    call_command("load_demo")
    event, _breadcrumbs = json_ld_of(client, "/ja/conferences/ascc-2022/sessions/sdgs-vlr-well-being/")
    assert (event["name"], event["startDate"], event["endDate"]) == (
        "SDGs/VLR/ウェルビーイング指標",
        "2022-11-24",
        "2022-11-25",
    )


def test_speaker_page_describes_a_person(client):
    call_command("load_demo")
    person, breadcrumbs = json_ld_of(client, "/en/speakers/le-minh-tuong/")
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Le Minh Tuong",
        "jobTitle": "Deputy Director",
        "affiliation": {"@type": "Organization", "name": "Department of Planning and Investment, Da Nang City"},
        "url": f"{SITE}/en/speakers/le-minh-tuong/",
    }
    assert breadcrumb_names_and_items(breadcrumbs) == [
        (1, "Home", f"{SITE}/en/"),
        (2, "Speakers", f"{SITE}/en/speakers/"),
        (3, "Le Minh Tuong", f"{SITE}/en/speakers/le-minh-tuong/"),
    ]
    person, _breadcrumbs = json_ld_of(client, "/ja/speakers/le-minh-tuong/")
    assert (person["jobTitle"], person["affiliation"]["name"]) == ("副局長", "ダナン市計画投資局")


def test_speaker_with_a_photo_gives_its_image(client):
    appearance = AppearanceFactory(speaker=SpeakerFactory(photo=picture_upload("photo.jpg")))
    person, _breadcrumbs = json_ld_of(client, appearance.speaker.get_absolute_url())
    assert person["image"] == f"{SITE}{appearance.speaker.photo.rendition(480)}"


@pytest.mark.parametrize(
    ("path", "name"), [("/en/conferences/", "Conferences"), ("/en/speakers/", "Speakers"), ("/ja/speakers/", "登壇者")]
)
def test_lists_have_breadcrumbs(client, path, name):
    (breadcrumbs,) = json_ld_of(client, path)
    language = path[1:3]
    assert breadcrumb_names_and_items(breadcrumbs) == [
        (1, {"en": "Home", "ja": "トップページ"}[language], f"{SITE}/{language}/"),
        (2, name, f"{SITE}{path}"),
    ]


def test_conference_performers_are_the_speakers_of_its_sessions_each_once(client):
    conference = ConferenceFactory(slug="ascc")
    first = SessionFactory(conference=conference, order=1, slug="first")
    second = SessionFactory(conference=conference, order=2, slug="second")
    aiko = SpeakerFactory(name_en="Aiko Sato", slug="aiko-sato")
    AppearanceFactory(session=first, order=1, speaker=aiko)
    AppearanceFactory(session=second, order=1, speaker=SpeakerFactory(name_en="Ben Lee", slug="ben-lee"))
    AppearanceFactory(session=second, order=2, speaker=aiko)
    event, _breadcrumbs = json_ld_of(client, "/en/conferences/ascc/")
    assert event["performer"] == [
        {"@type": "Person", "name": "Aiko Sato", "url": f"{SITE}/en/speakers/aiko-sato/"},
        {"@type": "Person", "name": "Ben Lee", "url": f"{SITE}/en/speakers/ben-lee/"},
    ]


def test_conference_without_speakers_has_no_performer(client):
    conference = ConferenceFactory()
    event, _breadcrumbs = json_ld_of(client, f"/en/conferences/{conference.slug}/")
    assert "performer" not in event


def test_long_english_description_is_cut_at_a_word_with_an_ellipsis(client):
    summary = "Cities share " + "knowledge " * 60  # 613 characters, no sentence end
    session = SessionFactory(summary_en=summary)
    event, _breadcrumbs = json_ld_of(client, session.get_absolute_url().replace("/ja/", "/en/"))
    expected = "Cities share " + " ".join(["knowledge"] * 48) + "…"
    assert event["description"] == expected
    assert len(expected) == 493


def test_long_description_is_cut_after_its_last_whole_sentence(client):
    summary = "Cities met. " + "They talked about water and energy. " * 20  # 712 characters
    session = SessionFactory(summary_en=summary)
    event, _breadcrumbs = json_ld_of(client, session.get_absolute_url().replace("/ja/", "/en/"))
    assert event["description"] == "Cities met. " + " ".join(["They talked about water and energy."] * 13) + "…"


def test_long_japanese_description_is_cut_after_a_sentence_end(client):
    summary = "都市が集まった。" + "水とエネルギーについて話し合った。" * 40
    session = SessionFactory(summary_ja=summary)
    event, _breadcrumbs = json_ld_of(client, session.get_absolute_url())
    assert event["description"] == "都市が集まった。" + "水とエネルギーについて話し合った。" * 28 + "…"


def test_long_japanese_description_without_a_sentence_end_is_cut_between_characters(client):
    conference = ConferenceFactory(theme_ja="", description_ja="あ" * 300 + "い" * 300)
    event, _breadcrumbs = json_ld_of(client, conference.get_absolute_url())
    assert event["description"] == "あ" * 300 + "い" * 199 + "…"


def test_description_within_the_limit_is_whole(client):
    summary = "x" * 500
    session = SessionFactory(summary_en=summary)
    event, _breadcrumbs = json_ld_of(client, session.get_absolute_url().replace("/ja/", "/en/"))
    assert event["description"] == summary


def test_long_speaker_biography_is_cut_at_a_word_with_an_ellipsis(client):
    speaker = SpeakerFactory(biography_en="She plans " + "resilient " * 60)
    AppearanceFactory(speaker=speaker)
    person, _breadcrumbs = json_ld_of(client, speaker.get_absolute_url().replace("/ja/", "/en/"))
    assert person["description"] == "She plans " + " ".join(["resilient"] * 49) + "…"


def test_organizer_gives_its_website_on_the_conference_and_its_sessions(client):
    session = SessionFactory(
        slug="opening",
        conference__slug="ascc",
        conference__organiser_en="City of Yokohama",
        conference__organiser_url="https://www.city.yokohama.lg.jp/",
    )
    organizer = {"@type": "Organization", "name": "City of Yokohama", "url": "https://www.city.yokohama.lg.jp/"}
    event, _breadcrumbs = json_ld_of(client, "/en/conferences/ascc/")
    assert event["organizer"] == organizer
    event, _breadcrumbs = json_ld_of(client, "/en/conferences/ascc/sessions/opening/")
    assert event["organizer"] == organizer
    assert session.conference.organiser_url == "https://www.city.yokohama.lg.jp/"
