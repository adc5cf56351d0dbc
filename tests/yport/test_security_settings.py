import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import translation

from tests.yport.test_settings import GOOD_KEY, PROJECT_DIR, run_django

ENV_EXAMPLE = PROJECT_DIR / ".env.example"


def documented_production_environment():
    """The variables of .env.example (the production environment the README documents), with a real secret key in
    place of the placeholder the file tells you to change."""
    environment = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            environment[name.strip()] = value.strip()
    assert environment["DJANGO_DEBUG"] == "0"
    assert environment["DJANGO_SECRET_KEY"].startswith("change-me")
    return {**environment, "DJANGO_SECRET_KEY": GOOD_KEY}


def run_manage(*args, env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "INQUIRY_"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=documented_production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_with_hsts_preload_needs_no_silenced_check():
    environment = {**documented_production_environment(), "DJANGO_SECURE_HSTS_PRELOAD": "1"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_fails_with_the_placeholder_secret_key():
    environment = {**documented_production_environment(), "DJANGO_SECRET_KEY": "change-me-to-50-or-more"}
    result = run_manage("check", "--deploy", env=environment)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_cookies_and_headers():
    """Served with the documented production environment: __Host- cookies (Secure, Path=/, no Domain), the
    Permissions-Policy and the Referrer-Policy."""
    result = run_django(
        "from django.test import Client, override_settings; from django.conf import settings as s; "
        # The manifest storage needs collectstatic; the page's static URLs are not what is tested here.
        "plain = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}; "
        "storages = {**s.STORAGES, 'staticfiles': plain}; "
        "o = override_settings(STORAGES=storages); o.enable(); "
        "r = Client().get('/ja/admin/login/', secure=True, HTTP_HOST='portal.example.jp'); "
        "print(r.status_code); print(r.cookies.output()); "
        "print(r['Permissions-Policy']); print(r['Referrer-Policy']); "
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN); "
        "print(s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.ADMIN_2FA)",
        **documented_production_environment(),
    )
    assert result.returncode == 0, result.stderr
    status, cookie, permissions_policy, referrer_policy, session, session_age = result.stdout.strip().splitlines()
    assert status == "200"
    assert cookie.startswith("Set-Cookie: __Host-csrftoken=")
    assert cookie.endswith("; HttpOnly; Max-Age=31449600; Path=/; SameSite=Lax; Secure")
    assert "Domain" not in cookie
    assert session == "__Host-sessionid True / None"
    assert session_age == "32400 True True"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions_policy
    assert referrer_policy == "strict-origin-when-cross-origin"


def test_settings_session_length_and_two_factor_from_the_environment():
    result = run_django(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.ADMIN_2FA, s.AXES_FAILURE_LIMIT, "
        "s.AXES_COOLOFF_TIME.total_seconds())",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example",
        DJANGO_SESSION_MAX_AGE_SECONDS="3600",
        DJANGO_ADMIN_2FA="0",
        DJANGO_LOGIN_FAILURE_LIMIT="10",
        DJANGO_LOGIN_COOLOFF_MINUTES="30",
    )
    assert result.stdout.strip() == "3600 False 10 1800.0"


def test_settings_two_factor_is_off_by_default_in_debug():
    result = run_django("from django.conf import settings as s; print(s.ADMIN_2FA, s.SESSION_COOKIE_NAME)")
    assert result.stdout.strip() == "False sessionid"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_pages_send_permissions_and_referrer_policies(client, language):
    with translation.override(language):
        home = reverse("home")
    response = client.get(home)
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_staff_session_cookie_ends_with_the_browser(client, django_user_model):
    django_user_model.objects.create_user("staff", "s@example.com", "a-long-password-123", is_staff=True)
    with translation.override("ja"):
        login = reverse("admin:login")
    response = client.post(login, {"username": "staff", "password": "a-long-password-123"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert 32400 - 5 < client.session.get_expiry_age() <= 32400
