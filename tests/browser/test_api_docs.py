"""The API's docs page in a real headless Chromium: Swagger UI, served from our origin, runs under the strict
Content Security Policy (a blocked script, style or connection is a console error) and lists every endpoint; a
planner's CSV download link works from the city page."""

import pytest

from tests.browser.conftest import console_errors

pytestmark = pytest.mark.browser


def test_api_docs_page_renders_every_endpoint_without_console_errors(browser, demo_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(demo_site.url + "/api/v1/docs/")
    WebDriverWait(browser, 15).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock-summary-path"))
    )

    paths = sorted(
        {
            element.text.replace("\u200b", "")
            for element in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
        }
    )
    assert paths == [
        "/api/v1/cities/",
        "/api/v1/cities/{slug}/",
        "/api/v1/conferences/",
        "/api/v1/conferences/{slug}/",
        "/api/v1/sessions/",
        "/api/v1/sessions/{conference_slug}/{slug}/",
        "/api/v1/speakers/",
        "/api/v1/speakers/{slug}/",
    ]
    assert browser.find_element(By.CSS_SELECTOR, ".info .title").text.startswith("Y-PORT Portal API")
    assert console_errors(browser) == []
