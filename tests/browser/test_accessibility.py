"""Every public page and state, in both languages, in a real headless Chromium: zero axe-core violations of the
WCAG 2.0 and 2.1 A and AA rules (JIS X 8341-3:2016 AA), no sideways scrolling at 375 px, nothing cut off at 200 %
text. One live server, one browser and the demo content serve the whole module (loading them per test would take
minutes); ``make a11y-report`` runs this module with A11Y_REPORT_DIR set and publishes what it measured."""

import os
import urllib.request
from pathlib import Path

import pytest

from tests.browser.accessibility import (
    AXE_DIR,
    LANGUAGES,
    PAGES,
    PHONE_WIDTH,
    Audit,
    audit_settings,
    chromium_version,
    load_audit_content,
    start_browser,
    write_report,
)
from tests.browser.conftest import CHROMEDRIVER, CHROMIUM

pytestmark = pytest.mark.browser

PAGE_IDS = [(name, language) for name in PAGES for language in LANGUAGES]


def page_id(page):
    return f"{page[0]}-{page[1]}".replace(" ", "_").replace(",", "")


@pytest.fixture(scope="module")
def audit_database(django_db_setup, django_db_blocker):
    """The test database. pytest-django creates it only for tests marked ``django_db``, and these are not: the mark
    would empty the tables after each test (or hide the server's writes in a transaction), where the module shares
    one set of content. When only these tests run, nothing else has created it."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        created = None
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        yield
        if created:
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def audit(audit_database, django_db_blocker, tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromedriver are needed for the browser tests")
    pytest.importorskip("selenium.webdriver")
    if not (AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    cache_settings = override_settings(
        CACHES={
            **settings.CACHES,
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-shared-cache"},
        },
        MEDIA_ROOT=tmp_path_factory.mktemp("a11y-media"),
    )
    with django_db_blocker.unblock(), cache_settings, audit_settings():
        caches["default"].clear()
        load_audit_content()
        server = LiveServer("localhost")
        browser = start_browser()
        try:
            audit = Audit(browser=browser, base=server.url)
            yield audit
            if report_dir := os.environ.get("A11Y_REPORT_DIR"):
                write_report(audit.results, chromium=chromium_version(browser), directory=Path(report_dir))
        finally:
            browser.quit()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def record(audit, page, url, **values):
    entry = audit.results.setdefault(page, {"path": url, "violations": None, "needs_review": None})
    entry.update(values)


def describe(violations):
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"    {node['target']}: {node['summary']}" for node in violation["nodes"])
        for violation in violations
    )


@pytest.mark.parametrize("page", PAGE_IDS, ids=page_id)
def test_page_has_no_accessibility_violations(audit, page):
    url = audit.visit(*page)
    violations = audit.axe()
    broken = audit.broken_references()
    record(audit, page, url, violations=len(violations) + len(broken), needs_review=audit.needs_review)
    assert violations == [], f"{page[0]} ({page[1]}, {url}):\n{describe(violations)}"
    assert broken == [], f"{page[0]} ({page[1]}, {url}): ARIA references to ids not in the page: {broken}"


@pytest.mark.parametrize("page", PAGE_IDS, ids=page_id)
def test_page_does_not_scroll_sideways_at_375px(audit, page):
    url = audit.visit(*page, width=PHONE_WIDTH)
    problems = audit.horizontal_overflow()
    record(audit, page, url, reflow_375px=problems == [])
    assert problems == [], f"{page[0]} ({page[1]}, {url})"


@pytest.mark.parametrize("page", PAGE_IDS, ids=page_id)
def test_page_text_at_200_percent_is_not_cut_off(audit, page):
    url = audit.visit(*page)
    audit.double_text_size()
    problems = audit.horizontal_overflow()
    record(audit, page, url, text_200_percent=problems == [])
    assert problems == [], f"{page[0]} ({page[1]}, {url})"


def test_axe_reports_what_it_finds(audit):
    """The check can fail: a picture without a text alternative and a field without a label, put into a page. axe
    runs under the site's own Content Security Policy (WebDriver's scripts are not subject to it)."""
    with urllib.request.urlopen(f"{audit.base}/en/") as response:
        assert "script-src 'self';" in response.headers["Content-Security-Policy"]
    audit.visit("home", "en")
    audit.browser.execute_script(
        "const main = document.querySelector('main');"
        "main.insertAdjacentHTML('beforeend', '<img src=\"/static/img/favicon.svg\"><input type=\"text\">');"
    )
    assert sorted(violation["id"] for violation in audit.axe()) == ["image-alt", "label"]
