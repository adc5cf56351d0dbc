import statistics
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

LIST_PAGES = (
    "home",
    "conferences:conference_list",
    "conferences:speaker_list",
    "cities:city_list",
    "inquiries:inquiry_create",
)
CONTENT_APPS = ("conferences", "cities")


class Command(BaseCommand):
    help = (
        "Time the public pages in-process against the current database (load_demo first, or a copy of production "
        "data): median and 95th-percentile milliseconds and SQL queries per page, in each language."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="requests per page (default 30)")

    def handle(self, *args, **options):
        count = max(options["requests"], 1)
        client = Client(HTTP_HOST="localhost")
        self.stdout.write(f"{'page':60} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
        for language in ("ja", "en"):
            with translation.override(language):
                paths = self._public_paths()
            for path in paths:
                client.get(path)  # warm the template and URL caches
                timings = []
                for _ in range(count):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(path)
                        timings.append((time.perf_counter() - started) * 1000)
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
                self.stdout.write(
                    f"{path[:60]:60} {response.status_code:>6} {len(queries):>7} "
                    f"{statistics.median(timings):>10.1f} {p95:>8.1f}"
                )

    def _public_paths(self):
        paths = []
        for name in LIST_PAGES:
            try:
                paths.append(reverse(name))
            except NoReverseMatch:
                continue
        for label in CONTENT_APPS:
            for model in apps.get_app_config(label).get_models():
                if not hasattr(model, "get_absolute_url"):
                    continue
                queryset = model._default_manager.all()
                if hasattr(queryset, "published"):
                    queryset = queryset.published()
                obj = queryset.first()
                if obj is not None:
                    paths.append(obj.get_absolute_url())
        return paths
