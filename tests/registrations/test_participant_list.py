"""The public participant list (name and organisation of the confirmed registrants who agreed, nothing else; kept in
the page cache a minute at most; 404 where the setup publishes none) and the manage page's form that changes the
two consents (signed link, POST with CSRF, one service)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pagecache.lifetime import content_lifetime
from registrations import links, services
from registrations.models import Registration, RegistrationStatus
from registrations.staff_services import anonymise_registration
from tests.factories import ConferenceFactory, RegistrationFactory, RegistrationSetupFactory
from tests.helpers import admin_url, client_for
from tests.registrations.utils import form_data, register_url
from yport.publishing import PublicationState
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = pytest.mark.django_db

SECRET_URL = "https://meeting.example.com/j/8675309?pwd=not-for-the-public"


def list_url(conference, language="en"):
    return register_url(conference, language, name="registrations:participant_list")


def manage_url(registration, name="registrations:manage", token=None):
    token = token or links.make_token(registration, links.MANAGE)
    return register_url(registration.conference, name=name, token=token)


def consents_url(registration, token=None):
    return manage_url(registration, "registrations:change_consents", token)


def listed(conference, **fields):
    return RegistrationFactory(conference=conference, list_publicly=True, **fields)


def test_list_shows_only_confirmed_consenting_registrants_of_the_conference(client):
    setup = RegistrationSetupFactory()
    conference = setup.conference
    now = timezone.now()
    listed(conference, name="Listed Person", organisation="Listed Org")
    not_listed = {
        "Pending Email": {"status": RegistrationStatus.PENDING_EMAIL},
        "Pending Approval": {"status": RegistrationStatus.PENDING_APPROVAL},
        "Waiting Person": {"status": RegistrationStatus.WAITING, "waiting_since": now},
        "Offered Person": {"status": RegistrationStatus.OFFERED, "offer_expires_at": now + timedelta(days=1)},
        "Cancelled Person": {"status": RegistrationStatus.CANCELLED, "cancelled_at": now},
        "Expired Person": {"status": RegistrationStatus.EXPIRED},
        "Rejected Person": {"status": RegistrationStatus.REJECTED},
    }
    for name, fields in not_listed.items():
        listed(conference, name=name, **fields)
    RegistrationFactory(conference=conference, name="Not Consenting", list_publicly=False)
    listed(RegistrationSetupFactory().conference, name="Other Conference")
    anonymise_registration(registration=listed(conference, name="Anonymised Person", organisation="Gone Org"))

    response = client.get(list_url(conference))

    assert response.status_code == 200
    assert response.context["participants"] == [{"name": "Listed Person", "organisation": "Listed Org"}]
    html = response.content.decode()
    assert "Listed Person" in html and "Listed Org" in html and "1 person listed" in html
    for name in [*not_listed, "Not Consenting", "Other Conference", "Anonymised Person", "Gone Org"]:
        assert name not in html


def test_list_shows_nothing_but_name_and_organisation(client):
    setup = RegistrationSetupFactory(online_join_url=SECRET_URL, online_link_release_before=timedelta(days=365))
    person = listed(
        setup.conference,
        name="Jane Doe",
        name_kana="ジェーン ドウ",
        organisation="Example Works",
        position="Chief Secret Officer",
        country="FR",
        email="jane.secret@example.org",
        mode="online",
        phone="+81451234567",
        dietary_needs="no peanuts",
    )
    assert person.online_join_url(setup=setup, now=timezone.now()) == SECRET_URL  # released: would show if leaked

    html = Client().get(list_url(setup.conference)).content.decode()

    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.split() == ["<tr><th", 'scope="row">Jane', "Doe</th><td>Example", "Works</td></tr>"]
    never_shown = [
        "jane.secret",
        "Chief Secret Officer",
        "France",
        "ジェーン",
        person.ticket_code,
        "peanuts",
        "1234567",
    ]
    for secret in [*never_shown, "meeting.example.com"]:
        assert secret not in html, secret


def test_list_is_ordered_by_organisation_then_reading_then_name_people_without_one_last(client):
    conference = RegistrationSetupFactory().conference
    listed(conference, name="Aaron", organisation="")
    listed(conference, name="Zed", organisation="B Corp")
    listed(conference, name="山田", name_kana="ヤマダ", organisation="A Corp")
    listed(conference, name="伊藤", name_kana="イトウ", organisation="A Corp")
    listed(conference, name="Anne", organisation="B Corp")
    participants = client.get(list_url(conference)).context["participants"]
    assert [person["name"] for person in participants] == ["伊藤", "山田", "Anne", "Zed", "Aaron"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_list_page_in_both_languages_is_not_for_search_engines(client, language):
    conference = RegistrationSetupFactory().conference
    listed(conference, name="Listed Person", organisation="Listed Org")
    listed(conference, name="Second Person", organisation="Listed Org")
    response = client.get(list_url(conference, language))
    html = response.content.decode()
    assert response.status_code == 200 and f'<html lang="{language}">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    caption = html.split("<caption>")[1].split("</caption>")[0]
    assert "2" in caption and '<th scope="row">Listed Person</th>' in html
    if language == "en":
        assert caption == "2 people listed" and "People with a confirmed registration who agreed" in html
    assert f"/{language}/conferences/{conference.slug}/participants/" == list_url(conference, language)


def test_empty_list_says_nobody_is_listed_yet(client):
    conference = RegistrationSetupFactory().conference
    RegistrationFactory(conference=conference, list_publicly=False)
    html = client.get(list_url(conference)).content.decode()
    assert "Nobody is listed yet." in html and "<table" not in html


def test_list_is_not_in_the_sitemap(client):
    conference = RegistrationSetupFactory().conference
    listed(conference)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/conferences/{conference.slug}/" in xml and "/participants/" not in xml


@pytest.mark.parametrize("case", ["no setup", "flag off", "draft conference", "unknown slug"])
def test_list_is_404_without_a_published_list(client, case):
    if case == "no setup":
        conference = ConferenceFactory()
    elif case == "flag off":
        conference = RegistrationSetupFactory(participant_list_public=False).conference
    elif case == "draft conference":
        conference = RegistrationSetupFactory(
            conference__publication_state=PublicationState.DRAFT, conference__slug="draft-conf"
        ).conference
    else:
        conference = ConferenceFactory.build(slug="no-such-conference")
    if case != "unknown slug":
        listed(conference, name="Listed Person")
    response = client.get(list_url(conference))
    assert response.status_code == 404 and "Listed Person" not in response.content.decode()


def test_list_refuses_post(client):
    conference = RegistrationSetupFactory().conference
    assert client.post(list_url(conference)).status_code == 405


def test_list_is_kept_in_the_page_cache_one_minute_at_most(client):
    conference = RegistrationSetupFactory().conference
    listed(conference)
    before = timezone.now()
    response = client.get(list_url(conference))
    kept = response.wsgi_request.page_cache_until
    assert before + timedelta(seconds=59) <= kept <= timezone.now() + timedelta(seconds=60)


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    content_lifetime.reset()
    yield
    content_lifetime.reset()


def test_withdrawn_consent_leaves_the_cached_list_within_a_minute(page_cache_on, clock):
    setup = RegistrationSetupFactory()
    person = listed(setup.conference, name="Leaving Person")
    url = list_url(setup.conference)
    visitor = Client()
    first = visitor.get(url)
    assert "Leaving Person" in first.content.decode() and first["Cache-Control"] == "no-cache"

    registrant = Client()  # their own browser: the messages cookie keeps their pages out of the page cache
    assert registrant.post(consents_url(person), {"news_opt_in": "on"}).status_code == 302
    assert "Leaving Person" not in registrant.get(url).content.decode()
    assert "Leaving Person" in visitor.get(url).content.decode()  # the cached page, at most a minute old
    clock(61)
    assert "Leaving Person" not in visitor.get(url).content.decode()


def test_withdrawn_consent_leaves_the_list_at_once_without_the_page_cache(client):
    setup = RegistrationSetupFactory()
    person = listed(setup.conference, name="Leaving Person", news_opt_in=True)
    url = list_url(setup.conference)
    assert "Leaving Person" in Client().get(url).content.decode()
    response = client.post(consents_url(person), {}, follow=True)
    assert response.redirect_chain == [(manage_url(person), 302)]
    assert "Your choices were saved." in response.content.decode()
    person.refresh_from_db()
    assert (person.list_publicly, person.news_opt_in) == (False, False)
    assert "Leaving Person" not in Client().get(url).content.decode()


def test_consent_given_on_the_manage_page_puts_the_person_on_the_list(client):
    setup = RegistrationSetupFactory()
    person = RegistrationFactory(conference=setup.conference, name="Joining Person", list_publicly=False)
    page = client.get(manage_url(person)).content.decode()
    assert 'name="list_publicly"' in page and 'name="news_opt_in"' in page
    assert "checked" not in page.split('name="list_publicly"')[1].split(">")[0]
    client.post(consents_url(person), {"list_publicly": "on", "news_opt_in": "on"})
    person.refresh_from_db()
    assert (person.list_publicly, person.news_opt_in) == (True, True)
    assert "Joining Person" in client.get(list_url(setup.conference)).content.decode()
    page = client.get(manage_url(person)).content.decode()
    assert "checked" in page.split('name="list_publicly"')[1].split(">")[0]


def test_consents_form_needs_post_and_csrf_and_get_changes_nothing(client):
    setup = RegistrationSetupFactory()
    person = listed(setup.conference, news_opt_in=True)
    assert client.get(consents_url(person)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(consents_url(person), {}).status_code == 403
    person.refresh_from_db()
    assert (person.list_publicly, person.news_opt_in) == (True, True)


def test_consents_form_with_forged_revoked_or_other_conference_link_is_404(client):
    setup = RegistrationSetupFactory()
    person = listed(setup.conference, news_opt_in=True)
    token = links.make_token(person, links.MANAGE)
    forged = f"{person.pk}:{'x' * 27}"
    assert client.post(consents_url(person, forged), {}).status_code == 404
    assert client.post(consents_url(person, links.make_token(person, links.CONFIRM)), {}).status_code == 404
    other = RegistrationSetupFactory().conference
    assert client.post(register_url(other, name="registrations:change_consents", token=token), {}).status_code == 404
    services.revoke_links(registration=person)
    assert client.post(consents_url(person, token), {}).status_code == 404
    person.refresh_from_db()
    assert (person.list_publicly, person.news_opt_in) == (True, True)


def test_cancelled_registrant_can_withdraw_news_but_is_not_offered_the_list(client):
    setup = RegistrationSetupFactory()
    person = RegistrationFactory(
        conference=setup.conference, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now(), news_opt_in=True
    )
    page = client.get(manage_url(person)).content.decode()
    assert 'name="news_opt_in"' in page and 'name="list_publicly"' not in page
    client.post(consents_url(person), {"list_publicly": "on"})
    person.refresh_from_db()
    assert (person.list_publicly, person.news_opt_in) == (False, False)


def test_cancelled_registrant_who_had_agreed_can_still_withdraw_from_the_list(client):
    setup = RegistrationSetupFactory()
    person = listed(setup.conference, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now())
    assert 'name="list_publicly"' in client.get(manage_url(person)).content.decode()
    client.post(consents_url(person), {})
    person.refresh_from_db()
    assert person.list_publicly is False


def test_changing_consents_of_an_anonymised_registration_is_refused():
    person = listed(RegistrationSetupFactory().conference, news_opt_in=True)
    anonymise_registration(registration=person)
    with pytest.raises(services.NotAllowedNow):
        services.change_consents(registration=person, consents={"list_publicly": True, "news_opt_in": True})


def test_change_consents_ignores_unknown_names():
    person = RegistrationFactory(conference=RegistrationSetupFactory().conference)
    services.change_consents(registration=person, consents={"list_publicly": True, "status": "cancelled"})
    person.refresh_from_db()
    assert (person.list_publicly, person.status) == (True, RegistrationStatus.CONFIRMED)


# --- The setup's flag off -----------------------------------------------------------------------------------------


def test_flag_off_the_form_does_not_ask_and_a_posted_box_is_ignored(client):
    setup = RegistrationSetupFactory(participant_list_public=False)
    html = client.get(register_url(setup.conference)).content.decode()
    assert 'name="list_publicly"' not in html and 'name="news_opt_in"' in html
    assert "/participants/" not in html
    client.post(register_url(setup.conference), form_data(list_publicly="on", news_opt_in="on"))
    registration = Registration.objects.get()
    assert (registration.list_publicly, registration.news_opt_in) == (False, True)


def test_flag_off_the_service_ignores_list_publicly():
    setup = RegistrationSetupFactory(participant_list_public=False)
    registration = services.register(
        conference=setup.conference,
        data={"name": "Jane", "email": "jane@example.com", "country": "JP", "mode": "on_site", "list_publicly": True},
        language="en",
        client_address="192.0.2.1",
    )
    assert registration.list_publicly is False


def test_flag_off_the_manage_page_offers_news_only_and_ignores_a_posted_list_box(client):
    setup = RegistrationSetupFactory(participant_list_public=False)
    person = RegistrationFactory(conference=setup.conference)
    page = client.get(manage_url(person)).content.decode()
    assert 'name="news_opt_in"' in page and 'name="list_publicly"' not in page and "/participants/" not in page
    client.post(consents_url(person), {"list_publicly": "on", "news_opt_in": "on"})
    person.refresh_from_db()
    assert (person.list_publicly, person.news_opt_in) == (False, True)


@pytest.mark.parametrize("published", [True, False])
def test_conference_page_and_form_link_to_the_list_only_when_published(client, published):
    setup = RegistrationSetupFactory(participant_list_public=published)
    path = list_url(setup.conference)
    conference_page = client.get(setup.conference.get_absolute_url().replace("/ja/", "/en/")).content.decode()
    form_page = client.get(register_url(setup.conference)).content.decode()
    assert (f'href="{path}"' in conference_page) == published
    assert (f'href="{path}"' in form_page) == published


def test_no_link_to_the_list_before_registration_opens(client):
    opens = timezone.now() + timedelta(days=1)
    setup = RegistrationSetupFactory(opens_at=opens, closes_at=opens + timedelta(days=5))
    conference_page = client.get(setup.conference.get_absolute_url().replace("/ja/", "/en/")).content.decode()
    form_page = client.get(register_url(setup.conference)).content.decode()
    assert "Registration opens on" in conference_page and "Registration opens on" in form_page
    assert "/participants/" not in conference_page and "/participants/" not in form_page
    assert client.get(list_url(setup.conference)).status_code == 200  # nobody listed yet, but the page exists


def test_setup_admin_has_the_flag(staff_user):
    setup = RegistrationSetupFactory()
    staff = client_for(staff_user("registrar", REGISTRATION_STAFF))
    html = staff.get(admin_url(setup, "change")).content.decode()
    assert 'name="participant_list_public"' in html and "Publish a list of participants</label>" in html


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_list_and_manage_page_have_fixed_query_counts(client, django_assert_max_num_queries, rows):
    setup = RegistrationSetupFactory(on_site_capacity=100)
    for number in range(rows):
        listed(setup.conference, organisation=f"Org {number}")
    person = Registration.objects.first()
    with django_assert_max_num_queries(3):  # conference, setup, the list
        response = client.get(list_url(setup.conference))
    assert len(response.context["participants"]) == rows
    # The registration, the sessions (start), the other mode's seats and waiting list: the consents form reads nothing.
    with django_assert_max_num_queries(5):
        assert client.get(manage_url(person)).status_code == 200
