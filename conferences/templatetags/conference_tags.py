"""Template helpers: date ranges in the visitor's language (2022年11月24日（木）〜25日（金） / 24–25 November 2022)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext

from conferences import structured_data
from yport.seo import json_ld

register = template.Library()

JA_WEEKDAYS = "月火水木金土日"
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _ja_day(day, *, year=True, month=True):
    text = f"{day.day}日（{JA_WEEKDAYS[day.weekday()]}）"
    if month:
        text = f"{day.month}月{text}"
    if year:
        text = f"{day.year}年{text}"
    return text


def format_date_range(start, end=None, language=None):
    """The dates from ``start`` to ``end`` (inclusive) in ``language`` (default: the active one); ja or en style."""
    if not isinstance(start, datetime.date):
        return ""
    if not isinstance(end, datetime.date) or end <= start:
        end = start
    language = (language or get_language() or "ja").split("-")[0]
    if language == "ja":
        if end == start:
            return _ja_day(start)
        same_year = end.year == start.year
        second = _ja_day(end, year=not same_year, month=not (same_year and end.month == start.month))
        return f"{_ja_day(start)}〜{second}"
    if end == start:
        return f"{start.day} {EN_MONTHS[start.month - 1]} {start.year}"
    if end.year != start.year:
        return (
            f"{start.day} {EN_MONTHS[start.month - 1]} {start.year} – {end.day} {EN_MONTHS[end.month - 1]} {end.year}"
        )
    if end.month != start.month:
        return f"{start.day} {EN_MONTHS[start.month - 1]} – {end.day} {EN_MONTHS[end.month - 1]} {end.year}"
    return f"{start.day}–{end.day} {EN_MONTHS[end.month - 1]} {end.year}"


@register.filter
def date_range(start, end=None):
    return format_date_range(start, end)


@register.simple_tag
def conference_json_ld(conference):
    """The conference page's schema.org Event and breadcrumbs, as JSON-LD data blocks."""
    return json_ld(structured_data.conference_event(conference)) + json_ld(
        structured_data.conference_breadcrumbs(conference)
    )


@register.simple_tag
def session_json_ld(session):
    return json_ld(structured_data.session_event(session)) + json_ld(structured_data.session_breadcrumbs(session))


@register.simple_tag
def speaker_json_ld(speaker):
    return json_ld(structured_data.speaker_person(speaker)) + json_ld(structured_data.speaker_breadcrumbs(speaker))


@register.filter
def session_time_range(session):
    """The session's date and times in the site's time zone, saying which zone: 2022年11月24日（木） 10:00〜11:30
    （日本時間、UTC+9） / 24 November 2022, 10:00–11:30 JST (UTC+9). Empty without a start time."""
    if not session.starts_at:
        return ""
    starts_at = timezone.localtime(session.starts_at)
    times = f"{starts_at:%H:%M}"
    if session.ends_at:
        ends_at = timezone.localtime(session.ends_at)
        end = f"{ends_at:%H:%M}"
        if ends_at.date() != starts_at.date():
            end = f"{format_date_range(ends_at.date())} {end}"
        times = pgettext("time range", "%(start)s–%(end)s") % {"start": times, "end": end}
    zone = starts_at.tzname()
    if zone == "JST":
        zone = pgettext("time zone", "JST")
    minutes = int(starts_at.utcoffset().total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    offset = f"{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")
    return gettext("%(date)s, %(times)s %(zone)s (UTC%(offset)s)") % {
        "date": format_date_range(starts_at.date()),
        "times": times,
        "zone": zone,
        "offset": offset,
    }
