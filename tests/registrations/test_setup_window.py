"""A registration setup's window: it closes after it opens, and by the end of the conference's last day (the site's
time zone), as staff enter it in the admin."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from registrations.models import RegistrationSetup
from tests.factories import ConferenceFactory
from tests.helpers import admin_url, client_for
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def conference():
    return ConferenceFactory(start_date=datetime.date(2027, 11, 24), end_date=datetime.date(2027, 11, 25))


def setup_closing(conference, closes_at, opens_at=datetime.datetime(2027, 9, 1, 10, tzinfo=TOKYO)):
    return RegistrationSetup(conference=conference, opens_at=opens_at, closes_at=closes_at)


def error_codes(setup):
    with pytest.raises(ValidationError) as raised:
        setup.full_clean()
    return {field: [error.code for error in errors] for field, errors in raised.value.error_dict.items()}


def test_registration_may_close_at_the_end_of_the_last_day_in_tokyo(conference):
    setup_closing(conference, datetime.datetime(2027, 11, 26, 0, 0, tzinfo=TOKYO)).full_clean()
    setup_closing(conference, datetime.datetime(2027, 11, 25, 14, 59, tzinfo=datetime.UTC)).full_clean()


@pytest.mark.parametrize(
    "closes_at",
    [
        datetime.datetime(2027, 11, 26, 0, 0, 1, tzinfo=TOKYO),
        datetime.datetime(2027, 11, 25, 15, 0, 1, tzinfo=datetime.UTC),
        datetime.datetime(2028, 1, 1, tzinfo=TOKYO),
    ],
)
def test_registration_closing_after_the_conference_is_refused(conference, closes_at):
    assert error_codes(setup_closing(conference, closes_at)) == {"closes_at": ["closes_after_conference"]}


def test_registration_closing_before_it_opens_is_refused(conference):
    opens_at = datetime.datetime(2027, 10, 1, tzinfo=TOKYO)
    setup = setup_closing(conference, opens_at, opens_at=opens_at)
    assert error_codes(setup) == {"closes_at": ["closes_before_opening"]}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Registration must close by the end of the conference&#x27;s last day (Nov. 25, 2027)."),
        ("ja", "参加登録の締切は会議の最終日（2027年11月25日）の終わりまでにしてください。"),
    ],
)
def test_the_admin_says_why_in_the_staff_language(staff_user, conference, language, message):
    staff = client_for(staff_user("registrar", REGISTRATION_STAFF))
    url = admin_url("registrations.registrationsetup", "add", language=language)
    response = staff.post(
        url,
        {
            "conference": conference.pk,
            "opens_at_0": "2027-09-01",
            "opens_at_1": "10:00",
            "closes_at_0": "2027-11-27",
            "closes_at_1": "10:00",
            "modes_offered": "both",
            "online_link_release_before": "24:00:00",
            "email_confirmation_window": "24:00:00",
            "offer_validity": "48:00:00",
            "retention_days": "180",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegistrationSetup.objects.exists()
