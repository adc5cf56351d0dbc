"""A ticket's QR code: it encodes the check-in page's address for the ticket (on the site's address, without a
language: LocaleMiddleware opens it in the scanning staff member's); the confirmation mail's PNG and the manage
page's SVG are QR codes of that address (no decoder is installed: each picture is compared with segno's drawing of
the expected text, which differs for any other text); the SVG is served only to a confirmed registrant's manage
link, never stored, with no script or style in it."""

import datetime
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

import pytest
import segno
from django.urls import resolve
from django.utils import timezone, translation

from registrations import links, tickets
from registrations.emails import render_email
from registrations.models import RegistrationEmail, RegistrationEmailKind
from registrations.services import revoke_links
from registrations.staff_services import anonymise_registration
from tests.factories import RegistrationFactory, RegistrationSetupFactory
from tests.registrations.utils import register_url

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def registration(settings):
    settings.SITE_URL = "https://portal.example.jp"
    setup = RegistrationSetupFactory()
    return RegistrationFactory(conference=setup.conference, language="en")


def drawn(text, kind, **options):
    import io

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind=kind, border=4, **options)
    return buffer.getvalue()


def move_to(registration, status):
    """Stored in ``status`` with what the database asks of it (a waiting list entry has a time, an offer an end)."""
    now = timezone.now()
    extra = {"waiting": {"waiting_since": now}, "offered": {"offer_expires_at": now + datetime.timedelta(days=2)}}
    type(registration).objects.filter(pk=registration.pk).update(status=status, **extra.get(status, {}))


def svg_options():
    return {"scale": 1, "xmldecl": False, "omitsize": True, "dark": "#000", "light": "#fff"}


def ticket_svg_url(registration, token=None):
    token = token or links.make_token(registration, links.MANAGE)
    return register_url(registration.conference, name="registrations:ticket_qr", token=token)


def test_the_qr_code_encodes_the_check_in_address_of_the_ticket_without_a_language(registration):
    with translation.override("en"):  # a mail rendered in English, a page seen in English: the address stays
        address = tickets.check_in_address(registration)
    assert address == (
        "https://portal.example.jp/admin/registrations/registration/check-in/"
        f"?conference={registration.conference_id}&ticket_code={registration.ticket_code}"
    )
    assert resolve("/ja" + urlsplit(address).path).url_name == "registrations_registration_check_in"
    code = segno.make(address, error="m")
    assert code.error == "M" and code.version <= 8  # small enough to scan from a printed mail or a phone's screen


def test_the_mails_png_is_the_qr_code_of_the_check_in_address(registration):
    message = render_email(RegistrationEmail(registration=registration, kind=RegistrationEmailKind.CONFIRMED))
    [png] = [content for name, content, _type in message.attachments if name.endswith(".png")]
    address = tickets.check_in_address(registration)
    assert png.startswith(PNG_SIGNATURE)
    assert png == drawn(address, "png", scale=8)
    assert png != drawn(registration.ticket_code, "png", scale=8)  # no longer the bare code


@pytest.mark.parametrize(
    ("kind", "mode", "attachments"),
    [
        (RegistrationEmailKind.CONFIRMED, "on_site", ["ics", "png"]),
        (RegistrationEmailKind.REMINDER, "on_site", ["ics", "png"]),
        (RegistrationEmailKind.MODE_CHANGED, "on_site", ["ics", "png"]),
        (RegistrationEmailKind.CONFIRMED, "online", ["ics"]),
        (RegistrationEmailKind.REMINDER, "online", ["ics"]),
        (RegistrationEmailKind.MODE_CHANGED, "online", ["ics"]),
        (RegistrationEmailKind.CANCELLED, "on_site", []),
    ],
)
def test_the_ticket_goes_with_the_calendar_to_a_confirmed_registrant_on_site_only(
    registration, kind, mode, attachments
):
    type(registration).objects.filter(pk=registration.pk).update(mode=mode)
    registration.refresh_from_db()
    message = render_email(RegistrationEmail(registration=registration, kind=kind))
    assert sorted(name.rpartition(".")[2] for name, _content, _type in message.attachments) == attachments
    at_the_entrance = "Please show the ticket code (or the attached QR code) at the entrance."
    assert (at_the_entrance in message.body) == ("png" in attachments)


def test_the_manage_page_of_an_online_registrant_shows_the_ticket_code_without_a_qr_code(client, registration):
    type(registration).objects.filter(pk=registration.pk).update(mode="online")
    token = links.make_token(registration, links.MANAGE)
    html = client.get(register_url(registration.conference, name="registrations:manage", token=token)).content
    assert registration.ticket_code.encode() in html and b"ticket-qr" not in html
    assert client.get(ticket_svg_url(registration, token)).status_code == 404


def test_the_manage_link_serves_the_qr_code_as_an_svg_without_script_or_style(client, registration):
    response = client.get(ticket_svg_url(registration))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "private, no-store"
    svg = response.content.decode()
    assert response.content == drawn(tickets.check_in_address(registration), "svg", **svg_options())
    assert "<script" not in svg.lower() and "style=" not in svg.lower() and "<?xml" not in svg
    root = ElementTree.fromstring(svg)
    size = segno.make(tickets.check_in_address(registration), error="m").symbol_size(border=4)[0]
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == f"0 0 {size} {size}"


@pytest.mark.parametrize("status", ["pending_email", "pending_approval", "waiting", "offered", "cancelled", "expired"])
def test_the_qr_code_is_only_for_a_confirmed_registration(client, registration, status):
    move_to(registration, status)
    assert client.get(ticket_svg_url(registration)).status_code == 404


def test_the_qr_code_of_a_forged_revoked_or_anonymised_link_or_another_conferences_address_is_404(client, registration):
    token = links.make_token(registration, links.MANAGE)
    assert client.get(ticket_svg_url(registration, token)).status_code == 200
    forged = f"{registration.pk}:{'x' * 27}"
    assert client.get(ticket_svg_url(registration, forged)).status_code == 404
    confirm_token = links.make_token(registration, links.CONFIRM)
    assert client.get(ticket_svg_url(registration, confirm_token)).status_code == 404
    other = RegistrationSetupFactory().conference
    url = register_url(other, name="registrations:ticket_qr", token=token)
    assert client.get(url).status_code == 404
    revoke_links(registration=registration)
    assert client.get(ticket_svg_url(registration, token)).status_code == 404
    registration.refresh_from_db()
    token = links.make_token(registration, links.MANAGE)
    anonymise_registration(registration=registration)
    assert client.get(ticket_svg_url(registration, token)).status_code == 404


def test_the_manage_page_shows_the_qr_code_with_the_ticket_code_as_alt_text(client, registration):
    token = links.make_token(registration, links.MANAGE)
    response = client.get(register_url(registration.conference, name="registrations:manage", token=token))
    html = response.content.decode()
    image = f'<img class="ticket-qr" src="{ticket_svg_url(registration, token)}" width="240" height="240"'
    assert image in html
    assert f'alt="QR code of ticket {registration.ticket_code}"' in html
    assert "img-src 'self'" in response["Content-Security-Policy"]

    move_to(registration, "waiting")
    html = client.get(register_url(registration.conference, name="registrations:manage", token=token)).content
    assert b"ticket-qr" not in html


@pytest.mark.parametrize("rows", [1, 20])
def test_the_qr_code_reads_one_row(client, registration, django_assert_max_num_queries, rows):
    RegistrationFactory.create_batch(rows, conference=registration.conference)
    with django_assert_max_num_queries(1):  # the registration with its conference and setup
        assert client.get(ticket_svg_url(registration)).status_code == 200
