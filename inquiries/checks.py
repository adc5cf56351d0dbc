from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def check_notification_recipients(app_configs, **kwargs):
    """Without recipients every inquiry's staff notification fails, and only a log line nobody reads says so."""
    if settings.INQUIRY_NOTIFY_EMAILS:
        return []
    return [
        Warning(
            "INQUIRY_NOTIFY_EMAILS is empty: nobody is told about new business inquiries.",
            hint="Set INQUIRY_NOTIFY_EMAILS to the programme's mailbox (comma-separated addresses).",
            id="inquiries.W001",
        )
    ]


# Room in a form body for the other fields and the multipart framing, besides the files.
FORM_BODY_MARGIN = 1024 * 1024


@register(Tags.compatibility)
def check_attachment_limits(app_configs, **kwargs):
    """A body limit below what the form accepts would answer 413 to a company sending files within the limits."""
    needed = settings.INQUIRY_ATTACHMENT_MAX_FILES * settings.INQUIRY_ATTACHMENT_MAX_BYTES + FORM_BODY_MARGIN
    if settings.INQUIRY_REQUEST_MAX_BYTES >= needed:
        return []
    return [
        Warning(
            f"INQUIRY_REQUEST_MAX_BYTES ({settings.INQUIRY_REQUEST_MAX_BYTES}) is below what the inquiry form accepts "
            f"({settings.INQUIRY_ATTACHMENT_MAX_FILES} × {settings.INQUIRY_ATTACHMENT_MAX_BYTES} bytes of files "
            "and the other fields).",
            hint=f"Set INQUIRY_REQUEST_MAX_BYTES to at least {needed} (and the proxy's client_max_body_size too).",
            id="inquiries.W002",
        )
    ]


@register(Tags.compatibility)
def check_response_days(app_configs, **kwargs):
    """A negative target would make every submission fail when its due date is counted."""
    if settings.INQUIRY_RESPONSE_DAYS >= 0:
        return []
    return [
        Error(
            "INQUIRY_RESPONSE_DAYS must be 0 or more.",
            hint="Set it to the number of working days within which a first answer is due (default 3).",
            id="inquiries.E001",
        )
    ]
