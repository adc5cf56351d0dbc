"""End to end in a real headless Chromium: a staff member signs in with the password, sets up an authenticator app
from the QR code page (no console error: the QR code and page pass the Content Security Policy), reaches the admin,
and signs in again with a code."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import console_errors, wait_for_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-password-123"


def current_code(device, steps_ahead=0):
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead).token():06d}"


def sign_in(browser, url, code=""):
    from selenium.webdriver.common.by import By

    browser.get(url + "/ja/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("hanako")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    if code:
        browser.find_element(By.NAME, "otp_token").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "#login-form input[type=submit]").click()


def test_staff_enrol_an_authenticator_app_and_sign_in_with_a_code(browser, live_server, settings):
    from selenium.webdriver.common.by import By

    settings.ADMIN_2FA = True
    get_user_model().objects.create_user("hanako", "h@example.com", PASSWORD, is_staff=True, is_superuser=True)

    sign_in(browser, live_server.url)
    wait_for_url(browser, live_server.url + "/ja/account/two-factor/")
    qr_code = browser.find_element(By.CSS_SELECTOR, "img.qr-code")
    assert qr_code.get_attribute("src").startswith("data:image/svg+xml")
    assert browser.execute_script("return arguments[0].naturalWidth", qr_code) > 0
    assert console_errors(browser) == []

    device = TOTPDevice.objects.get(user__username="hanako")
    browser.find_element(By.NAME, "code").send_keys(current_code(device))
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_url(browser, live_server.url + "/ja/admin/")
    assert console_errors(browser) == []

    browser.delete_all_cookies()
    sign_in(browser, live_server.url, code=current_code(device, steps_ahead=1))
    wait_for_url(browser, live_server.url + "/ja/admin/")
    assert browser.find_element(By.ID, "site-name").text == "Y-PORT ポータル管理"
