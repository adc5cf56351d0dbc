"""Registrations in the admin: importing the modules registers RegistrationSetupAdmin (setup: a conference's
registration as staff set it up) and RegistrationAdmin (registration: the list with the counts against capacity,
filters, search, export and actions, and its own pages: check-in in registrations.checkin, the message to a mode in
mail)."""

from registrations.admin import registration, setup  # noqa: F401
