"""The registration list for staff: the counts against capacity per mode, filters, search (kana in hiragana too),
the actions through the services (approve, reject, promote from the waiting list), a setup's new seats offered to
the waiting list, and a fixed number of queries however many rows."""

import pytest
from django.utils import timezone

from registrations.models import Registration, RegistrationEmail, RegistrationEmailKind, RegistrationStatus
from tests.factories import RegistrationFactory
from tests.helpers import admin_url, client_for
from tests.registrations.staff import conference_with_setup
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = pytest.mark.django_db

LIST = "registrations_registration_changelist"


@pytest.fixture
def staff(staff_user):
    return client_for(staff_user("registrar", REGISTRATION_STAFF))


def waiting(conference, **fields):
    return RegistrationFactory(conference=conference, status="waiting", waiting_since=timezone.now(), **fields)


def test_list_of_a_conference_shows_counts_against_capacity_per_mode(staff):
    setup = conference_with_setup("admin-conf", on_site_capacity=3, online_capacity=None)
    conference = setup.conference
    RegistrationFactory.create_batch(2, conference=conference, mode="on_site")
    RegistrationFactory(conference=conference, mode="on_site", checked_in_at=timezone.now())
    waiting(conference, mode="on_site")
    RegistrationFactory(conference=conference, mode="online")
    RegistrationFactory(conference=conference, mode="online", status="pending_email")
    RegistrationFactory(conference=conference_with_setup("admin-other").conference, mode="on_site")

    response = staff.get(admin_url(LIST), {"conference__id__exact": conference.pk})

    assert response.status_code == 200
    [counts] = response.context["capacity_summary"]
    on_site, online = counts.modes
    assert (on_site.capacity, on_site.seats_taken, on_site.seats_left, on_site.is_full) == (3, 3, 0, True)
    assert (on_site.waiting, on_site.checked_in) == (1, 1)
    assert (online.capacity, online.seats_taken, online.seats_left, online.pending_email) == (None, 1, None, 1)
    html = response.content.decode()
    assert '<span class="full">full</span>' in html and "no limit" in html
    assert response.context["cl"].result_count == 6


def test_list_without_a_conference_heads_with_the_latest_setups(staff):
    first = conference_with_setup("admin-a")
    second = conference_with_setup("admin-b")
    response = staff.get(admin_url(LIST))
    assert {counts.setup for counts in response.context["capacity_summary"]} == {first, second}
    assert f"?conference__id__exact={first.conference_id}" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("やまだ", "yamada"), ("ヤマダ", "yamada"), ("Da Nang", "danang"), ("hanako@", "yamada"), ("TICKET", "yamada")],
)
def test_search_by_name_kana_organisation_email_and_ticket_code(staff, query, expected):
    conference = conference_with_setup("admin-conf").conference
    people = {
        "yamada": RegistrationFactory(
            conference=conference, name="山田 花子", name_kana="ヤマダ ハナコ", email="hanako@example.jp"
        ),
        "danang": RegistrationFactory(conference=conference, organisation="Da Nang City"),
    }
    if query == "TICKET":
        query = people["yamada"].ticket_code
    response = staff.get(admin_url(LIST), {"q": query})
    assert list(response.context["cl"].result_list) == [people[expected]]


@pytest.mark.parametrize(
    ("parameter", "value"), [("status__exact", "waiting"), ("mode__exact", "online"), ("country", "VN")]
)
def test_filters_by_status_mode_and_country(staff, parameter, value):
    conference = conference_with_setup("admin-conf").conference
    match = {
        "status__exact": lambda: waiting(conference),
        "mode__exact": lambda: RegistrationFactory(conference=conference, mode="online"),
        "country": lambda: RegistrationFactory(conference=conference, country="VN"),
    }[parameter]()
    RegistrationFactory(conference=conference)
    response = staff.get(admin_url(LIST), {parameter: value})
    assert list(response.context["cl"].result_list) == [match]


def act(client, action, registrations):
    return client.post(
        admin_url(LIST), {"action": action, "_selected_action": [r.pk for r in registrations]}, follow=True
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_approve_and_reject_through_the_services(staff):
    conference = conference_with_setup("admin-conf", requires_approval=True, on_site_capacity=1).conference
    first = RegistrationFactory(conference=conference, status="pending_approval", confirmed_at=None)
    second = RegistrationFactory(conference=conference, status="pending_approval", confirmed_at=None)
    confirmed = RegistrationFactory(conference=conference, mode="online")

    response = act(staff, "approve_selected", [first, second, confirmed])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    assert first.decided_by == staff.user
    assert messages_of(response) == [
        "2 of 3 registrations changed.",
        "1 registration was left as it is: its status does not allow this.",
    ]
    assert set(RegistrationEmail.objects.values_list("registration", "kind")) == {
        (first.pk, RegistrationEmailKind.CONFIRMED),
        (second.pk, RegistrationEmailKind.WAITING),
    }

    act(staff, "reject_selected", [second])
    second.refresh_from_db()
    assert second.status == RegistrationStatus.REJECTED


def test_promote_from_the_waiting_list_by_hand(staff):
    conference = conference_with_setup("admin-conf", on_site_capacity=2).conference
    RegistrationFactory(conference=conference)
    first_in_line = waiting(conference)
    later = waiting(conference)

    response = act(staff, "promote_selected", [later])  # out of turn: staff decide

    later.refresh_from_db()
    first_in_line.refresh_from_db()
    assert (later.status, first_in_line.status) == (RegistrationStatus.OFFERED, RegistrationStatus.WAITING)
    assert later.offer_expires_at is not None
    assert messages_of(response) == ["1 of 1 registration changed."]

    response = act(staff, "promote_selected", [first_in_line])  # the mode is full now
    first_in_line.refresh_from_db()
    assert first_in_line.status == RegistrationStatus.WAITING
    assert messages_of(response) == [
        "0 of 1 registration changed.",
        "1 person stays on the waiting list: their mode has no free seat.",
    ]


def test_more_seats_in_the_setup_are_offered_to_the_waiting_list(staff):
    from tests.admin_forms import admin_change_data

    setup = conference_with_setup("admin-conf", on_site_capacity=1)
    RegistrationFactory(conference=setup.conference)
    person = waiting(setup.conference)
    url = admin_url(setup, "change")
    data = admin_change_data(staff, url, on_site_capacity="2")
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    person.refresh_from_db()
    assert person.status == RegistrationStatus.OFFERED


def test_change_page_is_read_only_and_shows_the_emails(staff):
    registration = RegistrationFactory(conference=conference_with_setup("admin-conf").conference, name="山田 花子")
    RegistrationEmail.objects.create(registration=registration, kind=RegistrationEmailKind.CONFIRMED)
    response = staff.get(admin_url(registration, "change"))
    html = response.content.decode()
    assert "山田 花子" in html and 'name="name"' not in html and 'name="email"' not in html
    assert "seat confirmed" in html


@pytest.mark.parametrize("rows", [1, 30])
def test_list_queries_do_not_grow_with_the_rows(staff, django_assert_max_num_queries, rows):
    conference = conference_with_setup("admin-conf").conference
    RegistrationFactory.create_batch(rows, conference=conference)
    with django_assert_max_num_queries(16):
        response = staff.get(admin_url(LIST), {"conference__id__exact": conference.pk})
    assert response.context["cl"].result_count == rows
    assert Registration.objects.count() == rows
