"""The SDG indicator trends in a real Chromium: a city whose indicators have values over the years (the demo's Da
Nang has none, so the audit's pages show no sparkline) — its page, a goal's page and the comparison have no axe-core
violations in either language, and each sparkline is an image with its values as its name."""

import pytest

from tests.browser.accessibility import AXE_DIR, LANGUAGES, Audit
from tests.browser.conftest import load_demo_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_trend_pages_have_no_accessibility_violations(browser, live_server, language):
    from selenium.webdriver.common.by import By

    from tests.cities.test_sdg_indicators import city_with_series

    if not (AXE_DIR / "axe.min.js").exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    load_demo_content()
    city_with_series(name_en="Hue", name_ja="フエ", values=((2018, "40"), (2021, "42"), (2024, "39")))
    audit = Audit(browser=browser, base=live_server.url)
    for path in (f"/{language}/cities/hue/", f"/{language}/cities/hue/sdgs/11/", f"/{language}/cities/compare/"):
        browser.get(live_server.url + path)
        assert audit.axe() == [], path
        assert audit.broken_references() == [], path
    browser.get(f"{live_server.url}/{language}/cities/hue/")
    [sparkline] = browser.find_elements(By.CSS_SELECTOR, "svg.sdg-sparkline")
    assert sparkline.get_attribute("role") == "img"
    assert "2018: 40, 2021: 42, 2024: 39" in sparkline.get_attribute("aria-label")
