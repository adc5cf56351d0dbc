"""Who may see registrations: Registration staff (and superusers) everything the staff side offers; content
editors, publishers, inquiry handlers and a staff member in no group nothing of it (403), not even the app."""

import pytest
from django.contrib.auth.models import Group

from registrations.models import Registration
from tests.factories import RegistrationFactory
from tests.helpers import admin_url
from tests.registrations.staff import check_in_url, conference_with_setup, mail_url
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS, PUBLISHERS, REGISTRATION_STAFF

pytestmark = pytest.mark.django_db

REGISTRATION_STAFF_PERMISSIONS = {
    "view_registrationsetup",
    "add_registrationsetup",
    "change_registrationsetup",
    "view_registration",
    "change_registration",
    "check_in_registration",
    "export_registration",
    "mail_registrants",
    "erase_registration",
    "view_registrationemail",
}


def permissions_of(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("content_type__app_label", "codename"))


def test_registration_staff_hold_exactly_the_registration_work():
    assert permissions_of(REGISTRATION_STAFF) == {("registrations", name) for name in REGISTRATION_STAFF_PERMISSIONS}


@pytest.mark.parametrize("group", [CONTENT_EDITORS, PUBLISHERS, INQUIRY_HANDLERS])
def test_other_groups_hold_nothing_of_registrations(group):
    assert not {app for app, _codename in permissions_of(group)} & {"registrations"}


def staff_urls(registration):
    return {
        "list": admin_url(Registration, "changelist"),
        "list of a conference": admin_url(Registration, "changelist")
        + f"?conference__id__exact={registration.conference_id}",
        "change": admin_url(registration, "change"),
        "history": admin_url(registration, "history"),
        "export": admin_url(Registration, "export"),
        "check-in": check_in_url(),
        "mail": mail_url(),
        "setups": admin_url("registrations.registrationsetup", "changelist"),
        "setup": admin_url(registration.conference.registration_setup, "change"),
    }


@pytest.mark.parametrize("group", [CONTENT_EDITORS, PUBLISHERS, INQUIRY_HANDLERS, None])
def test_others_get_403_on_every_registration_page(staff_client, group):
    registration = RegistrationFactory(conference=conference_with_setup("perm-conf").conference)
    client = staff_client("someone", group)
    for name, url in staff_urls(registration).items():
        assert client.get(url).status_code == 403, name
    # Nothing changes through a POST either: export, check-in, mail, actions.
    assert client.post(admin_url(Registration, "export"), {"format": "0"}).status_code == 403
    response = client.post(
        check_in_url(), {"conference": registration.conference_id, "ticket_code": registration.ticket_code}
    )
    assert response.status_code == 403
    assert client.post(mail_url(), {}).status_code == 403
    response = client.post(
        admin_url(Registration, "changelist"), {"action": "export_admin_action", "_selected_action": [registration.pk]}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    index = client.get(admin_url("index"))
    assert "registrations" not in {app["app_label"] for app in index.context["app_list"]}
    assert "/admin/registrations/" not in index.content.decode()


@pytest.mark.parametrize("user", ["registration staff", "superuser"])
def test_registration_staff_and_superusers_open_every_page(staff_client, user):
    registration = RegistrationFactory(conference=conference_with_setup("perm-conf").conference)
    if user == "superuser":
        client = staff_client("root", is_superuser=True)
    else:
        client = staff_client("door", REGISTRATION_STAFF)
    for name, url in staff_urls(registration).items():
        response = client.get(url)
        assert response.status_code == 200, name
    assert registration.name in client.get(admin_url(registration, "change")).content.decode()


def test_registration_staff_cannot_add_or_delete_registrations_or_see_other_apps(staff_client):
    registration = RegistrationFactory(conference=conference_with_setup("perm-conf").conference)
    client = staff_client("door", REGISTRATION_STAFF)
    assert client.get(admin_url(Registration, "add")).status_code == 403
    assert client.get(admin_url(registration, "delete")).status_code == 403
    assert client.get(admin_url(registration.conference.registration_setup, "delete")).status_code == 403
    assert client.get(admin_url("conferences.conference", "changelist")).status_code == 403
    assert client.get(admin_url("inquiries.inquiry", "changelist")).status_code == 403
    assert client.get(admin_url("sitepages.sitepage", "changelist")).status_code == 403
    index = client.get(admin_url("index"))
    assert {app["app_label"] for app in index.context["app_list"]} == {"registrations"}


def test_view_permission_alone_does_not_export_check_in_or_mail(staff_user, client):
    """Each of the three is its own permission: a staff member who may only view the list gets 403 on them."""
    from django.contrib.auth.models import Permission

    registration = RegistrationFactory(conference=conference_with_setup("perm-conf").conference)
    user = staff_user("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(user)
    assert client.get(admin_url(Registration, "changelist")).status_code == 200
    assert client.get(admin_url(Registration, "export")).status_code == 403
    assert client.get(check_in_url()).status_code == 403
    assert client.get(mail_url()).status_code == 403
    html = client.get(admin_url(Registration, "changelist")).content.decode()
    assert "check-in/" not in html and "mail/" not in html
    assert registration.ticket_code in html
