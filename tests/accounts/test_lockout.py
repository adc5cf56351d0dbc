import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from tests.conftest import assert_page_shell

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-123"


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.com", PASSWORD, is_staff=True)


def sign_in(client, username, password, address="192.0.2.1", language="ja", **extra):
    with translation.override(language):
        url = reverse("admin:login")
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(client):
    return SESSION_KEY in client.session


@pytest.mark.parametrize("two_factor", [False, True])
def test_lockout_wrong_passwords_lock_the_user_from_any_address(client, settings, alice, two_factor):
    settings.ADMIN_2FA = two_factor
    statuses = [sign_in(client, "alice", "wrong", address=f"192.0.2.{n}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 200, 429]

    response = sign_in(client, "alice", PASSWORD, address="203.0.113.50")
    assert response.status_code == 429
    assert "ログインを一時的に停止しています" in response.content.decode()
    assert not signed_in(client)


def test_lockout_failures_from_one_address_lock_the_address_for_every_user(client, alice):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", address="198.51.100.7")

    assert sign_in(client, "alice", PASSWORD, address="198.51.100.7").status_code == 429
    assert not signed_in(client)
    response = sign_in(client, "alice", PASSWORD, address="198.51.100.8")
    assert response.status_code == 302
    assert signed_in(client)


def test_lockout_fewer_failures_than_the_limit_do_not_lock(client, alice):
    for n in range(4):
        sign_in(client, "alice", "wrong", address=f"192.0.2.{n}")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("ja", ["ログインを一時的に停止しています", "15分後に", "（日本時間）"]),
        ("en", ["Sign-in locked", "try again in 15 minutes", "(Japan time)"]),
    ],
)
def test_lockout_page_is_translated_and_says_how_long(client, alice, language, texts):
    for n in range(5):
        sign_in(client, "alice", "wrong", address=f"192.0.2.{n}", language=language)

    response = sign_in(client, "alice", PASSWORD, address="192.0.2.99", language=language)
    assert response.status_code == 429
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    for text in texts:
        assert text in html
    assert_page_shell(response, language)


def test_lockout_tries_during_the_lockout_do_not_extend_it(client, alice):
    for n in range(5):
        sign_in(client, "alice", "wrong", address=f"192.0.2.{n}")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=10))

    response = sign_in(client, "alice", "wrong-again", address="192.0.2.77")
    assert response.status_code == 429
    assert 4 * 60 < int(response["Retry-After"]) <= 5 * 60
    assert AccessAttempt.objects.filter(ip_address="192.0.2.77").exists() is False


def test_lockout_ends_by_itself_after_the_cool_off(client, alice):
    for n in range(5):
        sign_in(client, "alice", "wrong", address=f"192.0.2.{n}")
    assert sign_in(client, "alice", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=15, seconds=1))
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_lockout_cool_off_and_limit_come_from_settings(client, settings, alice):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=3)
    sign_in(client, "alice", "wrong")
    response = sign_in(client, "alice", "wrong", address="192.0.2.2")
    assert response.status_code == 429
    assert 2 * 60 < int(response["Retry-After"]) <= 3 * 60


def test_lockout_behind_a_trusted_proxy_counts_the_forwarded_address(client, settings, alice):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert sign_in(client, "alice", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    response = sign_in(client, "alice", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
