"""/sitemap.xml (every public page in both languages with hreflang alternates, no drafts) and /robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from cities.catalogue import DATASETS
from cities.models import City
from conferences.models import Conference, Session, Speaker
from projects import demo as projects_demo
from projects.models import Project
from sitepages.models import SitePage, SitePageSlug
from tests.factories import (
    AppearanceFactory,
    CityFactory,
    ConferenceFactory,
    ProjectFactory,
    SessionFactory,
    SitePageFactory,
    SpeakerFactory,
)
from tests.helpers import SITE
from yport.publishing import PublicationState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


NOTICE_PAGES = ("/privacy/", "/inquiry/")


def sitemap_entries(client):
    """{location: (lastmod, {hreflang: href})}"""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        location = url.find(f"{SITEMAP}loc").text
        lastmod = url.find(f"{SITEMAP}lastmod")
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert location not in entries
        entries[location] = (lastmod.text if lastmod is not None else None, alternates)
    return entries


def test_sitemap_names_every_public_page_of_the_demo_in_both_languages(client):
    call_command("load_demo")
    entries = sitemap_entries(client)
    paths = [
        "",
        "conferences/",
        "speakers/",
        "cities/",
        "data/",
        "cities/compare/",
        "projects/",
        "inquiry/",
        "privacy/",
        "about/",
        "accessibility/",
        "terms/",
        "conferences/ascc-2022/",
        "conferences/ascc-2022/sessions/sdgs-vlr-well-being/",
        "speakers/le-minh-tuong/",
        "cities/da-nang/",
        # The goals Da Nang's indicators name (goal pages, issue 22).
        "cities/da-nang/sdgs/1/",
        "cities/da-nang/sdgs/8/",
        "cities/da-nang/sdgs/11/",
        *(f"projects/{row[0]}/" for row in projects_demo.DA_NANG_PROJECTS),
    ]
    assert sorted(entries) == sorted(f"{SITE}/{language}/{path}" for language in ("ja", "en") for path in paths)
    for path in paths:
        for language in ("ja", "en"):
            _lastmod, alternates = entries[f"{SITE}/{language}/{path}"]
            assert alternates == {
                "ja": f"{SITE}/ja/{path}",
                "en": f"{SITE}/en/{path}",
                "x-default": f"{SITE}/ja/{path}",
            }


def test_sitemap_lastmod_is_each_rows_last_change(client):
    conference = ConferenceFactory(slug="ascc")
    session = SessionFactory(conference=conference, slug="opening")
    speaker = SpeakerFactory(slug="speaker")
    AppearanceFactory(session=session, speaker=speaker)
    city = CityFactory(slug="da-nang")
    later = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    Conference.objects.filter(pk=conference.pk).update(updated_at=later)
    entries = sitemap_entries(client)
    assert entries[f"{SITE}/ja/conferences/ascc/"][0] == "2030-01-02"
    # A session's page shows its conference, so the later change of the two counts.
    assert entries[f"{SITE}/en/conferences/ascc/sessions/opening/"][0] == "2030-01-02"
    Session.objects.filter(pk=session.pk).update(updated_at=later + datetime.timedelta(days=3))
    Speaker.objects.filter(pk=speaker.pk).update(updated_at=later + datetime.timedelta(days=1))
    entries = sitemap_entries(client)
    assert entries[f"{SITE}/en/conferences/ascc/sessions/opening/"][0] == "2030-01-05"
    assert entries[f"{SITE}/ja/speakers/speaker/"][0] == "2030-01-03"
    assert entries[f"{SITE}/ja/cities/da-nang/"][0] == timezone.localdate(city.updated_at).isoformat()
    project = ProjectFactory(slug="sewage", city=city)
    Project.objects.filter(pk=project.pk).update(updated_at=later + datetime.timedelta(days=7))
    entries = sitemap_entries(client)
    assert entries[f"{SITE}/en/projects/sewage/"][0] == "2030-01-09"
    assert entries[f"{SITE}/en/projects/"][0] == "2030-01-09"


def test_sitemap_lastmod_of_the_pages_that_are_not_rows_is_the_last_change_of_what_they_show(client):
    """A list's lastmod is its latest published row's change (drafts do not count), the home page's the latest of
    the lists, the privacy notice's and the inquiry form's (which asks consent to that notice) the notice's."""
    day = datetime.datetime(2030, 1, 1, 3, tzinfo=datetime.UTC)
    conferences = [ConferenceFactory(), ConferenceFactory()]
    draft = ConferenceFactory(publication_state=PublicationState.DRAFT)
    speaker = AppearanceFactory(session__conference=conferences[0]).speaker  # a speaker of a published session
    city = CityFactory()
    Conference.objects.filter(pk=conferences[0].pk).update(updated_at=day + datetime.timedelta(days=4))
    Conference.objects.filter(pk=conferences[1].pk).update(updated_at=day + datetime.timedelta(days=2))
    Conference.objects.filter(pk=draft.pk).update(updated_at=day + datetime.timedelta(days=20))
    Speaker.objects.filter(pk=speaker.pk).update(updated_at=day + datetime.timedelta(days=6))
    City.objects.filter(pk=city.pk).update(updated_at=day + datetime.timedelta(days=1))
    SitePage.objects.filter(slug=SitePageSlug.PRIVACY).delete()
    SitePageFactory(slug=SitePageSlug.PRIVACY)
    SitePage.objects.filter(slug=SitePageSlug.PRIVACY).update(updated_at=day + datetime.timedelta(days=9))
    entries = sitemap_entries(client)
    for language in ("ja", "en"):
        assert entries[f"{SITE}/{language}/conferences/"][0] == "2030-01-05"
        assert entries[f"{SITE}/{language}/speakers/"][0] == "2030-01-07"
        assert entries[f"{SITE}/{language}/cities/"][0] == "2030-01-02"
        assert entries[f"{SITE}/{language}/data/"][0] == "2030-01-02"  # no licence stated: the cities' change
        assert entries[f"{SITE}/{language}/"][0] == "2030-01-07"
        assert entries[f"{SITE}/{language}/privacy/"][0] == "2030-01-10"
        assert entries[f"{SITE}/{language}/inquiry/"][0] == "2030-01-10"


