import os
import re

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A test database of this run's own (test_yport_run<pid>), so that two runs on one machine never drop each
    other's database."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_run{os.getpid()}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)


def assert_page_shell(response, language):
    """Every public page: the right <html lang>, hreflang alternates for both languages and x-default,
    a language switcher, and nothing the Content Security Policy would block."""
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for code in ("ja", "en", "x-default"):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver/' in html
    assert 'class="language-switcher"' in html
    assert not INLINE_SCRIPT.search(html), "inline <script> found"
    assert not INLINE_STYLE.search(html), "inline style found"
    assert "Content-Security-Policy" in response.headers


@pytest.fixture(autouse=True)
def _fresh_template_fragments():
    """Each test starts with no cached page fragments or widgets: its rows are new, but a rolled-back test's rows
    sent no signal when they went away."""
    from django.core.cache import caches

    from yport.fragments import bump_content_generation

    bump_content_generation()
    caches["template_fragments"].clear()
