"""A registrant erases their personal data from the manage link (services.erase): before the conference an active
registration is cancelled first and its seat offered on; after it the status stays for the statistics; the links stop
working and nothing more is mailed to the address."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from registrations import links, services
from registrations.models import Registration, RegistrationStatus
from tests.factories import RegistrationFactory, RegistrationSetupFactory
from tests.registrations.utils import deliver, register_url

pytestmark = pytest.mark.django_db


def url(registration, name, language="en"):
    token = links.make_token(registration, links.MANAGE)
    return register_url(registration.conference, language, name=f"registrations:{name}", token=token)


def confirmed(setup, email, mode="on_site"):
    registration = services.register(
        conference=setup.conference,
        data={"name": "Jane Roe", "email": email, "country": "VN", "mode": mode, "organisation": "Da Nang City"},
        language="en",
        client_address="192.0.2.7",
    )
    return services.confirm_email(registration=registration)


@pytest.mark.parametrize(
    ("language", "cancels"), [("ja", "あなたの参加登録もキャンセルされ"), ("en", "cancelled as well")]
)
def test_erasing_before_the_conference_cancels_offers_the_seat_and_mails_nobody_else(client, language, cancels):
    setup = RegistrationSetupFactory(on_site_capacity=1)
    holder = confirmed(setup, "holder@example.com")
    waiting = confirmed(setup, "waiting@example.com")
    deliver()

    page = client.get(url(holder, "erase", language))
    assert page.status_code == 200 and cancels in page.content.decode()
    assert Registration.objects.get(pk=holder.pk).anonymised_at is None  # a GET erases nothing

    response = client.post(url(holder, "erase", language))
    assert response.status_code == 302
    assert response["Location"] == register_url(setup.conference, language, name="registrations:erased")
    assert client.get(response["Location"]).status_code == 200

    holder.refresh_from_db()
    assert holder.status == RegistrationStatus.CANCELLED and holder.anonymised_at is not None
    assert (holder.name, holder.email, holder.organisation) == ("", "", "")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    assert [message.to for message in deliver()] == [["waiting@example.com"]]  # no "cancelled" mail to nobody
    for name in ("manage", "erase", "cancel", "calendar"):
        assert client.get(url(holder, name)).status_code == 404


def test_erasing_after_the_conference_keeps_the_status_for_the_statistics(client):
    setup = RegistrationSetupFactory()
    registration = RegistrationFactory(conference=setup.conference, status="confirmed", checked_in_at=timezone.now())
    conference = setup.conference
    conference.start_date = timezone.localdate() - timedelta(days=3)
    conference.end_date = timezone.localdate() - timedelta(days=2)
    conference.save()

    assert "cancelled as well" not in client.get(url(registration, "erase")).content.decode()
    client.post(url(registration, "erase"))

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.checked_in_at is not None
    assert registration.anonymised_at is not None and registration.email == ""


def test_a_cancelled_registration_can_be_erased_too(client):
    setup = RegistrationSetupFactory()
    registration = confirmed(setup, "gone@example.com")
    services.cancel(registration=registration)
    deliver()
    client.post(url(registration, "erase"))
    registration.refresh_from_db()
    assert registration.anonymised_at is not None and registration.status == RegistrationStatus.CANCELLED
    assert deliver() == []


def test_erasing_needs_a_post_with_the_csrf_token_and_a_real_link():
    setup = RegistrationSetupFactory()
    registration = confirmed(setup, "kept@example.com")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(registration, "erase")).status_code == 403
    forged = url(registration, "erase").replace(f"/{registration.pk}:", f"/{registration.pk}:x")
    assert strict.get(forged).status_code == 404
    registration.refresh_from_db()
    assert registration.anonymised_at is None and registration.status == RegistrationStatus.CONFIRMED


def test_erasing_twice_erases_once():
    setup = RegistrationSetupFactory()
    registration = confirmed(setup, "twice@example.com")
    assert services.erase(registration=registration) is True
    assert services.erase(registration=registration) is False


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_manage_page_links_to_erasing(client, language):
    setup = RegistrationSetupFactory()
    registration = confirmed(setup, "link@example.com")
    assert (
        f'href="{url(registration, "erase", language)}"'
        in client.get(url(registration, "manage", language)).content.decode()
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_the_erase_pages_read_a_fixed_number_of_rows(client, django_assert_max_num_queries, rows):
    setup = RegistrationSetupFactory(on_site_capacity=100)
    registrations = RegistrationFactory.create_batch(rows, conference=setup.conference)
    with django_assert_max_num_queries(1):  # the registration with its conference and setup
        assert client.get(url(registrations[0], "erase")).status_code == 200
    with django_assert_max_num_queries(2):  # the conference, its setup
        assert client.get(register_url(setup.conference, name="registrations:erased")).status_code == 200