def test_sitemap_never_names_drafts(client):
    draft = ConferenceFactory(slug="draft", publication_state=PublicationState.DRAFT)
    AppearanceFactory(session__conference=draft, session__slug="draft-session", speaker__slug="draft-speaker")
    draft_city = CityFactory(slug="draft-city", publication_state=PublicationState.DRAFT)
    ProjectFactory(slug="draft-project", publication_state=PublicationState.DRAFT, city=CityFactory(slug="published"))
    ProjectFactory(slug="project-of-a-draft-city", city=draft_city)
    window_closed = ConferenceFactory(slug="closed", publish_until=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    SessionFactory(conference=window_closed)
    entries = sitemap_entries(client)
    assert len(entries) == 20  # the nine pages that are not rows and the published city, in two languages
    assert not [location for location in entries if "draft" in location or "closed" in location]


@pytest.mark.parametrize("rows", [1, 30])
def test_sitemap_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    for _ in range(rows):
        city = CityFactory()
        AppearanceFactory(session__conference=ConferenceFactory(), speaker__city=city)
        ProjectFactory(city=city)
    # The rows of site pages, conferences, sessions, speakers, cities and projects, and the last change of
    # conferences, speakers, cities, projects, the privacy notice and each open-data dataset's rows for the pages that
    # are not rows, and the cities' goal pages: one query each.
    with django_assert_num_queries(13 + len(DATASETS)):
        entries = sitemap_entries(client)
    assert len(entries) == 2 * (9 + 5 * rows)
    without_notice = [lastmod for location, (lastmod, _) in entries.items() if not location.endswith(NOTICE_PAGES)]
    assert None not in without_notice  # the notice and the form have none while the notice has no page


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /ja/admin/\n"
        "Disallow: /ja/account/\n"
        "Disallow: /en/admin/\n"
        "Disallow: /en/account/\n"
        "\n"
        "Sitemap: https://portal.example.jp/sitemap.xml\n"
    )
