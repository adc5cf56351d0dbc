"""What the staff-side tests of registrations share: a conference with registration set up and its admin addresses."""

from tests.factories import RegistrationSetupFactory
from tests.helpers import admin_url


def conference_with_setup(slug, **setup_fields):
    """A setup open now for a conference a month ahead (the factory's), whose slug is ``slug``."""
    return RegistrationSetupFactory(conference__slug=slug, **setup_fields)


def check_in_url(**query):
    from urllib.parse import urlencode

    url = admin_url("registrations_registration_check_in")
    return f"{url}?{urlencode(query)}" if query else url


def mail_url():
    return admin_url("registrations_registration_mail")
