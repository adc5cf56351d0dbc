"""schema.org descriptions of conference, session and speaker pages (JSON-LD), in the active language."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from conferences.models import ConferenceFormat
from yport.seo import absolute_url, breadcrumb_list, description_excerpt, without_empty

# What other apps add to a conference's Event: each a function of the conference that returns a dict of properties
# (for example {"offers": ...}) or None. Filled by the AppConfig.ready() of an app that conferences may not import
# (registrations contributes the offer), through add_event_properties.
EVENT_PROPERTY_PROVIDERS = []


def add_event_properties(provider):
    """Register ``provider(conference) -> dict | None``; its properties are added to the conference's Event."""
    if provider not in EVENT_PROPERTY_PROVIDERS:
        EVENT_PROPERTY_PROVIDERS.append(provider)
    return provider


def contributed_properties(conference) -> dict:
    properties = {}
    for provider in EVENT_PROPERTY_PROVIDERS:
        properties.update(provider(conference) or {})
    return properties


ATTENDANCE_MODES = {
    ConferenceFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    ConferenceFormat.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    ConferenceFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def conference_locations(conference, url):
    """Where the conference takes place: its venue (a Place), the web (a VirtualLocation) or both."""
    locations = []
    if conference.format != ConferenceFormat.ONLINE and conference.venue:
        locations.append({"@type": "Place", "name": conference.venue, "address": conference.venue})
    if conference.format != ConferenceFormat.ON_SITE:
        locations.append({"@type": "VirtualLocation", "url": url})
    return locations[0] if len(locations) == 1 else locations


def conference_organizer(conference):
    """Who organises the conference (and so each of its sessions), when the conference names one."""
    if not conference.organiser:
        return None
    return without_empty({"@type": "Organization", "name": conference.organiser, "url": conference.organiser_url})


def performers(appearances) -> list:
    """The speakers of ``appearances``, each once in order of first appearance, as schema.org Persons."""
    speakers = {}
    for appearance in appearances:
        speakers.setdefault(appearance.speaker_id, appearance.speaker)
    return [
        {"@type": "Person", "name": speaker.name, "url": absolute_url(speaker.get_absolute_url())}
        for speaker in speakers.values()
    ]


def conference_event(conference) -> dict:
    """The conference as an Event; its performers are the speakers of its sessions (prefetched by the view)."""
    url = absolute_url(conference.get_absolute_url())
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": conference.title,
            "description": conference.theme or description_excerpt(conference.description),
            "startDate": conference.start_date.isoformat(),
            "endDate": conference.end_date.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": ATTENDANCE_MODES.get(conference.format),
            "location": conference_locations(conference, url),
            "organizer": conference_organizer(conference),
            "performer": performers(
                appearance for session in conference.sessions.all() for appearance in session.appearances.all()
            ),
            "inLanguage": get_language(),
            "url": url,
            "image": absolute_url(conference.banner.rendition(1600)) if conference.banner else None,
            **contributed_properties(conference),
        }
    )


def session_event(session) -> dict:
    """A session is an event within its conference's: at its own times if it has them, otherwise on the conference's
    dates."""
    conference = session.conference
    url = absolute_url(session.get_absolute_url())
    start = timezone.localtime(session.starts_at) if session.starts_at else conference.start_date
    end = timezone.localtime(session.ends_at) if session.starts_at and session.ends_at else None
    if not session.starts_at:
        end = conference.end_date
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": session.title,
            "description": description_excerpt(session.summary),
            "startDate": start.isoformat(),
            "endDate": end.isoformat() if end else None,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": ATTENDANCE_MODES.get(conference.format),
            "location": conference_locations(conference, absolute_url(conference.get_absolute_url())),
            "organizer": conference_organizer(conference),
            "performer": performers(session.appearances.all()),
            "superEvent": {
                "@type": "Event",
                "name": conference.title,
                "url": absolute_url(conference.get_absolute_url()),
            },
            "inLanguage": get_language(),
            "url": url,
        }
    )


def conference_breadcrumbs(conference) -> dict:
    return breadcrumb_list(
        (gettext("Conferences"), reverse("conferences:conference_list")),
        (conference.title, conference.get_absolute_url()),
    )


def session_breadcrumbs(session) -> dict:
    return breadcrumb_list(
        (gettext("Conferences"), reverse("conferences:conference_list")),
        (session.conference.title, session.conference.get_absolute_url()),
        (session.title, session.get_absolute_url()),
    )


def speaker_person(speaker) -> dict:
    organisation = {"@type": "Organization", "name": speaker.organisation} if speaker.organisation else None
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": speaker.name,
            "jobTitle": speaker.position,
            "affiliation": organisation,
            "description": description_excerpt(speaker.biography),
            "image": absolute_url(speaker.photo.rendition(480)) if speaker.photo else None,
            "url": absolute_url(speaker.get_absolute_url()),
        }
    )


def speaker_breadcrumbs(speaker) -> dict:
    return breadcrumb_list(
        (gettext("Speakers"), reverse("conferences:speaker_list")),
        (speaker.name, speaker.get_absolute_url()),
    )
