"""Erasing a person's data on their request from the admin (yport.admin.erase_on_request_action): the inquiry list
(Inquiry handlers) and the registration list (Registration staff) ask again on a page that lists the rows, then erase
each one not erased yet; staff without the erase permission get no such action."""

import pytest
from django.contrib.auth.models import Permission

from inquiries.models import Inquiry, InquiryEventKind
from registrations.models import Registration, RegistrationStatus
from tests.factories import InquiryFactory, RegistrationFactory, RegistrationSetupFactory
from tests.helpers import admin_url, client_for
from yport.staff_group_names import INQUIRY_HANDLERS, REGISTRATION_STAFF

pytestmark = pytest.mark.django_db

LISTS = {
    "inquiries": (Inquiry, INQUIRY_HANDLERS, "company_name"),
    "registrations": (Registration, REGISTRATION_STAFF, "name"),
}


def rows(app, count):
    if app == "inquiries":
        return InquiryFactory.create_batch(count)
    setup = RegistrationSetupFactory(on_site_capacity=10)
    return RegistrationFactory.create_batch(count, conference=setup.conference)


def post_action(client, model, selected, language="en", **extra):
    data = {"action": "erase_selected", "_selected_action": [row.pk for row in selected], **extra}
    return client.post(admin_url(model, "changelist", language=language), data)


@pytest.mark.parametrize("app", LISTS)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_staff_erase_the_selected_rows_after_a_page_that_asks_again(staff_user, app, language):
    model, group, personal_field = LISTS[app]
    staff = client_for(staff_user("staff", group))
    erased, kept = rows(app, 2)

    page = post_action(staff, model, [erased], language)
    assert page.status_code == 200
    html = page.content.decode()
    assert str(erased) in html and str(kept) not in html
    assert {"ja": "本人の求めにより", "en": "as the person asked"}[language] in html
    assert model.objects.get(pk=erased.pk).anonymised_at is None  # asking erases nothing

    done = post_action(staff, model, [erased], language, erase_confirmed="yes")
    assert done.status_code == 302
    row = model.objects.get(pk=erased.pk)
    assert row.anonymised_at is not None and getattr(row, personal_field) == ""
    assert model.objects.get(pk=kept.pk).anonymised_at is None


def test_a_registration_erased_before_the_conference_is_cancelled_and_its_seat_offered(staff_user):
    setup = RegistrationSetupFactory(on_site_capacity=1)
    holder = RegistrationFactory(conference=setup.conference)
    waiting = RegistrationFactory(conference=setup.conference, status="waiting", waiting_since=holder.created_at)
    staff = client_for(staff_user("registrar", REGISTRATION_STAFF))
    post_action(staff, Registration, [holder], erase_confirmed="yes")
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.OFFERED)


def test_an_inquiry_erased_on_request_records_it_once(staff_user):
    inquiry = InquiryFactory()
    staff = client_for(staff_user("handler", INQUIRY_HANDLERS))
    post_action(staff, Inquiry, [inquiry], erase_confirmed="yes")
    post_action(staff, Inquiry, [inquiry], erase_confirmed="yes")  # already erased: left alone
    assert inquiry.events.filter(kind=InquiryEventKind.ANONYMISED).count() == 1


@pytest.mark.parametrize("app", LISTS)
def test_staff_without_the_erase_permission_get_no_such_action(staff_user, app):
    model, _group, _field = LISTS[app]
    [row] = rows(app, 1)
    user = staff_user("viewer")
    user.user_permissions.add(Permission.objects.get(codename=f"view_{model._meta.model_name}"))
    viewer = client_for(user)
    page = viewer.get(admin_url(model, "changelist"))
    assert page.status_code == 200 and 'value="erase_selected"' not in page.content.decode()
    post_action(viewer, model, [row], erase_confirmed="yes")
    assert model.objects.get(pk=row.pk).anonymised_at is None


@pytest.mark.parametrize("app", LISTS)
def test_the_groups_that_handle_the_data_hold_the_erase_permission(staff_user, app):
    model, group, _field = LISTS[app]
    user = staff_user("staff", group)
    assert user.has_perm(f"{model._meta.app_label}.erase_{model._meta.model_name}")
