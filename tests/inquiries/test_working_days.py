import datetime
import importlib

import pytest

from inquiries.working_days import (
    add_working_days,
    first_answer_due,
    first_working_day_from,
    is_working_day,
    tokyo_date,
)

D = datetime.date


def tokyo(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 28), True),  # Tuesday
        (D(2026, 4, 29), False),  # 昭和の日, a Wednesday
        (D(2026, 5, 2), False),  # Saturday
        (D(2026, 5, 3), False),  # 憲法記念日, a Sunday
        (D(2026, 5, 4), False),  # みどりの日
        (D(2026, 5, 5), False),  # こどもの日
        (D(2026, 5, 6), False),  # 振替休日 for 3 May
        (D(2026, 5, 7), True),
        (D(2026, 9, 22), False),  # 国民の休日 between 敬老の日 and 秋分の日
        (D(2026, 12, 28), True),  # the last working day of the year
        (D(2026, 12, 29), False),  # the year-end closure, a Tuesday
        (D(2026, 12, 31), False),
        (D(2027, 1, 1), False),  # 元日
        (D(2027, 1, 3), False),  # Sunday, still the closure
        (D(2027, 1, 4), True),  # the first working day of the year
        (D(2027, 1, 11), False),  # 成人の日
        (D(2027, 3, 22), False),  # 振替休日 for 春分の日 on Sunday 21 March
    ],
)
def test_is_working_day_skips_weekends_holidays_and_the_year_end_closure(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Golden Week 2026: 29 April, then 2–6 May (Saturday, Sunday 3 May, 4, 5 and the substitute holiday 6 May).
        (D(2026, 4, 28), 1, D(2026, 4, 30)),
        (D(2026, 4, 28), 2, D(2026, 5, 1)),
        (D(2026, 4, 28), 3, D(2026, 5, 7)),
        (D(2026, 5, 1), 1, D(2026, 5, 7)),
        # The substitute holiday on its own: Tuesday 5 May is a holiday, Wednesday 6 May too.
        (D(2026, 5, 5), 1, D(2026, 5, 7)),
        # 敬老の日, 国民の休日 and 秋分の日 in a row (21–23 September 2026).
        (D(2026, 9, 18), 1, D(2026, 9, 24)),
        # Year end: Friday 25 December, Monday 28 December, closed 29 December – 3 January.
        (D(2026, 12, 25), 1, D(2026, 12, 28)),
        (D(2026, 12, 25), 2, D(2027, 1, 4)),
        (D(2026, 12, 25), 3, D(2027, 1, 5)),
        (D(2026, 12, 28), 1, D(2027, 1, 4)),
        # 成人の日, Monday 11 January 2027.
        (D(2027, 1, 8), 1, D(2027, 1, 12)),
        # A weekend start counts from the day after: Saturday + 1 is Monday.
        (D(2026, 11, 28), 1, D(2026, 11, 30)),
        # Nothing to add: the day itself, working day or not.
        (D(2026, 5, 3), 0, D(2026, 5, 3)),
        (D(2026, 4, 28), 0, D(2026, 4, 28)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="days must be 0 or more"):
        add_working_days(D(2026, 4, 28), -1)


def test_add_working_days_agrees_with_stepping_day_by_day_for_two_years():
    day = D(2026, 1, 1)
    while day < D(2028, 1, 1):
        stepped, left = day, 5
        while left:
            stepped += datetime.timedelta(days=1)
            left -= is_working_day(stepped)
        assert add_working_days(day, 5) == stepped, day
        day += datetime.timedelta(days=1)


def test_first_working_day_from_keeps_a_working_day_and_moves_past_a_closed_one():
    assert first_working_day_from(D(2026, 4, 28)) == D(2026, 4, 28)
    assert first_working_day_from(D(2026, 5, 2)) == D(2026, 5, 7)
    assert first_working_day_from(D(2026, 12, 29)) == D(2027, 1, 4)


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        (tokyo(2026, 4, 28, 9), D(2026, 5, 7)),  # a working day: counted from the day after
        (tokyo(2026, 4, 28, 23, 59), D(2026, 5, 7)),
        (tokyo(2026, 4, 24, 10), D(2026, 4, 30)),  # Friday: Monday, Tuesday, (holiday,) Thursday
        (tokyo(2026, 4, 25, 10), D(2026, 5, 1)),  # Saturday: as if received on Monday 27 April
        (tokyo(2026, 4, 27, 10), D(2026, 5, 1)),  # that Monday
        (tokyo(2026, 4, 29, 10), D(2026, 5, 8)),  # 昭和の日: as if received on Thursday 30 April
        (tokyo(2026, 5, 6, 10), D(2026, 5, 12)),  # the substitute holiday: as if received on Thursday 7 May
        (tokyo(2026, 12, 30, 10), D(2027, 1, 7)),  # the closure: as if received on Monday 4 January
        (tokyo(2026, 12, 25, 17), D(2027, 1, 5)),
    ],
)
def test_first_answer_due_counts_from_the_day_of_receipt_in_tokyo(received_at, expected):
    assert first_answer_due(received_at, days=3) == expected


def test_first_answer_due_uses_the_date_in_tokyo_not_utc():
    # 15:30 UTC on Friday 24 April is 00:30 on Saturday 25 April in Tokyo.
    received_at = datetime.datetime(2026, 4, 24, 15, 30, tzinfo=datetime.UTC)
    assert tokyo_date(received_at) == D(2026, 4, 25)
    assert first_answer_due(received_at, days=3) == D(2026, 5, 1)


def test_first_answer_due_with_zero_days_is_the_first_working_day():
    assert first_answer_due(tokyo(2026, 5, 2), days=0) == D(2026, 5, 7)
    assert first_answer_due(tokyo(2026, 4, 28), days=0) == D(2026, 4, 28)


def test_data_migration_calendar_agrees_with_working_days_from_2020_to_2027():
    migration = importlib.import_module("inquiries.migrations.0005_fill_response_targets")
    day = D(2020, 1, 1)
    while day <= D(2027, 12, 31):
        assert migration.is_working_day(day) is is_working_day(day), day
        day += datetime.timedelta(days=1)
    assert migration.first_answer_due(tokyo(2026, 4, 28), 3) == D(2026, 5, 7)
    assert migration.first_answer_due(datetime.datetime(2026, 4, 24, 15, 30, tzinfo=datetime.UTC), 3) == D(2026, 5, 1)
