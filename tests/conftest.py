import re

import pytest


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
