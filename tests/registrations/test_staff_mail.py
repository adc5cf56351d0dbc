"""A message to the confirmed registrants of a mode: written in both languages, previewed, then queued in the outbox
(one email per confirmed registrant of that mode, in their language); nothing before the preview is confirmed, and
sending the same message twice queues nothing twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from registrations.models import RegistrationEmail, RegistrationEmailKind
from registrations.staff_services import mail_registrants
from tests.factories import RegistrationFactory
from tests.helpers import client_for
from tests.registrations.staff import conference_with_setup, mail_url
from tests.registrations.utils import deliver
from yport.staff_group_names import REGISTRATION_STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def staff(staff_user):
    return client_for(staff_user("registrar", REGISTRATION_STAFF))


def message_data(setup, mode="online", **overrides):
    return {
        "conference": setup.conference_id,
        "mode": mode,
        "subject_ja": "会場のご案内",
        "body_ja": "受付は9時からです。",
        "subject_en": "Joining details",
        "body_en": "Doors open at 9.",
        **overrides,
    }


def registrants(setup):
    """Confirmed online registrants in each language, and others who must get nothing."""
    conference = setup.conference
    now = timezone.now()
    return {
        "online ja": RegistrationFactory(conference=conference, mode="online", language="ja"),
        "online en": RegistrationFactory(conference=conference, mode="online", language="en"),
        "on site": RegistrationFactory(conference=conference, mode="on_site"),
        "online waiting": RegistrationFactory(
            conference=conference, mode="online", status="waiting", waiting_since=now
        ),
        "online cancelled": RegistrationFactory(conference=conference, mode="online", status="cancelled"),
        "online offered": RegistrationFactory(
            conference=conference, mode="online", status="offered", offer_expires_at=now + datetime.timedelta(days=1)
        ),
        "other conference": RegistrationFactory(
            conference=conference_with_setup("mail-other").conference, mode="online"
        ),
    }


def test_preview_then_send_queues_one_email_per_confirmed_registrant_of_the_mode_in_their_language(staff):
    setup = conference_with_setup("mail-conf")
    people = registrants(setup)

    preview = staff.post(mail_url(), {**message_data(setup), "_preview": "1"})

    assert preview.status_code == 200
    assert not RegistrationEmail.objects.exists()  # nothing before the send
    html = preview.content.decode()
    assert "To 2 confirmed registrants of" in html
    assert "会場のご案内" in html and "Doors open at 9." in html
    assert [(language, count) for language, count, _subject, _body in preview.context["preview"]] == [
        ("Japanese", 1),
        ("English", 1),
    ]
    key = preview.context["form"]["preview_key"].value()

    response = staff.post(mail_url(), {**message_data(setup), "preview_key": key, "_send": "1"})

    assert response.status_code == 302
    emails = RegistrationEmail.objects.filter(kind=RegistrationEmailKind.MESSAGE).order_by("registration__language")
    assert [(email.registration, email.subject, email.body, email.created_by.username) for email in emails] == [
        (people["online en"], "Joining details", "Doors open at 9.", "registrar"),
        (people["online ja"], "会場のご案内", "受付は9時からです。", "registrar"),
    ]
    sent = deliver()
    assert sorted((message.to[0], message.subject) for message in sent) == sorted(
        [(people["online en"].email, "Joining details"), (people["online ja"].email, "会場のご案内")]
    )

    # The same message sent again (a double click, Back and send): nothing queued twice.
    staff.post(mail_url(), {**message_data(setup), "preview_key": key, "_send": "1"})
    assert RegistrationEmail.objects.filter(kind=RegistrationEmailKind.MESSAGE).count() == 2


def test_send_without_or_with_a_stale_preview_only_previews(staff):
    setup = conference_with_setup("mail-conf")
    registrants(setup)
    response = staff.post(mail_url(), {**message_data(setup), "_send": "1"})
    assert response.status_code == 200 and "preview" in response.context
    key = response.context["form"]["preview_key"].value()
    changed = staff.post(mail_url(), {**message_data(setup, body_en="Changed."), "preview_key": key, "_send": "1"})
    assert changed.status_code == 200
    assert "The message changed since the preview." in changed.content.decode()
    assert not RegistrationEmail.objects.exists()
    assert mail.outbox == []


def test_bad_input_is_a_form_error_and_nothing_is_queued(staff):
    setup = conference_with_setup("mail-conf", modes_offered="on_site")
    RegistrationFactory(conference=setup.conference, mode="online")
    response = staff.post(mail_url(), {**message_data(setup, subject_en="", body_ja="a\x07b"), "_preview": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["subject_en"] == ["This field is required."]
    assert errors["body_ja"] == ["Please remove the control or invisible characters from this field: U+0007."]
    assert errors["mode"] == [f"{setup.conference} has no online attendance."]
    assert not RegistrationEmail.objects.exists()


def test_the_service_queues_for_the_mode_only(staff_user):
    setup = conference_with_setup("mail-conf")
    people = registrants(setup)
    texts = {"ja": ("件名", "本文"), "en": ("Subject", "Text")}
    queued = mail_registrants(conference=setup.conference, mode="on_site", texts=texts, by=staff_user("registrar"))
    assert queued == 1
    assert list(RegistrationEmail.objects.values_list("registration", "subject")) == [(people["on site"].pk, "件名")]
