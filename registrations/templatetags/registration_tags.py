"""The registration status block of a conference page, loaded by the conference template (conferences imports
nothing of registrations). The status changes without a content change (registration opens, seats are taken): the
page that shows it is kept in the page cache only as long as it holds (``registrations.status.state_shown_until``);
a conference without registration, or whose registration has closed, is kept like any page."""

from django import template
from django.utils import timezone

from pagecache.lifetime import keep_page_until
from registrations.status import conference_setup, registration_state, state_shown_until

register = template.Library()


@register.inclusion_tag("registrations/includes/status.html", takes_context=True)
def registration_status(context, conference):
    setup = conference_setup(conference)
    if setup is None:
        return {"state": None}
    now = timezone.now()
    state = registration_state(setup, now=now)
    request = context.get("request")
    shown_until = state_shown_until(state, now=now)
    if request is not None and shown_until is not None:
        keep_page_until(request, shown_until)
    return {"state": state, "conference": conference}
