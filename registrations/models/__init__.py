"""Registrations for a conference: how staff set it up (RegistrationSetup), the people who register (Registration,
personal data: see the privacy notice) and the emails about a registration (RegistrationEmail, in the outbox).
Every change of a registration's status goes through registrations.services. One module each: choices (modes,
statuses, questions, codes), setup, registration, email; imported here, where Django and the rest of the project
find them."""

from registrations.models.choices import (
    ACTIVE_STATUSES,
    CONSENT_FIELDS,
    OPTIONAL_QUESTIONS,
    PUBLIC_LIST_FIELDS,
    SEAT_STATUSES,
    SUBMITTED_FIELDS,
    TICKET_ALPHABET,
    TICKET_LENGTH,
    AttendanceMode,
    ModesOffered,
    RegistrationStatus,
    local_midnight,
    new_secret,
    new_ticket_code,
    normalise_email,
)
from registrations.models.email import RegistrationEmail, RegistrationEmailKind
from registrations.models.registration import Registration, RegistrationQuerySet
from registrations.models.setup import RegistrationSetup, RegistrationSetupQuerySet

__all__ = [
    "ACTIVE_STATUSES",
    "CONSENT_FIELDS",
    "OPTIONAL_QUESTIONS",
    "PUBLIC_LIST_FIELDS",
    "SEAT_STATUSES",
    "SUBMITTED_FIELDS",
    "TICKET_ALPHABET",
    "TICKET_LENGTH",
    "AttendanceMode",
    "ModesOffered",
    "Registration",
    "RegistrationEmail",
    "RegistrationEmailKind",
    "RegistrationQuerySet",
    "RegistrationSetup",
    "RegistrationSetupQuerySet",
    "RegistrationStatus",
    "local_midnight",
    "new_secret",
    "new_ticket_code",
    "normalise_email",
]
