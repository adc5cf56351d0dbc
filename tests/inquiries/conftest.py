import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache_and_mail(db, settings):
    """Rate-limit slots live in the shared cache: every test starts with none taken."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INQUIRY_NOTIFY_EMAILS = ["staff@example.com"]
    cache.clear()
    yield
    cache.clear()
