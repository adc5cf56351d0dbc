"""Every public page and state, in both languages, in a real headless Chromium: zero axe-core violations of the
WCAG 2.0 and 2.1 A and AA rules (JIS X 8341-3:2016 AA), no sideways scrolling at 375 px, nothing cut off at 200 %
text. One live server and the demo content serve the whole module (loading them per test would take minutes), the
session's one Chromium visits them; ``make a11y-report`` runs this module with A11Y_REPORT_DIR set and publishes what
it measured."""

import os
import urllib.request
from pathlib import Path

import pytest

from tests.browser.accessibility import AXE_DIR, LANGUAGES, PAGES, PHONE_WIDTH, Audit, chromium_version, write_report

pytestmark = pytest.mark.browser

PAGE_IDS = [(name, language) for name in PAGES for language in LANGUAGES]


def page_id(page):
    return f"{page[0]}-{page[1]}".replace(" ", "_").replace(",", "")


@pytest.fixture(scope="module")
def audit(demo_site, chromium):
    if not (AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    audit = Audit(browser=chromium, base=demo_site.url)
    yield audit
    if report_dir := os.environ.get("A11Y_REPORT_DIR"):
        write_report(audit.results, chromium=chromium_version(chromium), directory=Path(report_dir))


@pytest.fixture(autouse=True)
def _fresh_visitor(browser):
    """Each page is audited by a fresh visitor (the session's Chromium, its cookies and screen size reset)."""


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
        directives = {directive.strip() for directive in response.headers["Content-Security-Policy"].split(";")}
    assert "script-src 'self'" in directives  # django-csp writes the directives in no fixed order
    audit.visit("home", "en")
    audit.browser.execute_script(
        "const main = document.querySelector('main');"
        "main.insertAdjacentHTML('beforeend', '<img src=\"/static/img/favicon.svg\"><input type=\"text\">');"
    )
    assert sorted(violation["id"] for violation in audit.axe()) == ["image-alt", "label"]
