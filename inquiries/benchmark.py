"""Benchmark content of the inquiries app, for ``seed_benchmark``: synthetic business inquiries (reference
numbers YP-BENCH-000017, companies 「ベンチマーク株式会社17」 / "Benchmark Company 17", addresses at example.com) in
every status, over the last two and a half years, with fields of interest, their history and their (sent) emails."""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone

from cities.models import City, FieldOfCooperation
from inquiries.models import (
    FIRST_ANSWER_STATUSES,
    Inquiry,
    InquiryEmail,
    InquiryEmailKind,
    InquiryEmailState,
    InquiryEvent,
    InquiryEventKind,
    InquiryStatus,
)
from inquiries.services.privacy import ANONYMISED_FIELDS
from inquiries.working_days import first_answer_due
from yport.benchmark import SLUG_PREFIX, SYNTHETIC_EN, SYNTHETIC_JA, NoProgress, bulk_insert, chunks, rng_for

# Real reference numbers are YP-<year>-<number>, so these never take one.
REFERENCE_PREFIX = "YP-BENCH-"
TOKEN_NAMESPACE = uuid.UUID("6f1c2a55-7d0e-4d7b-9a43-2b1f3c9e8d10")
# Documentation networks (RFC 5737, RFC 3849): never a real visitor's, so the rate limit of nobody who uses the form
# is affected.
NETWORKS = ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8:1::/48")
COUNTRIES = ("JP", "JP", "JP", "VN", "PH", "TH", "SG", "US", "KR", "DE")
# status, weight (out of 100): most inquiries answered or closed, a fifth still open, some spam.
STATUS_WEIGHTS = (
    (InquiryStatus.NEW, 12),
    (InquiryStatus.IN_PROGRESS, 18),
    (InquiryStatus.ANSWERED, 30),
    (InquiryStatus.CLOSED, 30),
    (InquiryStatus.SPAM, 10),
)
# The statuses an inquiry went through to reach each status.
STATUS_PATHS = {
    InquiryStatus.NEW: (),
    InquiryStatus.IN_PROGRESS: (InquiryStatus.IN_PROGRESS,),
    InquiryStatus.ANSWERED: (InquiryStatus.IN_PROGRESS, InquiryStatus.ANSWERED),
    InquiryStatus.CLOSED: (InquiryStatus.IN_PROGRESS, InquiryStatus.ANSWERED, InquiryStatus.CLOSED),
    InquiryStatus.SPAM: (InquiryStatus.SPAM,),
}
OLDEST_DAYS = 900


def reference_of(number: int) -> str:
    return f"{REFERENCE_PREFIX}{number:06d}"


def benchmark_inquiries():
    return Inquiry.objects.filter(reference__startswith=REFERENCE_PREFIX)


def first_answered_at(status, created_at):
    """When build_history's status changes first reach answered or closed (a day per step), or None."""
    for step, reached in enumerate(STATUS_PATHS[status], start=1):
        if reached in FIRST_ANSWER_STATUSES:
            return created_at + datetime.timedelta(days=step)
    return None


def build_inquiry(number: int, now: datetime.datetime, city_ids: list[int]) -> Inquiry:
    rng = rng_for("inquiry", number)
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    status = rng.choices(statuses, weights)[0]
    # At least a day old, so none counts toward anybody's rate limit window.
    created_at = now - datetime.timedelta(days=1, minutes=rng.randint(0, (OLDEST_DAYS - 1) * 24 * 60))
    language = "en" if number % 3 == 0 else "ja"
    if language == "ja":
        company, department, person = (
            f"ベンチマーク株式会社{number}",
            "海外事業部（ベンチマーク）",
            f"ベンチマーク担当者{number}",
        )
        message = f"ベンチマーク用の問い合わせ{number}です。{SYNTHETIC_JA}" * rng.randint(1, 6)
    else:
        company, department, person = (
            f"Benchmark Company {number}",
            "Overseas business (benchmark)",
            f"Benchmark contact {number}",
        )
        message = (f"Benchmark inquiry {number}. {SYNTHETIC_EN} " * rng.randint(1, 6)).strip()
    inquiry = Inquiry(
        reference=reference_of(number),
        submission_token=uuid.uuid5(TOKEN_NAMESPACE, str(number)),
        company_name=company,
        department=department if number % 2 else "",
        contact_person=person,
        email=f"benchmark-{number}@example.com",
        country=COUNTRIES[number % len(COUNTRIES)],
        website=f"https://example.com/benchmark/company/{number}" if number % 4 else "",
        city_id=rng.choice(city_ids) if city_ids and number % 5 < 3 else None,
        message=message,
        language=language,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        consent_given_at=created_at,
        client_network=NETWORKS[number % len(NETWORKS)],
        status=status,
        internal_notes=SYNTHETIC_JA if status == InquiryStatus.IN_PROGRESS else "",
        created_at=created_at,
        first_answer_due=first_answer_due(created_at, days=settings.INQUIRY_RESPONSE_DAYS),
        first_answered_at=first_answered_at(status, created_at),
    )
    retention = datetime.timedelta(days=settings.INQUIRY_RETENTION_DAYS)
    if status in (InquiryStatus.CLOSED, InquiryStatus.SPAM) and created_at < now - retention:
        # As purge_inquiries would have left it.
        for name, value in ANONYMISED_FIELDS.items():
            setattr(inquiry, name, value)
        inquiry.anonymised_at = created_at + retention
    return inquiry


