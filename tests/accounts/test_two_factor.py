import datetime
import re
from urllib.parse import unquote

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import INLINE_SCRIPT, INLINE_STYLE, assert_page_shell
from tests.factories import CityFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-123"


def url(name, language="ja", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def code_for(device, steps_ahead=0):
    """The code the staff member's authenticator app shows (RFC 6238 from the device's key, as the app computes)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():06d}"


def wrong_code_for(device):
    accepted = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in accepted)


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_2FA = True


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "staff", "staff@example.com", PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def enrolled(staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    return staff


def sign_in(client, username, password=PASSWORD, code=None):
    data = {"username": username, "password": password, "next": url("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(url("admin:login"), data)


def is_verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


def test_admin_with_two_factor_sends_password_only_staff_to_enrolment(client, two_factor, staff):
    assert sign_in(client, "staff").status_code == 302

    response = client.get(url("admin:index"), follow=True)
    assert response.redirect_chain[-1] == (url("two_factor"), 302)
    assert response.status_code == 200
    assert client.get(url("admin:inquiries_inquiry_changelist")).status_code == 302


def test_admin_without_two_factor_lets_password_only_staff_in(client, staff):
    assert sign_in(client, "staff").status_code == 302
    assert client.get(url("admin:index")).status_code == 200


def test_two_factor_enrolment_with_the_right_code_opens_the_admin(client, two_factor, staff):
    sign_in(client, "staff")
    response = client.get(url("two_factor"))
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is False
    assert response.context["secret"].replace(" ", "") in device.config_url

    response = client.post(url("two_factor"), {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == url("admin:index")
    device.refresh_from_db()
    assert device.confirmed is True
    assert is_verified(client)
    assert client.get(url("admin:index")).status_code == 200


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("ja", "コードが正しくありません。"),
        ("en", "That code is not right."),
    ],
)
def test_two_factor_enrolment_with_a_wrong_code_is_refused(client, two_factor, staff, language, error):
    client.force_login(staff)
    client.get(url("two_factor", language))
    device = TOTPDevice.objects.get(user=staff)

    response = client.post(url("two_factor", language), {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert error in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert not is_verified(client)
    assert client.get(url("admin:index")).status_code == 302


def test_two_factor_page_keeps_the_secret_across_reloads(client, staff):
    client.force_login(staff)
    first = client.get(url("two_factor")).context["secret"]
    second = client.get(url("two_factor", "en")).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=staff).count() == 1


@pytest.mark.parametrize("language", ["ja", "en"])
def test_two_factor_page_draws_the_qr_code_on_our_origin(client, staff, language):
    client.force_login(staff)
    response = client.get(url("two_factor", language))
    assert response.status_code == 200
    assert_page_shell(response, language)
    assert "no-store" in response["Cache-Control"]
    sources = re.findall(r'<img class="qr-code" src="([^"]+)"', response.content.decode())
    assert len(sources) == 1
    assert sources[0].startswith("data:image/svg+xml;charset=utf-8,")
    svg = unquote(sources[0].split(",", 1)[1])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=')
    assert not INLINE_SCRIPT.search(svg)
    assert not INLINE_STYLE.search(svg)
    assert "<style" not in svg and "style=" not in svg


def test_two_factor_page_shows_the_state_of_an_enrolled_user(client, enrolled):
    client.force_login(enrolled)
    response = client.get(url("two_factor", "en"))
    html = response.content.decode()
    assert "Two-factor sign-in is on for your account" in html
    assert "qr-code" not in html
    assert response.context["verified"] is False

    # Someone with the password alone cannot replace a confirmed device.
    device = TOTPDevice.objects.get(user=enrolled)
    response = client.post(url("two_factor", "en"), {"code": code_for(device)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=enrolled)) == [device]
    assert not is_verified(client)


def test_two_factor_page_needs_a_staff_user(client, django_user_model):
    response = client.get(url("two_factor"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("admin:login") + "?next=")

    client.force_login(django_user_model.objects.create_user("visitor", "v@example.com", PASSWORD))
    assert client.get(url("two_factor")).status_code == 403
    assert not TOTPDevice.objects.exists()


SAME_ANSWER = (
    "ユーザー名、パスワード、認証コードのいずれかが正しくありません。ユーザー名とパスワードは大文字と小文字が区別されます。"
    "2段階認証をまだ設定していない場合は、コードを空欄のままにしてください。"
)


def test_admin_login_with_a_device_needs_the_right_code(client, two_factor, enrolled):
    device = TOTPDevice.objects.get(user=enrolled)

    response = sign_in(client, "staff")
    assert response.status_code == 200
    assert SAME_ANSWER in response.content.decode()

    response = sign_in(client, "staff", code=wrong_code_for(device))
    assert response.status_code == 200
    assert SAME_ANSWER in response.content.decode()
    assert not client.session.get("_auth_user_id")

    response = sign_in(client, "staff", code=code_for(device))
    assert response.status_code == 302
    assert is_verified(client)
    assert client.get(url("admin:index")).status_code == 200


def login_errors(response):
    return [str(error) for error in response.context["form"].non_field_errors()]


def test_admin_login_answers_a_wrong_password_as_a_wrong_code(client, two_factor, enrolled):
    """Someone trying passwords cannot tell when one was right: the answer is the same, whatever the code."""
    device = TOTPDevice.objects.get(user=enrolled)
    wrong_password = sign_in(client, "staff", password="wrong", code=wrong_code_for(device))
    wrong_code = sign_in(client, "staff", code=wrong_code_for(device))
    no_code = sign_in(client, "staff", code="")
    wrong_password_no_code = sign_in(client, "staff", password="wrong", code="")

    responses = (wrong_password, wrong_code, no_code, wrong_password_no_code)
    assert [login_errors(response) for response in responses] == [[SAME_ANSWER]] * 4
    assert [response.status_code for response in responses] == [200] * 4
    assert not is_verified(client)
    response = client.post(url("admin:login", "en"), {"username": "staff", "password": PASSWORD, "otp_token": ""})
    assert login_errors(response) == [
        "The user name, password or authentication code is not right. User name and password are case-sensitive; "
        "leave the code empty if you have not set up two-factor sign-in yet."
    ]


def test_admin_login_wrong_codes_count_towards_the_lockout(client, two_factor, enrolled):
    device = TOTPDevice.objects.get(user=enrolled)
    statuses = [
        client.post(
            url("admin:login"),
            {"username": "staff", "password": PASSWORD, "otp_token": wrong_code_for(device)},
            REMOTE_ADDR=f"192.0.2.{n}",
        ).status_code
        for n in range(1, 6)
    ]
    assert statuses == [200, 200, 200, 200, 429]

    # Locked like after five wrong passwords: the right code from elsewhere waits for the cool-off too.
    response = client.post(
        url("admin:login"),
        {"username": "staff", "password": PASSWORD, "otp_token": code_for(device)},
        REMOTE_ADDR="203.0.113.50",
    )
    assert response.status_code == 429
    assert not is_verified(client)
    assert AccessAttempt.objects.filter(username="staff").aggregate(Sum("failures_since_start")) == {
        "failures_since_start__sum": 5
    }


def let_time_pass(delta):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    TOTPDevice.objects.filter(throttling_failure_timestamp__isnull=False).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - delta
    )


def test_admin_login_wrong_codes_keep_the_owner_out_no_longer_than_the_cool_off(client, two_factor, enrolled):
    """A password holder guessing codes as fast as allowed: 16 minutes after the last guess (the cool-off is 15) the
    owner's right code is checked and accepted, not refused for hours."""
    device = TOTPDevice.objects.get(user=enrolled)
    for guess in range(15):
        if guess:
            # Whatever the wait before the next code is checked: the lockout's cool-off, or a throttle doubling it.
            let_time_pass(max(datetime.timedelta(minutes=16), datetime.timedelta(seconds=2 ** (guess - 1) + 1)))
        assert sign_in(client, "staff", code=wrong_code_for(device)).status_code == 200
    let_time_pass(datetime.timedelta(minutes=16))

    response = sign_in(client, "staff", code=code_for(device))
    assert response.status_code == 302
    assert is_verified(client)


def test_admin_login_form_asks_for_the_code_only_with_two_factor(client, settings):
    settings.ADMIN_2FA = False
    assert 'name="otp_token"' not in client.get(url("admin:login")).content.decode()
    settings.ADMIN_2FA = True
    html = client.get(url("admin:login")).content.decode()
    assert 'name="otp_token"' in html
    assert 'autocomplete="one-time-code"' in html
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)


