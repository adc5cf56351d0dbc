"""The offer in a conference's JSON-LD Event: free registration at the conference's form, present only when the
conference has a registration setup, with nothing of a registrant and no online link in it."""

import datetime

import pytest
from django.utils import timezone

from pagecache.generation import content_generation
from tests.factories import ConferenceFactory, RegistrationFactory, RegistrationSetupFactory
from tests.helpers import SITE, json_ld_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


def test_a_conference_with_a_registration_setup_offers_free_registration_at_its_form(client):
    opens_at = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
    closes_at = datetime.datetime(2027, 1, 10, 15, 0, tzinfo=datetime.UTC)
    setup = RegistrationSetupFactory(
        conference__slug="offers-conference",
        opens_at=opens_at,
        closes_at=closes_at,
        online_join_url="https://meet.example.com/secret-room",
    )
    RegistrationFactory(conference=setup.conference, name="Hanako Offer", email="hanako.offer@example.com")
    for language in ("en", "ja"):
        event, _breadcrumbs = json_ld_of(client, f"/{language}/conferences/offers-conference/")
        assert event["offers"] == {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "JPY",
            "url": f"{SITE}/{language}/conferences/offers-conference/register/",
            "validFrom": timezone.localtime(opens_at).isoformat(),
            "validThrough": timezone.localtime(closes_at).isoformat(),
        }
        assert event["offers"]["validFrom"].startswith("2026-11-01T18:00:00")  # Asia/Tokyo
    page = client.get("/en/conferences/offers-conference/").content.decode()
    head = page.split("</head>")[0]
    assert "meet.example.com" not in head
    assert "Hanako" not in head
    assert "hanako.offer@example.com" not in head


def test_a_conference_without_a_registration_setup_makes_no_offer(client):
    ConferenceFactory(slug="no-offers-conference")
    event, _breadcrumbs = json_ld_of(client, "/en/conferences/no-offers-conference/")
    assert event["@type"] == "Event"
    assert "offers" not in event


def test_a_conference_whose_registration_has_closed_makes_no_offer(client):
    now = timezone.now()
    RegistrationSetupFactory(
        conference__slug="closed-offers-conference",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now - datetime.timedelta(days=1),
    )
    event, _breadcrumbs = json_ld_of(client, "/en/conferences/closed-offers-conference/")
    assert event["@type"] == "Event"
    assert "offers" not in event


@pytest.mark.django_db(transaction=True)
def test_a_new_setup_makes_a_new_content_generation_and_so_a_fresh_offer():
    conference = ConferenceFactory(slug="late-setup-conference")
    before = content_generation()
    setup = RegistrationSetupFactory(conference=conference)
    after_setup = content_generation()
    assert after_setup != before
    RegistrationFactory(conference=setup.conference)
    assert content_generation() == after_setup  # a registration (personal data) is no content