def build_history(inquiry: Inquiry) -> list[InquiryEvent]:
    """Submitted, viewed, each status change on the way to its status, anonymised; a day apart."""
    at = inquiry.created_at
    events = [
        InquiryEvent(inquiry=inquiry, kind=InquiryEventKind.SUBMITTED, new_status=InquiryStatus.NEW, created_at=at)
    ]
    previous = InquiryStatus.NEW
    for step, status in enumerate(STATUS_PATHS[inquiry.status], start=1):
        if step == 1:
            events.append(InquiryEvent(inquiry=inquiry, kind=InquiryEventKind.VIEWED, created_at=at))
        at += datetime.timedelta(days=1)
        events.append(
            InquiryEvent(
                inquiry=inquiry,
                kind=InquiryEventKind.STATUS_CHANGED,
                old_status=previous,
                new_status=status,
                created_at=at,
            )
        )
        previous = status
    if inquiry.anonymised_at:
        events.append(InquiryEvent(inquiry=inquiry, kind=InquiryEventKind.ANONYMISED, created_at=inquiry.anonymised_at))
    return events


def build_emails(inquiry: Inquiry) -> list[InquiryEmail]:
    """Both emails, sent a minute after the inquiry: nothing for the email worker to send."""
    sent_at = inquiry.created_at + datetime.timedelta(minutes=1)
    return [
        InquiryEmail(
            inquiry=inquiry,
            kind=kind,
            state=InquiryEmailState.SENT,
            attempts=1,
            last_attempt_at=sent_at,
            next_attempt_at=inquiry.created_at,
            sent_at=sent_at,
        )
        for kind in (InquiryEmailKind.NOTIFICATION, InquiryEmailKind.ACKNOWLEDGEMENT)
    ]


def keep_timestamps(model, rows, timestamps):
    """Put back the times that ``auto_now_add`` replaced with the time of the insert."""
    for row, timestamp in zip(rows, timestamps, strict=True):
        row.created_at = timestamp
    for batch in chunks(rows, 500):
        model.objects.bulk_update(batch, ["created_at"])


def seed(*, inquiries: int, progress=NoProgress) -> int:
    """Add the benchmark inquiries 1…``inquiries`` that do not exist yet, with fields of interest, history and
    emails; returns how many were added. Call inside a transaction, after the cities' seed."""
    now = timezone.now()
    existing = set(benchmark_inquiries().values_list("reference", flat=True))
    numbers = [number for number in range(1, inquiries + 1) if reference_of(number) not in existing]
    bar = progress("inquiries", len(numbers) * 3)
    city_ids = list(City.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug").values_list("pk", flat=True))
    field_ids = list(FieldOfCooperation.objects.order_by("order", "slug").values_list("pk", flat=True))

    rows = [build_inquiry(number, now, city_ids) for number in numbers]
    received = [row.created_at for row in rows]
    rows = bulk_insert(Inquiry, rows, progress=bar)
    keep_timestamps(Inquiry, rows, received)

    interests = []
    for number, inquiry in zip(numbers, rows, strict=True):
        rng = rng_for("inquiry-fields", number)
        for field_id in rng.sample(field_ids, min(len(field_ids), rng.randint(0, 3))):
            interests.append(Inquiry.fields_of_interest.through(inquiry_id=inquiry.pk, fieldofcooperation_id=field_id))
    bulk_insert(Inquiry.fields_of_interest.through, interests)
    bulk_insert(InquiryEmail, [email for inquiry in rows for email in build_emails(inquiry)])
    bar.advance(len(numbers))

    events = [event for inquiry in rows for event in build_history(inquiry)]
    happened = [event.created_at for event in events]
    keep_timestamps(InquiryEvent, bulk_insert(InquiryEvent, events), happened)
    bar.advance(len(numbers))
    bar.close()
    return len(numbers)


def delete() -> int:
    """Delete the benchmark inquiries (with their history and emails); returns how many."""
    count = benchmark_inquiries().count()
    benchmark_inquiries().delete()
    return count
