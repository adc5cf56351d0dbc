import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from import_export.formats.base_formats import XLSX

from conferences import demo
from conferences.models import Appearance, Conference, Session, Speaker
from conferences.resources import SessionResource, SpeakerResource
from tests.factories import CityFactory, ConferenceFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_load_demo_creates_the_11th_ascc_once(client):
    call_command("load_demo")
    call_command("load_demo")
    conference = Conference.objects.get()
    assert (conference.edition, conference.title_ja, conference.participants) == (
        11,
        "第11回アジア・スマートシティ会議",
        730,
    )
    session = Session.objects.get()
    assert session.sdg_goals.count() == 0
    appearance = Appearance.objects.get()
    assert (appearance.speaker.name_en, appearance.position_en) == ("Le Minh Tuong", "Deputy Director")
    assert "第11回アジア・スマートシティ会議" in client.get("/ja/").content.decode()
    assert "11th Asia Smart City Conference" in client.get("/en/").content.decode()
    assert client.get(session.get_absolute_url()).status_code == 200
    assert client.get(appearance.speaker.get_absolute_url()).status_code == 200


def test_demo_links_da_nang_when_the_cities_demo_has_it():
    da_nang = CityFactory(slug="da-nang", name_en="Da Nang")
    demo.load(stdout=None)
    assert list(Session.objects.get().cities.all()) == [da_nang]
    assert Speaker.objects.get().city == da_nang


def test_report_pdf_must_be_a_pdf():
    conference = ConferenceFactory()
    conference.report_pdf = SimpleUploadedFile("report.pdf", b"GIF89a not a pdf")
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert [e.code for e in error.value.error_dict["report_pdf"]] == ["document_not_pdf"]


def test_speakers_export_and_import_round_trip():
    city = CityFactory(slug="da-nang")
    SpeakerFactory(slug="le-minh-tuong", name_ja="Le Minh Tuong", name_en="Le Minh Tuong", city=city)
    exported = SpeakerResource().export()
    assert exported.headers[:3] == ["slug", "name_ja", "name_en"]
    assert exported.dict[0]["city"] == "da-nang"

    rows = tablib.Dataset(headers=exported.headers)
    rows.append(["new-speaker", "新しい登壇者", "New speaker", "", "", "", "", "da-nang", "", ""])
    result = SpeakerResource().import_data(rows, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    assert Speaker.objects.get(slug="new-speaker").city == city


def test_sessions_import_matches_conference_and_slug():
    session = SessionFactory(slug="vlr", conference__slug="ascc-2022")
    exported = SessionResource().export()
    row = exported.dict[0]
    assert (row["conference"], row["slug"]) == ("ascc-2022", "vlr")
    exported[0] = tuple(
        "新しい題" if header == "title_ja" else value
        for header, value in zip(exported.headers, exported[0], strict=True)
    )
    result = SessionResource().import_data(exported, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    session.refresh_from_db()
    assert session.title_ja == "新しい題"
    assert Session.objects.count() == 1


def test_speakers_export_as_xlsx():
    SpeakerFactory(slug="le-minh-tuong")
    content = XLSX().export_data(SpeakerResource().export())
    assert content[:2] == b"PK"
