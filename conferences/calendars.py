"""iCalendar (RFC 5545) files of conferences and sessions, in the active language.

A conference is an all-day event (DTEND is the day after its last day: RFC 5545's end is exclusive); a session with
a start time is a timed event in the site's time zone (Asia/Tokyo), whose VTIMEZONE the file carries. UIDs are made
of the row's primary key and the site's host, so that a calendar that subscribed keeps the same event after a
rename. DTSTAMP is the row's last change (RFC 5545: without METHOD it is the time the information was last revised),
which keeps a file the same until its content changes.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import get_language, gettext

from conferences.models import ConferenceFormat
from yport.seo import absolute_url, site_host

PRODUCT_ID = "-//City of Yokohama//Y-PORT Portal//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def conference_uid(conference) -> str:
    return f"conference-{conference.pk}@{site_host()}"


def session_uid(session) -> str:
    return f"session-{session.pk}@{site_host()}"


def new_calendar(*, name: str, uid: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("uid", uid)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def conference_location(conference) -> str:
    if conference.format == ConferenceFormat.ONLINE:
        return gettext("Online")
    return conference.venue


def conference_event(conference) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", conference_uid(conference))
    event.add("dtstamp", conference.updated_at)
    event.add("last-modified", conference.updated_at)
    event.add("dtstart", conference.start_date)
    event.add("dtend", conference.end_date + datetime.timedelta(days=1))
    event.add("summary", conference.title)
    description = "\n\n".join(part for part in (conference.theme, conference.description) if part)
    if description:
        event.add("description", description)
    location = conference_location(conference)
    if location:
        event.add("location", location)
    event.add("url", absolute_url(conference.get_absolute_url()))
    event.add("transp", "TRANSPARENT")  # a conference day does not make the whole day busy
    return event


def session_event(session, conference) -> icalendar.Event:
    """A timed session; ``conference`` is passed so that a list of sessions needs no query per session."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", max(session.updated_at, conference.updated_at))
    event.add("last-modified", max(session.updated_at, conference.updated_at))
    event.add("dtstart", session.starts_at.astimezone(zone))
    if session.ends_at:
        event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.title)
    if session.summary:
        event.add("description", session.summary)
    location = conference_location(conference)
    if location:
        event.add("location", location)
    event.add("url", absolute_url(session.get_absolute_url()))
    event.add("related-to", conference_uid(conference))
    return event


def finish(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def conference_calendar(conference, sessions) -> bytes:
    """The conference and its sessions that have a start time (``sessions`` of this conference)."""
    calendar = new_calendar(name=conference.title, uid=f"conference-{conference.pk}-calendar@{site_host()}")
    calendar.add_component(conference_event(conference))
    for session in sessions:
        if session.starts_at:
            session.conference = conference
            calendar.add_component(session_event(session, conference))
    return finish(calendar)


def session_calendar(session) -> bytes:
    calendar = new_calendar(name=session.title, uid=f"session-{session.pk}-calendar@{site_host()}")
    calendar.add_component(session_event(session, session.conference))
    return finish(calendar)


def conferences_calendar(conferences) -> bytes:
    """All ``conferences`` as one calendar to subscribe to."""
    name = gettext("Asia Smart City Conference")
    calendar = new_calendar(name=name, uid=f"conferences-{get_language()}@{site_host()}")
    calendar.add("refresh-interval", datetime.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    for conference in conferences:
        calendar.add_component(conference_event(conference))
    return finish(calendar)


def download_name(name: str) -> str:
    """A file name for the Content-Disposition header: the slug, which is ASCII."""
    return f"{slugify(name) or 'calendar'}.ics"
