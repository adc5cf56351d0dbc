"""A real headless Chromium for the end-to-end tests (Debian's chromium and chromium-driver; skipped without).

One Chromium serves the whole session (one per xdist worker): starting it takes seconds, so ``browser`` hands each
test the same one as a fresh visitor (no cookies, no stored data, the phone-sized window, an empty console log).
Tests that only read the demo content share one live server with it per module (``demo_site``); tests that write
take pytest-django's ``live_server`` and an empty database of their own."""

import importlib
import io
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
WINDOW = (400, 900)
WINDOW_SIZE = f"--window-size={WINDOW[0]},{WINDOW[1]}"
STAFF_USERNAME = "demo-staff"
STAFF_PASSWORD = "a-long-password-123"
DRAFT_SLUG = "draft-conference-preview"
# The demo site's settings: pages rendered afresh, sign-in without a second factor, a form sent at once and never
# rate-limited (a test that wants the limit lowers it), mail kept in memory.
DEMO_SITE_SETTINGS = {
    "PAGE_CACHE": False,
    "ADMIN_2FA": False,
    "INQUIRY_MIN_FILL_SECONDS": 0,
    "INQUIRY_RATE_LIMIT": 1000,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def start_browser():
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", WINDOW_SIZE):
        options.add_argument(argument)
    # Console messages (a Content-Security-Policy violation is one) become readable with get_log("browser").
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.implicitly_wait(5)
    return driver


@pytest.fixture(scope="session")
def chromium(_demo_server):
    """The session's Chromium. It asks for the demo site's server so that the server outlives it: a server stopped
    while the browser still holds a connection to it closes the shared test database from the wrong thread."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromedriver are needed for the browser tests")
    pytest.importorskip("selenium.webdriver")
    driver = start_browser()
    yield driver
    driver.quit()


def forget_visitor(driver):
    """Everything one test leaves in the browser that the next could notice: the page, its origin's stored data,
    every cookie, an emulated screen size, the console log."""
    origin = driver.execute_script("return location.origin")
    if origin.startswith("http"):
        driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.set_window_size(*WINDOW)
    driver.get_log("browser")  # reading the log empties it


@pytest.fixture
def browser(chromium):
    forget_visitor(chromium)
    yield chromium
    forget_visitor(chromium)


def load_demo_content():
    """The demo content on top of the reference data (SDGs, fields of cooperation), loaded the way the data
    migration loads it: a flushed database has none."""
    from django.apps import apps
    from django.core.management import call_command

    importlib.import_module("cities.migrations.0002_load_reference_data").load_reference_data(apps, None)
    call_command("load_demo", stdout=io.StringIO())


def load_demo_site_content():
    """The demo content, a draft conference for the staff preview, and a staff member who may see it."""
    from django.contrib.auth import get_user_model

    from tests.factories import ConferenceFactory
    from yport.publishing import PublicationState

    load_demo_content()
    ConferenceFactory(
        slug=DRAFT_SLUG,
        title_ja="下書きの会議",
        title_en="A draft conference",
        publication_state=PublicationState.DRAFT,
    )
    get_user_model().objects.create_user(
        STAFF_USERNAME, "demo-staff@example.com", STAFF_PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture(scope="session")
def _demo_server(django_db_setup, django_db_blocker):
    """The live server of ``demo_site``, one per session. The demo site's tests are not marked ``django_db`` (the
    mark would empty the tables after each test, or hide the server's writes in a transaction); when only they run,
    the session's ``django_db_setup`` (tests/conftest.py) creates the test database."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        yield server
        server.stop()


@pytest.fixture(scope="module")
def demo_site(_demo_server, django_db_blocker, tmp_path_factory):
    """A live server with the demo content (plus a draft conference and ``STAFF_USERNAME``), loaded once for the
    module's tests, which only read; the tables are emptied after the module. Returns the server (``.url``)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.test.utils import override_settings

    from tests.conftest import restore_migrated_data

    cache_settings = override_settings(
        CACHES={
            **settings.CACHES,
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-shared-cache"},
        },
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-site-media"),
    )
    site_settings = override_settings(
        **DEMO_SITE_SETTINGS, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    )
    with django_db_blocker.unblock(), cache_settings, site_settings:
        caches["default"].clear()
        load_demo_site_content()
        try:
            yield _demo_server
        finally:
            restore_migrated_data()


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def wait_for_url(driver, url):
    """A click's navigation may still be under way when the click returns: wait until the new page is there."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(expected_conditions.url_to_be(url))


def sign_in_to_admin(driver, base, username, password, language="en"):
    """Signs in on the admin's login page and waits for the admin's index (signed in before the next page)."""
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/{language}/admin/login/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login-form input[type=submit]").click()
    wait_for_url(driver, f"{base}/{language}/admin/")
