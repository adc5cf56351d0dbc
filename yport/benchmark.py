"""What the apps' benchmark content (``<app>/benchmark.py``, loaded by ``seed_benchmark``) shares: how its rows are
recognised, bulk inserts in batches and a plain-text progress bar. Benchmark rows are synthetic and say so
("Benchmark city 17" / 「ベンチマーク市17」): they invent no real-looking people, events or figures."""

import datetime
import random

from yport.publishing import PublicationState
from yport.search_text import Searchable

# Every benchmark row with a slug has one starting with this; rows without a slug are found through their parent
# (sessions, figures) or their own marker (inquiry references). --reset deletes exactly these.
SLUG_PREFIX = "bench-"
BATCH_SIZE = 1000

# The label on every synthetic source, note or text, so nobody mistakes a benchmark figure for a fact.
SYNTHETIC_JA = "ベンチマーク用の合成データです（実在のものではありません）。"
SYNTHETIC_EN = "Synthetic benchmark data (not real)."


def bench_slug(kind: str, number: int) -> str:
    """bench-city-00017: zero-padded, so rows sort by number."""
    return f"{SLUG_PREFIX}{kind}-{number:05d}"


def missing_numbers(count: int, existing_slugs, kind: str) -> list[int]:
    """The numbers 1…count whose row does not exist yet (a second run tops up, never duplicates)."""
    existing = set(existing_slugs)
    return [number for number in range(1, count + 1) if bench_slug(kind, number) not in existing]


def rng_for(kind: str, key) -> random.Random:
    """The same content for the same row on every run and machine (string seeds are hashed with SHA-512)."""
    return random.Random(f"yport-benchmark-{kind}-{key}")


def chunks(items, size=BATCH_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_insert(model, rows, *, progress=None):
    """Insert ``rows`` (unsaved instances of ``model``) in batches; returns them with their primary keys (the
    databases we run on, PostgreSQL and SQLite, return them from a bulk insert)."""
    created = []
    for batch in chunks(rows):
        for row in batch:
            if isinstance(row, Searchable):
                row.search_text = row.build_search_text()  # bulk_create() does not call save()
        created.extend(model._default_manager.bulk_create(batch))
        if progress is not None:
            progress.advance(len(batch))
    return created


class Progress:
    """A plain-text progress bar on ``stream``: redrawn in place on a terminal, a line per quarter otherwise (logs,
    tests)."""

    WIDTH = 30

    def __init__(self, stream, label: str, total: int):
        self.stream = stream
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self._last_quarter = -1
        self._draw()

    def advance(self, count: int = 1):
        self.done = min(self.done + count, self.total)
        self._draw()

    def close(self):
        self.done = self.total
        self._draw()
        if self.interactive:
            self.stream.write("")

    def _draw(self):
        if not self.total:
            return  # nothing to add: the command's summary says so
        share = self.done / self.total if self.total else 1.0
        filled = round(share * self.WIDTH)
        line = f"{self.label:<24} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}"
        if self.interactive:
            self.stream.write(f"\r{line}", ending="")
            self.stream.flush()
            return
        quarter = int(share * 4)
        if quarter != self._last_quarter:
            self._last_quarter = quarter
            self.stream.write(line)


class NoProgress:
    def __init__(self, label: str = "", total: int = 0):
        pass

    def advance(self, count: int = 1):
        pass

    def close(self):
        pass


def publication(number: int, now: datetime.datetime) -> dict:
    """The publication fields of benchmark row ``number``: most published, every tenth a draft, one in 25 published
    with a window that has closed and one in 25 with a window that has not opened yet."""
    if number % 10 == 0:
        return {"publication_state": PublicationState.DRAFT}
    if number % 25 == 7:
        return {
            "publication_state": PublicationState.PUBLISHED,
            "publish_from": now - datetime.timedelta(days=400),
            "publish_until": now - datetime.timedelta(days=30),
        }
    if number % 25 == 13:
        return {"publication_state": PublicationState.PUBLISHED, "publish_from": now + datetime.timedelta(days=30)}
    return {"publication_state": PublicationState.PUBLISHED}
