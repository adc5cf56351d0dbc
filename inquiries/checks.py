from django.conf import settings
from django.core.checks import Tags, Warning, register


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
