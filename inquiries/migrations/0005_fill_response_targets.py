"""The due date of the first answer for every inquiry received before response targets existed, and the time of its
first answer from its history (the first status change to answered or closed)."""

from django.conf import settings
from django.db import migrations
from django.db.models import Min
from django.utils import timezone

# The rules of inquiries/working_days.py as they were when this migration was written, with the national holidays
# of Japan (from jpholiday 1.0.3) for the years inquiries can have been received in: a migration never imports live
# code or a library that may change or go. Outside these years only weekends and the year-end closure are skipped.
NATIONAL_HOLIDAYS = {
    2020: "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 05-06 07-23 07-24 08-10 09-21 09-22 11-03 11-23",
    2021: "01-01 01-11 02-11 02-23 03-20 04-29 05-03 05-04 05-05 07-22 07-23 08-08 08-09 09-20 09-23 11-03 11-23",
    2022: "01-01 01-10 02-11 02-23 03-21 04-29 05-03 05-04 05-05 07-18 08-11 09-19 09-23 10-10 11-03 11-23",
    2023: "01-01 01-02 01-09 02-11 02-23 03-21 04-29 05-03 05-04 05-05 07-17 08-11 09-18 09-23 10-09 11-03 11-23",
    2024: "01-01 01-08 02-11 02-12 02-23 03-20 04-29 05-03 05-04 05-05 05-06 07-15 08-11 08-12 09-16 09-22 09-23 10-14 11-03 11-04 11-23",
    2025: "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 05-06 07-21 08-11 09-15 09-23 10-13 11-03 11-23 11-24",
    2026: "01-01 01-12 02-11 02-23 03-20 04-29 05-03 05-04 05-05 05-06 07-20 08-11 09-21 09-22 09-23 10-12 11-03 11-23",
    2027: "01-01 01-11 02-11 02-23 03-21 03-22 04-29 05-03 05-04 05-05 07-19 08-11 09-20 09-23 10-11 11-03 11-23",
}
HOLIDAYS = frozenset(f"{year}-{day}" for year, days in NATIONAL_HOLIDAYS.items() for day in days.split())
# Japan has kept UTC+9 all year since 1951.
TOKYO = timezone.get_fixed_timezone(9 * 60)
FIRST_ANSWER_STATUSES = ("answered", "closed")


def next_day(day):
    return type(day).fromordinal(day.toordinal() + 1)


def is_working_day(day):
    year_end = (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)
    return day.weekday() < 5 and not year_end and day.isoformat() not in HOLIDAYS


def first_answer_due(received_at, days):
    day = received_at.astimezone(TOKYO).date()
    while not is_working_day(day):
        day = next_day(day)
    for _counted in range(days):
        day = next_day(day)
        while not is_working_day(day):
            day = next_day(day)
    return day


def fill(apps, schema_editor):
    Inquiry = apps.get_model("inquiries", "Inquiry")
    InquiryEvent = apps.get_model("inquiries", "InquiryEvent")
    database = schema_editor.connection.alias
    days = max(getattr(settings, "INQUIRY_RESPONSE_DAYS", 3), 0)
    first_answers = dict(
        InquiryEvent.objects.using(database)
        .filter(kind="status_changed", new_status__in=FIRST_ANSWER_STATUSES)
        .order_by()
        .values_list("inquiry_id")
        .annotate(first=Min("created_at"))
    )
    batch = []
    for inquiry in Inquiry.objects.using(database).only("pk", "created_at").order_by("pk").iterator(chunk_size=1000):
        inquiry.first_answer_due = first_answer_due(inquiry.created_at, days)
        inquiry.first_answered_at = first_answers.get(inquiry.pk)
        batch.append(inquiry)
        if len(batch) == 1000:
            Inquiry.objects.using(database).bulk_update(batch, ["first_answer_due", "first_answered_at"])
            batch = []
    Inquiry.objects.using(database).bulk_update(batch, ["first_answer_due", "first_answered_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0004_response_target_fields"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
