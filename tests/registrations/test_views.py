"""The public pages: bad input, the protection, identical answers for a known address, signed links, the
conference page's status block and its lifetime in the page cache, fixed query counts, no-store."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registrations import links
from registrations.models import Registration, RegistrationEmail, RegistrationStatus
from tests.factories import ConferenceFactory, RegistrationFactory, RegistrationSetupFactory
from tests.registrations.utils import deliver, form_data, link_in, register_url
from yport.forms import issue_form_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ja", "en"])
def test_form_page_asks_kana_only_in_japanese_and_is_not_stored(client, language):
    setup = RegistrationSetupFactory(ask_dietary_needs=True)
    response = client.get(register_url(setup.conference, language))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert ('name="name_kana"' in html) == (language == "ja")
    assert 'name="dietary_needs"' in html and 'name="phone"' not in html
    assert 'name="list_publicly"' in html and "checked" not in html.split('name="list_publicly"')[1].split(">")[0]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
        ({"consent": None}, "consent", "Please agree to the privacy notice, or we cannot store your registration."),
        ({"mode": "teleport"}, "mode", "Select a valid choice. teleport is not one of the available choices."),
        (
            {"name": "Jane\u202eDoe"},
            "name",
            "Please remove the control or invisible characters from this field: U+202E.",
        ),
    ],
)
def test_bad_input_shows_clear_error_and_stores_nothing(client, overrides, field, message):
    setup = RegistrationSetupFactory()
    response = client.post(register_url(setup.conference), form_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Registration.objects.count() == 0 and RegistrationEmail.objects.count() == 0


def test_full_width_input_is_normalised(client):
    setup = RegistrationSetupFactory()
    client.post(register_url(setup.conference, "ja"), form_data(email="ｈａｎａｋｏ＠example．jp", name_kana="ﾔﾏﾀﾞ ﾊﾅｺ"))
    registration = Registration.objects.get()
    assert (registration.email, registration.name_kana) == ("hanako@example.jp", "ヤマダ ハナコ")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [({"homepage": "http://spam.example"}, "honeypot"), ({"form_token": "forged"}, "expired")],
)
def test_protection_refuses_bots_with_form_error(client, overrides, code):
    setup = RegistrationSetupFactory()
    response = client.post(register_url(setup.conference), form_data(**overrides))
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == [code]
    assert Registration.objects.count() == 0


def test_form_sent_too_fast_is_refused(client):
    setup = RegistrationSetupFactory()
    response = client.post(register_url(setup.conference), form_data(form_token=issue_form_token()))
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == ["too_fast"]


def test_rate_limited_form_answers_429_with_everything_kept(client, settings):
    settings.REGISTRATION_RATE_LIMIT = 0
    setup = RegistrationSetupFactory()
    response = client.post(register_url(setup.conference), form_data(organisation="Kept Ltd."))
    assert response.status_code == 429 and 'value="Kept Ltd."' in response.content.decode()
    assert Registration.objects.count() == 0


def test_registering_again_gives_identical_page_and_mails_manage_link(client):
    setup = RegistrationSetupFactory()
    first = client.post(register_url(setup.conference), form_data(), follow=True)
    [confirm_mail] = deliver()
    second = client.post(register_url(setup.conference), form_data(name="Other"), follow=True)
    assert first.redirect_chain == second.redirect_chain
    assert first.content == second.content
    [manage_mail] = deliver()
    assert manage_mail.to == ["hanako@example.jp"] and "/register/manage/" in manage_mail.body
    assert "/register/confirm/" in confirm_mail.body and Registration.objects.count() == 1


def test_closed_registration_shows_no_form_and_refuses_post(client):
    setup = RegistrationSetupFactory(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=2)
    )
    page = client.get(register_url(setup.conference))
    assert "Registration opens on" in page.content.decode() and "<form" not in page.content.decode().split("<main")[-1]
    assert client.post(register_url(setup.conference), form_data()).status_code == 409
    assert Registration.objects.count() == 0


def test_conference_without_setup_has_no_registration_page(client):
    conference = ConferenceFactory()
    assert client.get(register_url(conference)).status_code == 404


@pytest.mark.parametrize("purpose", [links.MANAGE, links.CONFIRM])
def test_forged_revoked_or_other_purpose_links_are_404(client, purpose):
    setup = RegistrationSetupFactory()
    registration = RegistrationFactory(conference=setup.conference)
    token = links.make_token(registration, purpose)
    other = links.CONFIRM if purpose == links.MANAGE else links.MANAGE
    assert client.get(register_url(setup.conference, name=f"registrations:{purpose}", token=token)).status_code == 200
    assert client.get(register_url(setup.conference, name=f"registrations:{other}", token=token)).status_code == 404
    forged = f"{registration.pk + 1}:{token.partition(':')[2]}"
    assert client.get(register_url(setup.conference, name=f"registrations:{purpose}", token=forged)).status_code == 404
    from registrations.services import revoke_links

    revoke_links(registration=registration)
    assert client.get(register_url(setup.conference, name=f"registrations:{purpose}", token=token)).status_code == 404


def test_manage_actions_need_post_and_csrf(client):
    setup = RegistrationSetupFactory()
    registration = RegistrationFactory(conference=setup.conference)
    token = links.make_token(registration, links.MANAGE)
    assert client.get(register_url(setup.conference, name="registrations:change_mode", token=token)).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    url = register_url(setup.conference, name="registrations:cancel", token=token)
    assert strict.post(url).status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_conference_page_shows_status_and_seats_and_keeps_page_one_minute(client):
    setup = RegistrationSetupFactory(on_site_capacity=2, online_capacity=None)
    RegistrationFactory(conference=setup.conference)
    before = timezone.now()
    response = client.get(setup.conference.get_absolute_url().replace("/ja/", "/en/"))
    html = response.content.decode()
    assert "Registration open." in html and "On site: 1 seat left" in html and "Online: seats available" in html
    kept = response.wsgi_request.page_cache_until
    assert before + timedelta(seconds=59) <= kept <= timezone.now() + timedelta(seconds=60)


def test_conference_page_before_registration_opens_is_kept_until_it_opens(client):
    opens = timezone.now() + timedelta(days=2)
    setup = RegistrationSetupFactory(opens_at=opens, closes_at=opens + timedelta(days=5))
    response = client.get(setup.conference.get_absolute_url())
    assert response.wsgi_request.page_cache_until == opens


def test_conference_page_keeps_seats_no_later_than_registration_closes(client):
    closes = timezone.now() + timedelta(seconds=20)
    setup = RegistrationSetupFactory(opens_at=timezone.now() - timedelta(days=1), closes_at=closes)
    response = client.get(setup.conference.get_absolute_url())
    assert response.wsgi_request.page_cache_until == closes


@pytest.mark.parametrize("registration", ["none", "closed"])
def test_conference_page_without_open_registration_is_kept_like_any_page(client, registration):
    """No status to go stale: the page is kept until its content changes (a setup saved is a content change)."""
    if registration == "none":
        conference = ConferenceFactory()
    else:
        now = timezone.now()
        conference = RegistrationSetupFactory(
            opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1)
        ).conference
    response = client.get(conference.get_absolute_url())
    assert response.status_code == 200
    assert getattr(response.wsgi_request, "page_cache_until", None) is None


def test_conference_page_reads_nothing_for_its_status_for_a_minute_then_shows_the_new_seats(client, clock):
    setup = RegistrationSetupFactory(on_site_capacity=3, online_capacity=None)
    RegistrationFactory(conference=setup.conference)
    path = setup.conference.get_absolute_url().replace("/ja/", "/en/")
    assert "On site: 2 seats left" in client.get(path).content.decode()
    RegistrationFactory(conference=setup.conference)  # a registration is no content change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert len(queries) == 0 and "On site: 2 seats left" in response.content.decode()
    started = response.wsgi_request.page_cache_until
    clock(61)  # the status shown was rendered 61 s ago: rendered afresh
    response = client.get(path)
    assert "On site: 1 seat left" in response.content.decode()
    assert response.wsgi_request.page_cache_until >= started + timedelta(seconds=60)


def test_conference_page_shows_a_change_of_its_registration_setup_at_once(client, django_assert_num_queries):
    setup = RegistrationSetupFactory(on_site_capacity=3, online_capacity=None)
    path = setup.conference.get_absolute_url().replace("/ja/", "/en/")
    assert "On site: 3 seats left" in client.get(path).content.decode()
    setup.on_site_capacity = 5
    setup.save()  # a content change (public_content_models)
    assert "On site: 5 seats left" in client.get(path).content.decode()
    now = timezone.now()
    setup.closes_at = now - timedelta(minutes=1)
    setup.opens_at = now - timedelta(days=1)
    setup.save()
    assert "Registration is closed." in client.get(path).content.decode()


def test_conference_page_keeps_its_status_per_language(client):
    setup = RegistrationSetupFactory(on_site_capacity=3, online_capacity=None)
    english = setup.conference.get_absolute_url().replace("/ja/", "/en/")
    assert "Registration open." in client.get(english).content.decode()
    html = client.get(english.replace("/en/", "/ja/")).content.decode()
    assert "Registration open." not in html and 'class="registration-status"' in html


def test_conference_page_says_full_and_offers_waiting_list(client):
    setup = RegistrationSetupFactory(modes_offered="on_site", on_site_capacity=1)
    RegistrationFactory(conference=setup.conference)
    html = client.get(setup.conference.get_absolute_url().replace("/ja/", "/en/")).content.decode()
    assert "full — you can join the waiting list" in html and "Join the waiting list" in html


def test_conference_page_says_closed(client):
    now = timezone.now()
    setup = RegistrationSetupFactory(opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1))
    html = client.get(setup.conference.get_absolute_url().replace("/ja/", "/en/")).content.decode()
    assert "Registration is closed." in html and "/register/" not in html


@pytest.mark.parametrize("rows", [1, 30])
def test_public_pages_have_fixed_query_counts(client, django_assert_max_num_queries, rows):
    setup = RegistrationSetupFactory(on_site_capacity=100)
    for _ in range(rows):
        RegistrationFactory(conference=setup.conference)
    registration = Registration.objects.first()
    token = links.make_token(registration, links.MANAGE)
    pages = {
        setup.conference.get_absolute_url(): 5,  # conference 3, setup 1, seats 1
        register_url(setup.conference): 3,  # conference, setup, seats
        register_url(setup.conference, name="registrations:register_sent"): 2,
        register_url(setup.conference, name="registrations:manage", token=token): 3,  # registration, sessions (start)
        register_url(setup.conference, name="registrations:calendar", token=token): 2,
    }
    for url, queries in pages.items():
        with django_assert_max_num_queries(queries):
            assert client.get(url).status_code == 200, url


def test_confirm_link_in_mail_leads_to_manage_page(client):
    setup = RegistrationSetupFactory()
    client.post(register_url(setup.conference), form_data())
    [message] = deliver()
    response = client.post(link_in(message, "confirm"))
    assert response.status_code == 302 and "/register/manage/" in response["Location"]


def test_links_of_a_conference_whose_setup_was_removed_are_404_not_500(client):
    setup = RegistrationSetupFactory()
    registration = RegistrationFactory(conference=setup.conference)
    token = links.make_token(registration, links.MANAGE)
    setup.delete()
    assert (
        client.get(register_url(registration.conference, name="registrations:manage", token=token)).status_code == 404
    )


@pytest.mark.parametrize("language", ["ja", "en"])
def test_consent_box_is_described_by_its_privacy_link_and_its_error(client, language):
    """As on the inquiry form: a screen reader reads the privacy notice's link with the box, and the error too."""
    setup = RegistrationSetupFactory()
    url = register_url(setup.conference, language)
    html = client.get(url).content.decode()
    assert 'aria-describedby="id_consent_helptext"' in html and 'id="id_consent_helptext"' in html
    data = form_data()
    del data["consent"]
    html = client.post(url, data).content.decode()
    assert 'aria-describedby="id_consent_helptext id_consent_error"' in html and 'id="id_consent_error"' in html


@pytest.mark.parametrize("language", ["ja", "en"])
def test_manage_page_offers_a_switch_only_to_a_mode_with_a_free_seat(client, language):
    setup = RegistrationSetupFactory(on_site_capacity=1, online_capacity=None)
    online = RegistrationFactory(conference=setup.conference, mode="online")
    manage = register_url(
        setup.conference, language, name="registrations:manage", token=links.make_token(online, links.MANAGE)
    )
    switch = 'name="mode" value="on_site"'
    assert switch in client.get(manage).content.decode()

    RegistrationFactory(conference=setup.conference, mode="on_site")  # the last seat on site is taken
    page = client.get(manage).content.decode()
    assert switch not in page
    assert {"ja": "会場参加は満席のため、今は変更できません。", "en": "On site has no free seat now"}[language] in page
