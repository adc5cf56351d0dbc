"""A ticket's QR code. It encodes the address of the check-in page (registrations.checkin) with the conference and the
ticket code, on the site's address and without a language prefix (the page then opens in the language of the staff
member who scans it): the door staff scan it with a phone's camera app, which opens the page on the person, ready to
check them in with one tap (a scanner that types the whole address into the ticket code field works too). Drawn as a
PNG for the confirmation mail and as an SVG for the manage page, both from ``check_in_address``."""

from django.conf import settings
from django.utils import translation

from registrations.checkin import check_in_url, language_neutral
from registrations.models import Registration
from yport import qr


def check_in_address(registration: Registration) -> str:
    """What the ticket's QR code encodes: the absolute address of the check-in page for this registration."""
    with translation.override(settings.LANGUAGE_CODE):
        path = check_in_url(registration.conference_id, ticket_code=registration.ticket_code)
    return settings.SITE_URL + language_neutral(path)


def ticket_qr_png(registration: Registration) -> bytes:
    return qr.png(check_in_address(registration))


def ticket_qr_svg(registration: Registration) -> str:
    return qr.svg(check_in_address(registration))
