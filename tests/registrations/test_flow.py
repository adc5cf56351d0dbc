"""The whole public flow through the Django client, in both languages: form, mail, confirm, manage, change mode,
calendar, cancel; the waiting list and its offer."""

import pytest
from django.core import mail

from registrations.models import Registration, RegistrationEmail, RegistrationStatus
from tests.factories import RegistrationSetupFactory
from tests.registrations.utils import deliver, form_data, link_in, register_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ja", "en"])
def test_person_registers_confirms_changes_mode_downloads_calendar_and_cancels(client, language):
    setup = RegistrationSetupFactory()
    conference = setup.conference
    extra = {"name_kana": "やまだ はなこ"} if language == "ja" else {}

    response = client.post(register_url(conference, language), form_data(**extra))

    assert response.status_code == 302
    assert response["Location"] == register_url(conference, language, "registrations:register_sent")
    registration = Registration.objects.get()
    assert (registration.status, registration.language, registration.privacy_notice_version) == (
        RegistrationStatus.PENDING_EMAIL,
        language,
        "2026-11",
    )
    assert registration.name_kana == ("ヤマダ ハナコ" if language == "ja" else "")
    assert (registration.list_publicly, registration.news_opt_in) == (False, False)
    [confirm_mail] = deliver()
    assert confirm_mail.to == ["hanako@example.jp"]
    confirm_path = link_in(confirm_mail, "confirm")
    assert confirm_path.startswith(f"/{language}/")

    page = client.get(confirm_path)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING_EMAIL  # a GET (a mail scanner) confirms nothing
    manage = client.post(confirm_path)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    [confirmed_mail] = deliver()
    assert registration.ticket_code in confirmed_mail.body
    assert [name for name, _content, _type in confirmed_mail.attachments] == [
        f"{conference.slug}.ics",
        f"ticket-{registration.ticket_code}.png",
    ]
    manage_path = manage["Location"]
    assert link_in(confirmed_mail, "manage") == manage_path

    page = client.get(manage_path)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert registration.ticket_code in page.content.decode()

    calendar = client.get(manage_path + "calendar.ics")
    assert calendar.status_code == 200 and calendar.content.startswith(b"BEGIN:VCALENDAR")

    client.post(manage_path + "mode/", {"mode": "online"})
    registration.refresh_from_db()
    assert registration.mode == "online"

    assert client.get(manage_path + "cancel/").status_code == 200
    client.post(manage_path + "cancel/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert sorted(RegistrationEmail.objects.values_list("kind", flat=True)) == [
        "cancelled",
        "confirm_email",
        "confirmed",
        "mode_changed",
    ]


def test_full_mode_puts_next_person_on_waiting_list_who_takes_the_freed_seat(client):
    setup = RegistrationSetupFactory(on_site_capacity=1)
    conference = setup.conference
    manage = {}
    for email in ("first@example.com", "second@example.com"):
        client.post(register_url(conference), form_data(email=email))
        [message] = deliver()
        manage[email] = client.post(link_in(message, "confirm"))["Location"]
        deliver()
    first, second = Registration.objects.order_by("created_at", "id")
    assert (first.status, second.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)

    client.post(manage["first@example.com"] + "cancel/")
    second.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    offer = [message for message in deliver() if message.to == ["second@example.com"]]
    assert len(offer) == 1 and link_in(offer[0], "manage") == manage["second@example.com"]

    client.post(manage["second@example.com"] + "accept/")
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert mail.outbox == []
