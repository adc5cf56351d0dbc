import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-a-random-value-long-enough-for-production-use-0123456789"


def run_django(code, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="yport.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_debug_off_without_secret_key_refuses_to_start():
    result = run_django("", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_debug_off_with_insecure_key_refuses_to_start():
    result = run_django("", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="django-insecure-" + "x" * 60, DJANGO_ALLOWED_HOSTS="a")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_debug_off_without_allowed_hosts_refuses_to_start():
    result = run_django("", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must name" in result.stderr


def test_settings_debug_off_configured_starts_secure():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example, www.portal.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True True ['portal.example', 'www.portal.example']"


def test_settings_unreadable_debug_value_refuses_to_start():
    result = run_django("", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_settings_redis_url_selects_redis_cache():
    result = run_django(
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_settings_without_redis_url_uses_shared_database_cache():
    result = run_django("from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])", REDIS_URL="")
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


def test_settings_database_url_selects_postgresql():
    result = run_django(
        "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/yport",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql yport 127.0.0.1"
