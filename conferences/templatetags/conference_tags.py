"""Template helpers: date ranges in the visitor's language (2022年11月24日（木）〜25日（金） / 24–25 November 2022)."""

import datetime

from django import template
from django.utils.translation import get_language

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
