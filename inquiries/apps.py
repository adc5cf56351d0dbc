from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from yport.staff_group_names import EVERY_PERMISSION, INQUIRY_HANDLERS


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = _("Business inquiries")
    # Everything of this app, the custom reply_inquiry (answering a company from the admin) and the reply templates
    # included, except what no group holds:
    staff_group_permissions = {INQUIRY_HANDLERS: EVERY_PERMISSION}
    staff_group_excluded_permissions = (
        # Inquiries come only from the public form, and nothing a company sent is deleted (purge_inquiries
        # anonymises); the admin refuses both anyway.
        "add_inquiry",
        "delete_inquiry",
        # The history is append-only: written by the services, read in the admin (view stays, the inline needs it).
        "add_inquiryevent",
        "change_inquiryevent",
        "delete_inquiryevent",
        # The delivery records of the emails are written by the services only.
        "add_inquiryemail",
        "change_inquiryemail",
        "delete_inquiryemail",
        # Attachments come only with an inquiry from the public form and go with its personal data; handlers view
        # (download) them.
        "add_inquiryattachment",
        "change_inquiryattachment",
        "delete_inquiryattachment",
        # The reference number counter is internal; nobody needs to see or touch it.
        "add_inquiryreferencecounter",
        "change_inquiryreferencecounter",
        "delete_inquiryreferencecounter",
        "view_inquiryreferencecounter",
    )

    def ready(self):
        from inquiries import checks  # noqa: F401 - registers the checks
