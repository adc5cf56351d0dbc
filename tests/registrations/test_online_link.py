"""The online join link: only confirmed online registrants see it, on their manage page and in their mails, from the
release time; never on a public page, in the page cache, the API, a feed, a calendar or a log line."""

import logging
import pickle
from datetime import timedelta

import pytest
from django.utils import timezone

from pagecache.generation import local_pages
from registrations import links, services
from registrations.models import RegistrationEmail
from tests.factories import RegistrationSetupFactory, SessionFactory
from tests.registrations.utils import deliver, form_data, link_in, register_url

pytestmark = pytest.mark.django_db

SECRET_URL = "https://meeting.example.com/j/8675309?pwd=not-for-the-public"


@pytest.fixture
def setup():
    """A conference starting in 10 days, its link released 24 h before."""
    setup = RegistrationSetupFactory(online_join_url=SECRET_URL, online_capacity=None)
    SessionFactory(conference=setup.conference, starts_at=timezone.now() + timedelta(days=10))
    return setup


def confirmed(setup, email, mode, *, now=None):
    registration = services.register(
        conference=setup.conference,
        data={"name": "Jane", "email": email, "country": "JP", "mode": mode},
        language="en",
        client_address="192.0.2.1",
        now=now,
    )
    return services.confirm_email(registration=registration, now=now)


def test_online_link_is_on_no_public_output_nor_in_page_cache_nor_logs(client, setup, settings, caplog):
    settings.PAGE_CACHE = True
    caplog.set_level(logging.DEBUG)
    registration = confirmed(setup, "online@example.com", "online")
    starts = setup.starts_at()
    conference = setup.conference
    public = [
        f"/en/conferences/{conference.slug}/",
        f"/ja/conferences/{conference.slug}/",
        f"/en/conferences/{conference.slug}/calendar.ics",
        "/en/conferences/",
        "/en/conferences/feed/",
        "/en/conferences/calendar.ics",
        "/sitemap.xml",
        f"/api/v1/conferences/{conference.slug}/",
        "/api/v1/conferences/",
        "/api/v1/sessions/",
        register_url(conference),
        register_url(conference, name="registrations:register_sent"),
        f"/en/search/?q={conference.slug}",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET_URL.encode() not in response.content, url
    manage = register_url(conference, name="registrations:manage", token=links.make_token(registration, links.MANAGE))
    assert SECRET_URL not in client.get(manage).content.decode()  # not released yet

    # The reminder is queued (its moment has come) but rendered when sent, 10 days before the start: no link yet.
    services.send_reminders(now=starts - timedelta(hours=23))
    sent = deliver()
    assert all(SECRET_URL not in message.body for message in sent)
    page = client.get(manage)
    assert page["Cache-Control"] == "private, no-store"
    assert pickle.dumps(local_pages.pages).find(SECRET_URL.encode()) == -1
    assert [record for record in caplog.records if SECRET_URL in record.getMessage()] == []
    assert sent  # the reminder was sent (its content: see the test below)


def test_link_is_in_confirmed_online_registrants_reminder_and_manage_page_after_release(client, setup):
    earlier = timezone.now() - timedelta(hours=20)
    online = confirmed(setup, "online@example.com", "online", now=earlier)
    on_site = confirmed(setup, "onsite@example.com", "on_site", now=earlier)
    deliver()
    confirmation = RegistrationEmail.objects.get(registration=online, kind="confirmed")
    assert SECRET_URL not in confirmation.build_message().body  # before the release time

    # The release time comes: move the conference to start within 24 hours.
    session = setup.conference.sessions.get()
    session.starts_at = timezone.now() + timedelta(hours=12)
    session.save()
    assert services.send_reminders() == 2
    reminders = {message.to[0]: message for message in deliver()}
    assert SECRET_URL in reminders["online@example.com"].body
    assert SECRET_URL not in reminders["onsite@example.com"].body
    assert [name for name, _c, _t in reminders["online@example.com"].attachments] == [f"{setup.conference.slug}.ics"]

    manage = register_url(setup.conference, name="registrations:manage", token=links.make_token(online, links.MANAGE))
    assert SECRET_URL in client.get(manage).content.decode()
    other = register_url(setup.conference, name="registrations:manage", token=links.make_token(on_site, links.MANAGE))
    assert SECRET_URL not in client.get(other).content.decode()


def test_waiting_or_cancelled_online_registrant_never_gets_the_link(client, setup):
    setup.online_capacity = 1
    setup.save()
    session = setup.conference.sessions.get()
    session.starts_at = timezone.now() + timedelta(hours=12)
    session.save()
    holder = confirmed(setup, "holder@example.com", "online")
    waiting = confirmed(setup, "waiting@example.com", "online")
    services.cancel(registration=holder)
    messages = deliver()
    for message in messages:
        if message.to == ["holder@example.com"] and "cancelled" in message.subject:
            assert SECRET_URL not in message.body
        if message.to == ["waiting@example.com"]:
            assert SECRET_URL not in message.body  # waiting, then offered: not confirmed
    manage = register_url(setup.conference, name="registrations:manage", token=links.make_token(waiting, links.MANAGE))
    assert SECRET_URL not in client.get(manage).content.decode()
    client.post(manage + "accept/")
    assert SECRET_URL in client.get(manage).content.decode()
    confirmed_mail = [message for message in deliver() if message.to == ["waiting@example.com"]]
    assert len(confirmed_mail) == 1 and SECRET_URL in confirmed_mail[0].body


def test_public_form_flow_never_shows_link(client, setup):
    response = client.post(register_url(setup.conference), form_data(mode="online"), follow=True)
    assert SECRET_URL not in response.content.decode()
    [message] = deliver()
    assert SECRET_URL not in message.body
    response = client.post(link_in(message, "confirm"), follow=True)
    assert SECRET_URL not in response.content.decode()  # confirmed, but 10 days before the start
