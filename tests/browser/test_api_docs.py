"""The API reference in a real headless Chromium: the docs address brings a visitor to it in their language, it lists
every operation of the served schema without a script or a console error, every in-page link lands on its target,
and axe-core finds no violation in either language (the whole audit, reflow and 200 % text included, is in
test_accessibility.py)."""

import json
import urllib.request

import pytest

from tests.browser.accessibility import AXE_DIR, Audit
from tests.browser.conftest import console_errors, wait_for_url

pytestmark = pytest.mark.browser


def served_operations(base, language):
    with urllib.request.urlopen(f"{base}/api/v1/schema/openapi.json?lang={language}") as response:
        schema = json.load(response)
    return [f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_api_reference_lists_every_operation_without_console_errors(browser, demo_site, language):
    from selenium.webdriver.common.by import By

    browser.get(f"{demo_site.url}/api/v1/docs/?lang={language}")
    wait_for_url(browser, f"{demo_site.url}/{language}/api-reference/")

    headings = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".api-operation h3")]
    assert headings == served_operations(demo_site.url, language)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    assert console_errors(browser) == []


def test_api_reference_contents_links_land_on_their_targets(browser, demo_site):
    from selenium.webdriver.common.by import By

    browser.get(f"{demo_site.url}/en/api-reference/")
    links = browser.find_elements(By.CSS_SELECTOR, ".api-contents a, .api-table a")
    assert len(links) > 30
    for link in links:
        target = link.get_attribute("href").split("#", 1)[1]
        assert browser.find_elements(By.ID, target), target


@pytest.mark.parametrize("language", ["ja", "en"])
def test_api_reference_has_no_accessibility_violations(chromium, browser, demo_site, language):
    if not (AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    audit = Audit(browser=chromium, base=demo_site.url)

    audit.visit("API reference", language)

    assert audit.axe() == []
    assert audit.broken_references() == []