def test_admin_unverified_session_of_an_enrolled_user_is_sent_to_sign_in(client, two_factor, enrolled):
    client.force_login(enrolled)
    response = client.get(url("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == url("admin:login") + "?next=" + url("admin:index")
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "認証アプリのコードなしでログインしています" in response.content.decode()


def test_draft_preview_with_two_factor_needs_a_verified_session(client, settings, two_factor, enrolled):
    city = CityFactory(publication_state=PublicationState.DRAFT)
    detail = url("cities:city_detail", slug=city.slug)
    client.force_login(enrolled)
    assert client.get(detail).status_code == 404

    settings.ADMIN_2FA = False
    assert client.get(detail).status_code == 200


def test_device_admin_is_for_superusers_only(client, django_user_model, enrolled):
    device = TOTPDevice.objects.get(user=enrolled)
    changelist = url("admin:otp_totp_totpdevice_changelist")
    delete = url("admin:otp_totp_totpdevice_delete", object_id=device.pk)

    editor = django_user_model.objects.create_user("editor", "e@example.com", PASSWORD, is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="otp_totp"))
    client.force_login(editor)
    assert client.get(changelist).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    root = django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(root)
    assert client.get(changelist).status_code == 200
    assert client.get(url("admin:otp_totp_totpdevice_add")).status_code == 403
    assert device.key not in client.get(url("admin:otp_totp_totpdevice_change", object_id=device.pk)).content.decode()
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_device_admin_replaces_the_one_django_otp_registers():
    assert type(admin.site._registry[TOTPDevice]).__name__ == "DeviceAdmin"
    assert admin.site.__class__.__module__ == "yport.sites"


def test_reset_two_factor_command_deletes_the_users_devices(client, two_factor, enrolled, capsys):
    device = TOTPDevice.objects.get(user=enrolled)
    TOTPDevice.objects.create(user=enrolled, name="spare", confirmed=False)
    assert sign_in(client, "staff", code=code_for(device)).status_code == 302
    assert client.get(url("admin:index")).status_code == 200

    call_command("reset_two_factor", "staff")
    assert "Deleted 2 authenticator device(s) of staff." in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    # The session signed in with the deleted device no longer counts as verified: enrol again.
    response = client.get(url("admin:index"), follow=True)
    assert response.redirect_chain[-1] == (url("two_factor"), 302)


def test_reset_two_factor_command_for_a_user_without_devices(staff, capsys):
    call_command("reset_two_factor", "staff")
    assert capsys.readouterr().out == "staff has no authenticator device; nothing was deleted.\n"


def test_reset_two_factor_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user is named 'nobody'."):
        call_command("reset_two_factor", "nobody")


def test_admin_pages_link_to_the_two_factor_page(admin_client):
    html = admin_client.get(url("admin:index")).content.decode()
    assert f'<a href="{url("two_factor")}">2段階認証</a>' in html
