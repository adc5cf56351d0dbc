"""The registration status block of a conference page, loaded by the conference template (conferences imports
nothing of registrations). Seats change without a content change: the page that shows the block is kept in the page
cache for at most REGISTRATION_STATUS_SECONDS."""

from datetime import timedelta

from django import template
from django.utils import timezone

from pagecache.lifetime import keep_page_until
from registrations.status import conference_setup, registration_state

register = template.Library()

REGISTRATION_STATUS_SECONDS = 60


@register.inclusion_tag("registrations/includes/status.html", takes_context=True)
def registration_status(context, conference):
    now = timezone.now()
    request = context.get("request")
    if request is not None:
        keep_page_until(request, now + timedelta(seconds=REGISTRATION_STATUS_SECONDS))
    setup = conference_setup(conference)
    if setup is None:
        return {"state": None}
    return {"state": registration_state(setup, now=now), "conference": conference}
