from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import translation

from cities import benchmark as cities_benchmark
from conferences import benchmark as conferences_benchmark
from inquiries import benchmark as inquiries_benchmark
from pagecache.generation import bump_generation_on_commit
from projects import benchmark as projects_benchmark
from yport.benchmark import Progress


class Command(BaseCommand):
    help = (
        "Add a large synthetic, bilingual data set for benchmarks (make bench): partner cities with their profiles "
        "and projects, "
        "speakers, conferences with sessions and appearances, business inquiries. Every row is labelled synthetic "
        "(“Benchmark city 17”, slugs starting bench-, references YP-BENCH-…). A second run adds only what is "
        "missing up to the numbers given; --reset deletes the benchmark rows first and never touches other content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--conferences", type=int, default=300, help="default %(default)s")
        parser.add_argument("--speakers", type=int, default=3000, help="default %(default)s")
        parser.add_argument("--cities", type=int, default=100, help="default %(default)s")
        parser.add_argument("--inquiries", type=int, default=10000, help="default %(default)s")
        parser.add_argument("--reset", action="store_true", help="Delete the benchmark rows (only those) first.")

    def handle(self, *args, conferences, speakers, cities, inquiries, reset, **options):
        sizes = {"conferences": conferences, "speakers": speakers, "cities": cities, "inquiries": inquiries}
        for name, size in sizes.items():
            if size < 0:
                raise CommandError(f"--{name} must be 0 or more.")
        if conferences > conferences_benchmark.MAX_CONFERENCES:
            raise CommandError(f"--conferences must be at most {conferences_benchmark.MAX_CONFERENCES}.")
        progress = partial(Progress, self.stderr)
        # Content is written in Japanese, the default language, whatever the shell's locale.
        with translation.override("ja"), transaction.atomic():
            if reset:
                # Inquiries first: they refer to cities, as sessions and speakers do.
                deleted = {
                    "inquiries": inquiries_benchmark.delete(),
                    **conferences_benchmark.delete(),
                    "projects": projects_benchmark.delete(),
                    "cities": cities_benchmark.delete(),
                }
                self.stdout.write("Deleted benchmark rows: " + self._counts(deleted))
            added = {"cities": cities_benchmark.seed(cities=cities, progress=progress)}
            added["projects"] = projects_benchmark.seed(progress=progress)
            added.update(conferences_benchmark.seed(conferences=conferences, speakers=speakers, progress=progress))
            added["inquiries"] = inquiries_benchmark.seed(inquiries=inquiries, progress=progress)
            # Bulk inserts send no signals: tell the page cache and the fragments of every app server here.
            bump_generation_on_commit()
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner keeps its guesses for the empty tables (a count of the speakers took
            # 14 ms instead of 1–3 ms).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write("Added benchmark rows: " + self._counts(added))

    @staticmethod
    def _counts(counts):
        names = ("conferences", "speakers", "cities", "projects", "inquiries")
        return ", ".join(f"{counts[name]} {name}" for name in names)
