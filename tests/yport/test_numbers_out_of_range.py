"""A number beyond the database's range in a request never gives a server error (SQLite cannot take one): the views
that read an id use yport.http.row_id; elsewhere (the admin's filters by a related row) NumberOutOfRangeMiddleware
answers 400 on SQLite, and PostgreSQL finds nothing."""

import pytest

from tests.factories import RegistrationSetupFactory
from tests.helpers import admin_url
from yport.http import MAX_ROW_ID, row_id

HUGE = "9" * 25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (7, 7),
        (str(MAX_ROW_ID), MAX_ROW_ID),
        (str(MAX_ROW_ID + 1), None),
        (HUGE, None),
        ("0", None),
        ("-1", None),
        ("１２", None),
        ("٣", None),
        ("1.0", None),
        (" 1", None),
        ("", None),
        ("1\x00", None),
    ],
)
def test_row_id(text, expected):
    assert row_id(text) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "parameters"),
    [
        ("registrations_registration_changelist", {"conference__id__exact": HUGE}),
        ("registrations_registration_check_in", {"conference": HUGE}),
        ("registrations_registration_mail", {"conference": HUGE}),
    ],
)
def test_registration_staff_pages_answer_a_huge_id_without_a_server_error(admin_client, page, parameters):
    RegistrationSetupFactory()
    assert admin_client.get(admin_url(page), parameters).status_code in (200, 302)


@pytest.mark.django_db
def test_check_in_of_a_huge_registration_id_is_refused_not_a_server_error(admin_client):
    setup = RegistrationSetupFactory()
    response = admin_client.post(
        admin_url("registrations_registration_check_in"), {"conference": setup.conference_id, "registration": HUGE}
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "parameter"),
    [
        ("cities.keyfigure", "city__exact"),
        ("cities.city", "fields_of_cooperation"),
        ("conferences.session", "conference__exact"),
        ("projects.project", "financing"),
        ("inquiries.inquiry", "fields_of_interest__exact"),
        ("auth.user", "groups__exact"),
    ],
)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_admin_lists_filtered_by_a_huge_related_id_answer_bad_request_or_nothing(
    admin_client, model, parameter, language
):
    response = admin_client.get(admin_url(model, "changelist", language=language), {parameter: HUGE})
    assert response.status_code in (200, 400)
    if response.status_code == 400:  # SQLite
        assert {"ja": "不正なリクエスト", "en": "Bad request"}[language] in response.content.decode()
