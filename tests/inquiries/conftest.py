import pytest
from django.contrib.auth.models import Group

from accounts.staff_groups import INQUIRY_HANDLERS


@pytest.fixture(autouse=True)
def _mail_to_the_outbox(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INQUIRY_NOTIFY_EMAILS = ["staff@example.com"]


@pytest.fixture
def staff_user(django_user_model):
    """Makes a staff member, in the group of that name if one is given."""

    def make(username, group_name=None, **extra):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", "pw-long-enough-123", is_staff=True, **extra
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def handler_client(client, staff_user):
    user = staff_user("handler", INQUIRY_HANDLERS)
    client.force_login(user)
    client.user = user
    return client
