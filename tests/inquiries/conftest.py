import pytest


@pytest.fixture(autouse=True)
def _mail_to_the_outbox(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INQUIRY_NOTIFY_EMAILS = ["staff@example.com"]
