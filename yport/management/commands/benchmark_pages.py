import json
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from yport.apps_registry import public_content_apps
from yport.public_pages import PUBLIC_PAGES


class Command(BaseCommand):
    help = (
        "Time the public pages in-process against the current database (load_demo first, or a copy of production "
        "data): median and 95th-percentile milliseconds and SQL queries per page, in each language. make bench "
        "uses it (--json --path …) for the SQL queries of each page it loads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="requests per page (default 30)")
        parser.add_argument(
            "--path",
            action="append",
            dest="paths",
            help="a page to time, e.g. /ja/cities/da-nang/ (repeat it for more); without it, every public list "
            "page and a detail page of each kind, in each language",
        )
        parser.add_argument(
            "--host", default="localhost", help="the Host header, one of DJANGO_ALLOWED_HOSTS (default localhost)"
        )
        parser.add_argument("--json", action="store_true", help="print the results as one JSON list")

    def handle(self, *args, **options):
        count = max(options["requests"], 1)
        client = Client(HTTP_HOST=options["host"])
        paths = options["paths"]
        if not paths:
            paths = []
            for language in ("ja", "en"):
                with translation.override(language):
                    paths += self._public_paths()
        results = []
        if not options["json"]:
            self.stdout.write(f"{'page':60} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
        for path in paths:
            client.get(path)  # warm the template and URL caches
            timings = []
            for _ in range(count):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            result = {
                "path": path,
                "status": response.status_code,
                "queries": len(queries),
                "median_ms": round(statistics.median(timings), 2),
                "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 2),
            }
            results.append(result)
            if not options["json"]:
                self.stdout.write(
                    f"{path[:60]:60} {result['status']:>6} {result['queries']:>7} "
                    f"{result['median_ms']:>10.1f} {result['p95_ms']:>8.1f}"
                )
        if options["json"]:
            self.stdout.write(json.dumps(results))

    def _public_paths(self):
        paths = []
        for page in PUBLIC_PAGES:
            try:
                paths.append(reverse(page.url_name))
            except NoReverseMatch:
                continue
        for config in public_content_apps():
            for model in config.get_models():
                if not hasattr(model, "get_absolute_url"):
                    continue
                queryset = model._default_manager.all()
                if hasattr(queryset, "published"):
                    queryset = queryset.published()
                obj = queryset.first()
                if obj is not None:
                    paths.append(obj.get_absolute_url())
        return paths
