"""In a real headless Chromium, under the site's Content Security Policy: the JSON-LD data blocks are in the page, a
script can read them as JSON, and they cause no console error (a CSP violation would be one)."""

import json

import pytest

from tests.browser.conftest import console_errors

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "types"),
    [
        ("/en/conferences/ascc-2022/", ["Event", "BreadcrumbList"]),
        ("/en/conferences/ascc-2022/sessions/sdgs-vlr-well-being/", ["Event", "BreadcrumbList"]),
        ("/ja/speakers/le-minh-tuong/", ["Person", "BreadcrumbList"]),
        ("/en/cities/da-nang/", ["City", "BreadcrumbList"]),
    ],
)
def test_json_ld_blocks_pass_the_content_security_policy(browser, demo_site, path, types):
    from selenium.webdriver.common.by import By

    browser.get(demo_site.url + path)
    blocks = browser.find_elements(By.CSS_SELECTOR, 'script[type="application/ld+json"]')
    assert [json.loads(block.get_attribute("textContent"))["@type"] for block in blocks] == types
    assert console_errors(browser) == []
