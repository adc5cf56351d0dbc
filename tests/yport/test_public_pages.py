"""One list of the public pages that are not rows (yport/public_pages.py): the sitemap, benchmark_pages, make bench,
make screenshots and the accessibility audit all take them from it."""

import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.accessibility import PAGES as AUDITED_PATHS
from tests.factories import AppearanceFactory, CityFactory, SitePageFactory
from yport.management.commands.benchmark_pages import Command as BenchmarkPages
from yport.public_pages import PUBLIC_PAGES, PUBLIC_PATHS
from yport.urls import SITEMAPS

SCRIPTS_DIR = Path(__file__).resolve().parents[2] / "scripts"


def load_script(name):
    spec = importlib.util.spec_from_file_location(f"{name}_script", SCRIPTS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_public_page_path_is_its_url_names_address(language):
    with translation.override(language):
        assert [reverse(page.url_name) for page in PUBLIC_PAGES] == [
            page.path.format(lang=language) for page in PUBLIC_PAGES
        ]


def test_the_sitemap_lists_every_public_page(db):
    assert [url_name for url_name, _lastmod in SITEMAPS["pages"].items()] == [page.url_name for page in PUBLIC_PAGES]


@pytest.mark.django_db
def test_benchmark_pages_times_every_public_page_first():
    with translation.override("en"):
        paths = BenchmarkPages()._public_paths()
    assert paths[: len(PUBLIC_PAGES)] == [page.path.format(lang="en") for page in PUBLIC_PAGES]


def test_make_bench_loads_every_public_page():
    assert load_script("bench").PAGES[: len(PUBLIC_PAGES)] == tuple((page.name, page.path) for page in PUBLIC_PAGES)


def test_screenshots_take_their_paths_from_the_public_pages():
    pages = dict(load_script("screenshots").PAGES)
    assert pages["home"] == PUBLIC_PATHS["home"]
    assert pages["inquiry"] == PUBLIC_PATHS["inquiry_form"]


def test_the_accessibility_audit_visits_every_public_page():
    audited = {path.split("?")[0] for path in AUDITED_PATHS.values() if isinstance(path, str)}
    assert set(PUBLIC_PATHS.values()) <= audited


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_public_page_has_an_empty_form_action(client, language):
    # The Nu HTML checker: an empty action="" is invalid; the filter forms name their list's own address.
    AppearanceFactory(session__conference__slug="ascc", speaker__city=CityFactory(slug="da-nang"))
    SitePageFactory()
    with translation.override(language):
        paths = [sitemap.location(item) for sitemap in SITEMAPS.values() for item in sitemap.items()]
    assert len(paths) == len(PUBLIC_PAGES) + 5
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'action=""' not in response.content.decode(), path
    for name in ("conference_list", "speaker_list", "city_list"):
        path = PUBLIC_PATHS[name].format(lang=language)
        assert f'<form method="get" action="{path}">' in client.get(f"{path}?utm_source=x").content.decode()
