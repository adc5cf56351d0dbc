"""The registrants' mails: in their language, never lost while the mail server refuses, sent once when it is back."""

import pytest
from django.utils import translation

from registrations.models import RegistrationEmail
from tests.factories import RegistrationSetupFactory
from tests.registrations.utils import form_data, register_url
from tests.servers import SmtpServer, free_port, use_smtp
from yport.models import EmailState
from yport.outbox import send_due_emails

pytestmark = pytest.mark.django_db


def test_mail_server_down_keeps_the_mail_and_the_retry_sends_it_once(client, settings):
    setup = RegistrationSetupFactory()
    use_smtp(settings, free_port())  # nothing listens: refused
    response = client.post(register_url(setup.conference), form_data())
    assert response.status_code == 302  # the registrant is not kept waiting or shown an error
    assert send_due_emails() == (0, 1)
    email = RegistrationEmail.objects.get()
    assert (email.state, email.attempts) == (EmailState.FAILED, 1) and email.error

    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        RegistrationEmail.objects.all().send_again_now()
        assert send_due_emails() == (1, 0)
        assert send_due_emails() == (0, 0)
    [message] = smtp.messages
    assert message["To"] == "hanako@example.jp" and "/register/confirm/" in message.get_body().get_content()


@pytest.mark.parametrize(
    ("language", "subject"),
    [("ja", "[Y-PORT] 参加登録の確認をお願いします"), ("en", "[Y-PORT] Please confirm your registration")],
)
def test_mail_is_in_the_registrants_language(client, language, subject):
    setup = RegistrationSetupFactory()
    client.post(register_url(setup.conference, language), form_data())
    with translation.override("en"):  # the worker's own language does not matter
        message = RegistrationEmail.objects.get().build_message()
    assert message.subject.startswith(subject)
