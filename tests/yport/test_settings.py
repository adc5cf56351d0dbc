import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("variable", "extra"),
    [
        ("CACHE_TIMEOUT_SECONDS", {}),
        ("DJANGO_S3_TIMEOUT_SECONDS", {"DJANGO_MEDIA_STORAGE": "s3", "DJANGO_S3_BUCKET": "media"}),
    ],
)
def test_settings_unreadable_number_of_seconds_names_the_variable(variable, extra):
    result = run_django("", **{variable: "fast", **extra})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable} must be a number, not 'fast'." in result.stderr


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


def test_settings_media_storage_s3_stores_uploads_in_the_bucket_and_allows_its_pictures():
    result = run_django(
        "from django.conf import settings as s; from django.core.files.storage import default_storage as d; "
        "print(s.STORAGES['default']['BACKEND'], s.MEDIA_URL, d.url('speakers/kim.w160.webp')); "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']); "
        "c = d.connection.meta.client.meta.config; "
        "print(c.connect_timeout, c.read_timeout, c.retries, d.default_acl, d.querystring_auth, d.file_overwrite)",
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="yport-media",
        DJANGO_S3_ENDPOINT_URL="https://objects.example.jp",
        DJANGO_S3_REGION="jp-east-1",
        DJANGO_S3_ACCESS_KEY_ID="key",
        DJANGO_S3_SECRET_ACCESS_KEY="secret",
        DJANGO_S3_TIMEOUT_SECONDS="2.5",
        DJANGO_PRIVATE_BUCKET="yport-private",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "storages.backends.s3.S3Storage https://objects.example.jp/yport-media/ "
        "https://objects.example.jp/yport-media/speakers/kim.w160.webp",
        "[\"'self'\", 'data:', 'https://objects.example.jp/yport-media/']",
        "2.5 2.5 {'mode': 'standard', 'total_max_attempts': 3} public-read False False",
    ]


def test_settings_media_storage_s3_public_url_and_aws_default_address():
    code = "from django.conf import settings as s; print(s.MEDIA_URL)"
    custom = run_django(
        code,
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="b",
        DJANGO_S3_PUBLIC_URL="https://media.example.jp/",
        DJANGO_PRIVATE_BUCKET="p",
    )
    aws = run_django(
        code,
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="b",
        DJANGO_S3_REGION="ap-northeast-1",
        DJANGO_PRIVATE_BUCKET="p",
    )
    assert custom.stdout.strip() == "https://media.example.jp/"
    assert aws.stdout.strip() == "https://b.s3.ap-northeast-1.amazonaws.com/"


def test_settings_media_storage_s3_without_bucket_or_unknown_storage_refuses_to_start():
    no_bucket = run_django("", DJANGO_MEDIA_STORAGE="s3")
    unknown = run_django("", DJANGO_MEDIA_STORAGE="ftp")
    assert no_bucket.returncode != 0 and "DJANGO_S3_BUCKET must name the bucket" in no_bucket.stderr
    assert unknown.returncode != 0 and "DJANGO_MEDIA_STORAGE must be local or s3, not 'ftp'" in unknown.stderr


def test_settings_media_storage_defaults_to_the_local_disk():
    result = run_django(
        "from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'], s.MEDIA_URL)",
    )
    assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage /media/"


def test_settings_private_storage_defaults_to_a_folder_beside_media():
    result = run_django(
        "from django.conf import settings as s; from yport.storage import private_storage as p; "
        "print(s.STORAGES['private']['BACKEND'], p.location == str(s.BASE_DIR / 'private'))"
    )
    assert result.stdout.strip() == "yport.storage.PrivateFileSystemStorage True"


def test_settings_private_root_inside_media_refuses_to_start(tmp_path):
    result = run_django("", DJANGO_MEDIA_ROOT=str(tmp_path), DJANGO_PRIVATE_ROOT=str(tmp_path / "private"))
    assert result.returncode != 0
    assert f"DJANGO_PRIVATE_ROOT ({tmp_path / 'private'}) must be outside {tmp_path}" in result.stderr


def test_settings_private_storage_s3_is_a_private_bucket_with_signed_addresses_only():
    result = run_django(
        "from yport.storage import private_storage as p; "
        "c = p.connection.meta.client.meta.config; "
        "print(p.bucket_name, p.default_acl, p.querystring_auth, p.file_overwrite, c.connect_timeout)",
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="yport-media",
        DJANGO_S3_ENDPOINT_URL="https://objects.example.jp",
        DJANGO_S3_ACCESS_KEY_ID="key",
        DJANGO_S3_SECRET_ACCESS_KEY="secret",
        DJANGO_S3_TIMEOUT_SECONDS="2.5",
        DJANGO_PRIVATE_BUCKET="yport-private",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "yport-private private True False 2.5"


def test_settings_private_storage_s3_needs_a_bucket_of_its_own():
    missing = run_django("", DJANGO_MEDIA_STORAGE="s3", DJANGO_S3_BUCKET="media")
    same = run_django("", DJANGO_MEDIA_STORAGE="s3", DJANGO_S3_BUCKET="media", DJANGO_PRIVATE_BUCKET="media")
    unknown = run_django("", DJANGO_PRIVATE_STORAGE="ftp")
    assert missing.returncode != 0 and "DJANGO_PRIVATE_BUCKET must name the private bucket" in missing.stderr
    assert same.returncode != 0 and "must be another bucket than DJANGO_S3_BUCKET" in same.stderr
    assert unknown.returncode != 0 and "DJANGO_PRIVATE_STORAGE must be local or s3, not 'ftp'" in unknown.stderr


def test_settings_site_url_comes_from_django_site_url():
    result = run_django("from django.conf import settings; print(settings.SITE_URL)", DJANGO_SITE_URL="http://x:9/")
    assert result.stdout.strip() == "http://x:9"


def test_make_run_gives_the_served_port_as_site_address_to_the_server_and_the_worker():
    """`make -n` prints the recipe without running it; the recipe's last command runs here with the two programs
    replaced by one that prints the site address it was given."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8765", "PY=probe"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    # Without its final newline: "; wait" on a line of its own is a syntax error, and bash would stop there, leaving
    # the worker's line to a race.
    last_command = dry_run[dry_run.index("export DJANGO_SITE_URL") :].rstrip()
    probe = 'probe() { echo "$DJANGO_SITE_URL ${*:2:1}"; }; '
    result = subprocess.run(
        ["bash", "-c", probe + last_command + "; wait"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sorted(result.stdout.splitlines()) == [
        "http://127.0.0.1:8765 runserver",
        "http://127.0.0.1:8765 send_queued_emails",
    ]
