from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from yport.staff_group_names import REGISTRATION_STAFF


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Conference registrations")
    # A conference page shows its setup (window, modes, texts) and its JSON-LD offer: a setup's save makes a new
    # content generation. Only the setup: a registration is personal data, on a cached page only as far as its
    # registrant consented (the participant list, kept a minute at most; status.SHOWN_FOR), and the
    # app is not public content: content editors get none of its permissions.
    public_content_models = ("registrationsetup",)
    # Registration staff run the registration of a conference: they set it up, see and export the registrations,
    # approve or reject them, promote from the waiting list, check people in, mail the registrants of a mode and
    # erase a registrant's personal data when the person asks.
    # Nobody else but superusers sees any of it (no content editor or publisher sees a registrant's personal data).
    staff_group_permissions = {
        REGISTRATION_STAFF: (
            "view_registrationsetup",
            "add_registrationsetup",
            "change_registrationsetup",
            "view_registration",
            "change_registration",
            "check_in_registration",
            "export_registration",
            "mail_registrants",
            "erase_registration",
            "view_registrationemail",
        ),
    }
    staff_group_excluded_permissions = (
        # Registrations come only from the public form; nothing is deleted (purge_registrations anonymises).
        "add_registration",
        "delete_registration",
        # A setup goes with its conference; its registrations would lose their capacities and retention.
        "delete_registrationsetup",
        # The delivery records of the emails are written by the services only.
        "add_registrationemail",
        "change_registrationemail",
        "delete_registrationemail",
    )

    def ready(self):
        from conferences.structured_data import add_event_properties
        from registrations.structured_data import conference_offer

        add_event_properties(conference_offer)
