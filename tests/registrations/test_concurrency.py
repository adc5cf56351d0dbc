"""No overbooking: many people confirm at the same moment through two app servers (gunicorn, 2 workers and 4
threads each) on one PostgreSQL database; exactly the capacity is confirmed, the rest wait, and every mail is sent.
The time it takes is the figure in docs/performance.md ("Registrations")."""

import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from registrations import links, services
from registrations.models import Registration, RegistrationEmail, RegistrationStatus
from tests.factories import RegistrationSetupFactory
from tests.servers import Browser, PortalServer, SmtpServer, use_smtp
from yport.outbox import send_due_emails

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="app servers share a PostgreSQL database"),
    pytest.mark.django_db(transaction=True),
]

CAPACITY = 25
PEOPLE = 100


def confirm_all_at_once(servers, paths):
    """Each person's browser opens their confirm link; then all press the button at one moment; the people
    alternate between the servers. Returns (statuses of the presses, seconds from the moment to the last answer)."""
    barrier = threading.Barrier(len(paths) + 1)
    statuses = [None] * len(paths)

    def person(index):
        server = servers[index % len(servers)]
        browser = Browser(server)
        status, html = browser.get(paths[index])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        request = urllib.request.Request(
            server.base + paths[index],
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
            headers={"Referer": server.base + paths[index]},
        )
        barrier.wait(timeout=120)
        try:
            with browser.opener.open(request, timeout=120) as response:
                statuses[index] = response.status
        except urllib.error.HTTPError as error:
            statuses[index] = error.code
        except Exception as error:  # noqa: BLE001 - reported through the statuses
            statuses[index] = repr(error)

    threads = [threading.Thread(target=person, args=(index,)) for index in range(len(paths))]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=120)
    started = time.monotonic()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, time.monotonic() - started


def test_simultaneous_confirmations_on_two_app_servers_confirm_exactly_the_capacity(settings, capsys):
    setup = RegistrationSetupFactory(modes_offered="on_site", on_site_capacity=CAPACITY)
    requests = [
        services.register(
            conference=setup.conference,
            data={"name": f"Person {index}", "email": f"person{index}@example.com", "country": "JP", "mode": "on_site"},
            language="en",
            client_address=f"10.0.{index}.1",  # one network each: the rate limit is not what this tests
        )
        for index in range(PEOPLE)
    ]
    paths = [links.link(registration, links.CONFIRM, absolute=False) for registration in requests]

    with PortalServer() as a, PortalServer() as b:
        statuses, seconds = confirm_all_at_once((a, b), paths)

    assert statuses == [302] * PEOPLE
    counts = Registration.objects.counts_by_status()
    assert (counts[RegistrationStatus.CONFIRMED], counts[RegistrationStatus.WAITING]) == (CAPACITY, PEOPLE - CAPACITY)
    kinds = list(RegistrationEmail.objects.values_list("kind", flat=True))
    assert (kinds.count("confirmed"), kinds.count("waiting"), len(kinds)) == (CAPACITY, PEOPLE - CAPACITY, 2 * PEOPLE)

    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        assert send_due_emails() == (2 * PEOPLE, 0)
    assert len(smtp.messages) == 2 * PEOPLE
    with capsys.disabled():
        load = os.getloadavg()[0]
        rate = PEOPLE / seconds
        print(f"\n{PEOPLE} confirmations through two app servers in {seconds:.2f} s: {rate:.1f}/s (load {load:.1f})")
