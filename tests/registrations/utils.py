import re
import time

from django.core import mail
from django.urls import reverse
from django.utils import translation

from yport.forms import issue_form_token
from yport.outbox import send_due_emails


def form_data(**overrides):
    """A valid POST of the registration form, shown long enough ago to pass the minimum fill time."""
    data = {
        "name": "山田 花子",
        "organisation": "横浜市",
        "position": "課長",
        "country": "JP",
        "email": "hanako@example.jp",
        "mode": "on_site",
        "consent": "on",
        "homepage": "",
        "form_token": issue_form_token(now=time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register_url(conference, language="en", name="registrations:register", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs={"slug": conference.slug, **kwargs})


def deliver() -> list:
    """Send what the outbox holds now (as the worker does) and return the messages sent, emptying mail.outbox."""
    send_due_emails()
    sent = list(mail.outbox)
    mail.outbox.clear()
    return sent


def link_in(message, kind: str) -> str:
    """The path of the confirm or manage link in a message."""
    match = re.search(rf"https?://[^/\s]+(/\S+/register/{kind}/\S+/)", message.body)
    assert match, message.body
    return match.group(1)
