"""The search text normaliser and the ``search_text`` every searchable row keeps (saves, admin, import, demo,
benchmark rows and the data migration that filled the rows that existed before)."""

import importlib
import io

import pytest
import tablib
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from cities.models import City
from conferences.models import Conference, Session, Speaker
from conferences.resources import SpeakerResource
from tests.factories import CityFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from yport.benchmark import bulk_insert
from yport.search_text import MAX_QUERY_WORDS, normalise, query_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＳＤＧｓ", "sdgs"),
        ("SDGs", "sdgs"),
        ("ダナン", "だなん"),
        ("だなん", "だなん"),
        ("ﾀﾞﾅﾝ", "だなん"),
        ("ガス", "がす"),  # the voicing mark stays: が is not か
        ("パシフィコ横浜", "ぱしふぃこ横浜"),
        ("Đà  Nẵng", "da nang"),
        ("DA NANG", "da nang"),
        ("ホー・チ・ミン", "ほーちみん"),
        ("ﾎｰ･ﾁ･ﾐﾝ", "ほーちみん"),
        ("Ｌｅ　Ｍｉｎｈ", "le minh"),  # ideographic space
        ("İstanbul", "istanbul"),
        ("Straße", "strasse"),
        ("a\x00b\tc\nd", "a b c d"),
        ("%_\\", "%_\\"),
        ("😀", "😀"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_normalise_maps_scripts_widths_and_case_to_one_form(text, expected):
    assert normalise(text) == expected


def test_query_words_are_distinct_normalised_and_capped():
    assert query_words("ダナン だなん ＳＤＧｓ  sdgs") == ["だなん", "sdgs"]
    assert query_words(" ".join(f"w{n}" for n in range(30))) == [f"w{n}" for n in range(MAX_QUERY_WORDS)]
    assert query_words("x" * 500) == ["x" * 100]
    assert query_words("・ \x00 ") == []


@pytest.mark.django_db
def test_save_keeps_the_search_text_of_both_languages():
    conference = ConferenceFactory(
        title_ja="第11回アジア・スマートシティ会議",
        title_en="11th Asia Smart City Conference",
        theme_ja="",
        theme_en="",
    )
    conference.refresh_from_db()
    assert conference.search_text == "第11回あじあすまーとしてぃ会議\n11th asia smart city conference"
    assert "11th asia smart city conference" in conference.search_text
    conference.title_en = "Renamed"
    conference.save(update_fields=["title_en"])
    conference.refresh_from_db()
    assert conference.search_text == "第11回あじあすまーとしてぃ会議\nrenamed"


@pytest.mark.django_db
def test_city_search_text_has_the_country_name_in_both_languages():
    city = CityFactory(name_ja="ダナン市", name_en="Da Nang", country="VN", summary_ja="", summary_en="")
    assert City.objects.get(pk=city.pk).search_text == "だなん市\nda nang\nべとなむ\nvietnam"


@pytest.mark.django_db
def test_admin_save_fills_the_search_text(admin_client):
    data = {
        "edition": "12", "title_ja": "第12回会議", "title_en": "12th Conference", "slug": "ascc-2023",
        "theme_ja": "", "theme_en": "", "description_ja": "", "description_en": "",
        "start_date": "2023-11-01", "end_date": "2023-11-02", "format": "online", "venue_ja": "", "venue_en": "",
        "participants": "", "organiser_ja": "", "organiser_en": "", "report_url": "", "banner_alt_ja": "",
        "banner_alt_en": "", "publication_state": "published",
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0", "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000", "sessions-0-title_ja": "基調講演", "sessions-0-title_en": "Keynote",
        "sessions-0-slug": "keynote", "sessions-0-kind": "keynote", "sessions-0-order": "1",
        "sessions-0-summary_ja": "", "sessions-0-summary_en": "",
    }  # fmt: skip
    response = admin_client.post(reverse("admin:conferences_conference_add"), data)
    assert response.status_code == 302
    assert Conference.objects.get(slug="ascc-2023").search_text == "第12回会議\n12th conference"
    assert Session.objects.get(slug="keynote").search_text == "基調講演\nkeynote"


@pytest.mark.django_db
def test_import_fills_the_search_text():
    dataset = tablib.Dataset(headers=["slug", "name_ja", "name_en", "position_ja", "position_en"])
    dataset.append(["le-minh-tuong", "Le Minh Tuong", "Le Minh Tuong", "副局長", "Deputy Director"])
    result = SpeakerResource().import_data(dataset, raise_errors=True)
    assert not result.has_errors()
    assert Speaker.objects.get(slug="le-minh-tuong").search_text == "le minh tuong\n副局長\ndeputy director"


@pytest.mark.django_db
def test_demo_content_is_searchable():
    call_command("load_demo", stdout=io.StringIO())
    assert "だなん市" in City.objects.get(slug="da-nang").search_text
    assert "sdgs/vlr/うぇるびーいんぐ指標" in Session.objects.get(slug="sdgs-vlr-well-being").search_text


@pytest.mark.django_db
def test_benchmark_bulk_insert_fills_the_search_text():
    rows = [City(name_ja="ベンチマーク市1", name_en="Benchmark city 1", slug="bench-x", country="VN")]
    (city,) = bulk_insert(City, rows)
    assert City.objects.get(pk=city.pk).search_text.startswith("べんちまーく市1\nbenchmark city 1\n")


@pytest.mark.django_db
def test_data_migrations_fill_the_search_text_as_saving_does():
    """The migrations' frozen copy of the normaliser gives what the live one gives today."""
    city = CityFactory(name_ja="ダナン市", name_en="Đà Nẵng", summary_ja="ＳＤＧｓ・ホーチミン")
    conference = ConferenceFactory(title_ja="ｶﾞｽ会議", theme_en="İstanbul  Straße")
    session = SessionFactory(conference=conference, summary_en="Zero\tcarbon")
    speaker = SpeakerFactory(biography_ja="横浜市　国際局")
    expected = {row: row.search_text for row in (city, conference, session, speaker)}
    for model in (City, Conference, Session, Speaker):
        model.objects.update(search_text="")
    importlib.import_module("cities.migrations.0005_fill_city_search_text").fill_search_text(apps, None)
    importlib.import_module("conferences.migrations.0004_fill_search_text").fill_search_text(apps, None)
    for row, text in expected.items():
        row.refresh_from_db()
        assert row.search_text == text


@pytest.mark.django_db
def test_rebuild_search_text_updates_rows_changed_without_save():
    city = CityFactory(name_en="Da Nang", name_ja="ダナン市", summary_ja="", summary_en="")
    SpeakerFactory()
    City.objects.filter(pk=city.pk).update(name_en="Đà Nẵng City")
    out = io.StringIO()
    call_command("rebuild_search_text", stdout=out)
    assert out.getvalue().splitlines() == [
        "cities.City: 1 rows updated",
        "projects.Project: 0 rows updated",
        "conferences.Conference: 0 rows updated",
        "conferences.Session: 0 rows updated",
        "conferences.Speaker: 0 rows updated",
    ]
    assert City.objects.get(pk=city.pk).search_text == "だなん市\nda nang city\nべとなむ\nvietnam"
