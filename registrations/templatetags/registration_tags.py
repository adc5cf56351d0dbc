"""The registration status block of a conference page, loaded by the conference template (conferences imports
nothing of registrations). The status changes without a content change (registration opens, seats are taken): the
block is kept with the page fragments per conference, language and content version in each process only as long as
it holds (``registrations.status.state_shown_until``: until registration opens, a minute of seats while it is open,
until the content changes once it has closed or where there is no registration), and the page that shows it is kept in
the page cache no longer. A change of the setup (a content change) shows at once; while the block is kept the page
reads nothing for it."""

import datetime

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache import lifetime
from pagecache.fragments import keep_fragment, kept_fragment, request_fragment_version
from registrations.status import conference_setup, registration_state, state_shown_until

register = template.Library()

STATUS_TEMPLATE = "registrations/includes/status.html"
# How long a block that holds until the content changes stays in the fragment cache (as the pages' fragments).
KEPT_SECONDS = 600


def render_status(conference, now: datetime.datetime) -> tuple[datetime.datetime | None, str]:
    """Until when the block holds (None: until the content changes) and its HTML."""
    setup = conference_setup(conference)
    if setup is None:
        return None, render_to_string(STATUS_TEMPLATE, {"state": None})
    state = registration_state(setup, now=now)
    html = render_to_string(STATUS_TEMPLATE, {"state": state, "conference": conference})
    return state_shown_until(state, now=now), html


@register.simple_tag(takes_context=True)
def registration_status(context, conference):
    now = datetime.datetime.fromtimestamp(lifetime.now(), datetime.UTC)
    request = context.get("request")
    if request is None:
        return render_status(conference, now)[1]
    vary_on = ("registration-status", request_fragment_version(request), get_language(), conference.pk)
    kept = kept_fragment(*vary_on)
    if kept is None or (kept[0] is not None and kept[0] <= now):
        kept = render_status(conference, now)
        seconds = KEPT_SECONDS if kept[0] is None else min(KEPT_SECONDS, (kept[0] - now).total_seconds())
        keep_fragment(*vary_on, value=kept, timeout=max(1, int(seconds)))
    shown_until, html = kept
    if shown_until is not None:
        lifetime.keep_page_until(request, shown_until)
    return mark_safe(html)  # noqa: S308 - rendered from the status template, escaped there
