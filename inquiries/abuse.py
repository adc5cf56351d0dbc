"""The inquiry form's submission rate limit (the rule itself is the kernel's, yport.abuse)."""

from datetime import datetime, timedelta

from django.conf import settings

from inquiries.models import Inquiry
from yport import abuse


def seconds_until_next_slot(network: str, *, now: datetime) -> int | None:
    """None while the network has accepted fewer than INQUIRY_RATE_LIMIT inquiries in the last window; otherwise the
    seconds until the oldest of them leaves the window. Call it inside the submission's transaction after the
    reference number is taken: that row lock makes concurrent submissions count one after another."""
    return abuse.seconds_until_next_slot(
        Inquiry.objects.filter(client_network=network),
        time_field="created_at",
        limit=settings.INQUIRY_RATE_LIMIT,
        window=timedelta(seconds=settings.INQUIRY_RATE_WINDOW_SECONDS),
        now=now,
    )
