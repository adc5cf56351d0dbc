"""Japanese working days, for the response target of business inquiries.

A working day is a weekday (Monday to Friday) that is neither a national holiday of Japan (jpholiday, which includes
substitute holidays 振替休日 and citizens' holidays 国民の休日) nor in the city office's year-end closure, 29 December
to 3 January. Dates are local dates in Tokyo, whatever the site's time zone."""

import datetime
from zoneinfo import ZoneInfo

import jpholiday

TOKYO = ZoneInfo("Asia/Tokyo")


def is_year_end_closure(day: datetime.date) -> bool:
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_year_end_closure(day) and not jpholiday.is_holiday(day)


def first_working_day_from(day: datetime.date) -> datetime.date:
    """The day itself if it is a working day, else the next working day."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day ``days`` working days after ``start``: the first working day after it is day 1. ``start`` itself
    never counts, working day or not, and ``days=0`` gives ``start``. For example Tuesday 28 April 2026 + 3 is
    Thursday 7 May (30 April and 1 May, then Golden Week)."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    day = start
    for _counted in range(days):
        day = first_working_day_from(day + datetime.timedelta(days=1))
    return day


def tokyo_date(moment: datetime.datetime) -> datetime.date:
    """The date in Tokyo at an aware moment."""
    return moment.astimezone(TOKYO).date()


def today_in_tokyo() -> datetime.date:
    return tokyo_date(datetime.datetime.now(datetime.UTC))


def first_answer_due(received_at: datetime.datetime, *, days: int) -> datetime.date:
    """The last day for the first answer to an inquiry received at ``received_at``: ``days`` working days after the
    day it was received (its date in Tokyo). An inquiry received on a day that is not a working day counts as
    received on the next working day, so one sent on a Saturday is due on the same day as one sent on the Monday
    after. With ``days=3``: received Friday 24 April 2026 → due Thursday 30 April (29 April is a holiday);
    received Saturday 25 April → counted from Monday 27 April → due Friday 1 May."""
    return add_working_days(first_working_day_from(tokyo_date(received_at)), days)
