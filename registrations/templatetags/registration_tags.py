"""The registration status block of a conference page, loaded by the conference template (conferences imports
nothing of registrations). Seats change without a content change: the block is rendered at most once per
REGISTRATION_STATUS_SECONDS per conference, language and content version in each process (kept with the page
fragments), and the page that shows it is kept in the page cache only until that rendering is that old. So the status
shown is at most REGISTRATION_STATUS_SECONDS stale, and a change of the setup (a content change) shows at once; while
the block is kept the page reads nothing for it."""

import datetime

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache import lifetime
from pagecache.fragments import request_fragment_version
from registrations.status import conference_setup, registration_state

register = template.Library()

REGISTRATION_STATUS_SECONDS = 60
STATUS_TEMPLATE = "registrations/includes/status.html"


def render_status(conference, moment: float) -> str:
    setup = conference_setup(conference)
    if setup is None:
        return render_to_string(STATUS_TEMPLATE, {"state": None})
    now = datetime.datetime.fromtimestamp(moment, datetime.UTC)
    return render_to_string(STATUS_TEMPLATE, {"state": registration_state(setup, now=now), "conference": conference})


@register.simple_tag(takes_context=True)
def registration_status(context, conference):
    moment = lifetime.now()
    request = context.get("request")
    if request is None:
        return render_status(conference, moment)
    key = make_template_fragment_key(
        "registration-status", (request_fragment_version(request), get_language(), conference.pk)
    )
    fragments = caches["template_fragments"]
    kept = fragments.get(key)
    if kept is None or kept[0] + REGISTRATION_STATUS_SECONDS <= moment:
        kept = (moment, render_status(conference, moment))
        fragments.set(key, kept, REGISTRATION_STATUS_SECONDS)
    rendered_at, html = kept
    lifetime.keep_page_until(
        request, datetime.datetime.fromtimestamp(rendered_at + REGISTRATION_STATUS_SECONDS, datetime.UTC)
    )
    return mark_safe(html)  # noqa: S308 - rendered from the status template, escaped there
