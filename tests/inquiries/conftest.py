import pytest

from yport.staff_group_names import INQUIRY_HANDLERS


@pytest.fixture(autouse=True)
def _mail_to_the_outbox(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INQUIRY_NOTIFY_EMAILS = ["staff@example.com"]


@pytest.fixture
def handler_client(client, staff_user):
    user = staff_user("handler", INQUIRY_HANDLERS)
    client.force_login(user)
    client.user = user
    return client
