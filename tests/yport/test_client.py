"""Who the client is (yport/client.py): one address for the inquiry limit, the sign-in lockout, the API throttle and
HTTPS detection, believed from X-Forwarded-* only when a trusted proxy connects."""

import logging

import pytest
from axes.models import AccessAttempt
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import translation

from inquiries.models import Inquiry
from tests.inquiries.utils import form_data
from tests.yport.test_gunicorn_conf import gunicorn_config
from tests.yport.test_security_settings import documented_production_environment, run_manage
from yport.client import client_address, log_trusted_proxies

PROXY = "10.0.0.1"
PASSWORD = "a-long-password-123"


def inquiry_url():
    with translation.override("en"):
        return reverse("inquiries:inquiry_create")


def login_url():
    with translation.override("en"):
        return reverse("admin:login")


@pytest.fixture
def behind_proxy(settings):
    """The deployment as configured for one proxy at PROXY, the deprecated count included (as a site upgrading has
    it): a client that reaches the app server directly must still not choose its address."""
    settings.TRUSTED_PROXIES = [PROXY]
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_client_forged_forwarded_for_from_a_direct_client_keeps_the_inquiry_limit(client, settings, behind_proxy):
    statuses = [
        client.post(
            inquiry_url(), form_data(), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.{n}.1"
        ).status_code
        for n in range(7)
    ]
    assert statuses == [302] * settings.INQUIRY_RATE_LIMIT + [429] * (7 - settings.INQUIRY_RATE_LIMIT)
    assert Inquiry.objects.count() == settings.INQUIRY_RATE_LIMIT


@pytest.mark.django_db
def test_client_behind_a_trusted_proxy_two_visitors_have_their_own_inquiry_limits(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.INQUIRY_RATE_LIMIT = 2
    first = [
        client.post(inquiry_url(), form_data(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
        for _ in range(3)
    ]
    second = client.post(inquiry_url(), form_data(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert first == [302, 302, 429]
    assert second.status_code == 302


@pytest.mark.django_db
def test_client_forged_forwarded_for_cannot_lock_out_a_chosen_address(client, django_user_model, behind_proxy):
    django_user_model.objects.create_user("alice", "alice@example.com", PASSWORD, is_staff=True)
    victim = "203.0.113.9"
    for n in range(5):
        client.post(
            login_url(),
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="198.51.100.66",
            HTTP_X_FORWARDED_FOR=victim,
        )

    response = client.post(
        login_url(), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=victim
    )
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}


@pytest.mark.django_db
def test_client_the_api_throttle_counts_the_same_client(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.API_ANON_RATE = "2/min"

    def get(address, forwarded):
        return client.get("/api/v1/cities/", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get(PROXY, "198.51.100.7") for _ in range(3)] == [200, 200, 429]
    assert get(PROXY, "203.0.113.9") == 200
    # Directly connected, a forged header changes nothing.
    assert [get("192.0.2.50", f"198.51.{n}.1") for n in range(3)] == [200, 200, 429]


@pytest.mark.django_db
@pytest.mark.parametrize(("address", "status"), [("203.0.113.5", 301), (PROXY, 200)])
def test_client_https_is_believed_only_from_a_trusted_proxy(client, settings, address, status):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/robots.txt", REMOTE_ADDR=address, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == status
    if status == 301:
        assert response["Location"] == "https://testserver/robots.txt"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.5"}, "203.0.113.5"),
        # Not a proxy: the header is the client's own words.
        ({"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "203.0.113.5"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "198.51.100.7"),
        # What the client wrote stands left of what the proxy appended.
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7"}, "198.51.100.7"),
        # Two proxies: the inner one (in the trusted network) is skipped.
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7, 10.0.0.2"}, "198.51.100.7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        ({"REMOTE_ADDR": "2001:db8:ffff::2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "198.51.100.7"),
        ({"REMOTE_ADDR": "::ffff:10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "198.51.100.7"),
        # Ports and brackets, as some proxies write them.
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7:4711"}, "198.51.100.7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, "2001:db8::1"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::1]"}, "2001:db8::1"),
        # Empty or junk: never the client's choice, at worst the proxy's own address.
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ""}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": " , ,"}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7,, "}, "198.51.100.7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, unknown"}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.0.0.2, <script>"}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.0.0.9:x"}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "\x00\u202e1.2.3.4"}, PROXY),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(["6.6.6.6"] * 1000) + ", 198.51.100.7"},
            "198.51.100.7",
        ),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(["10.0.0.3"] * 1000)}, "10.0.0.3"),
        ({"REMOTE_ADDR": "junk"}, "unknown"),
        ({"REMOTE_ADDR": ""}, "unknown"),
        ({}, "unknown"),
    ],
)
def test_client_address_reads_forwarded_for_only_from_trusted_proxies(rf, settings, meta, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:ffff::/48"]
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_address(request) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forwarded", ["", ",,,", "junk", "[::1", "1.2.3.4:99999", "999.1.1.1", "\u202e", ", ".join(["x"] * 1000)]
)
def test_client_malformed_forwarded_for_never_fails_a_request(client, settings, forwarded):
    settings.TRUSTED_PROXIES = [PROXY]
    response = client.post(inquiry_url(), form_data(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 302
    assert client.get("/api/v1/cities/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200


@pytest.mark.parametrize(
    ("count", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7"}, "198.51.100.7"),
        (2, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7, 10.0.0.2"}, "198.51.100.7"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": ""}, "10.0.0.1"),
    ],
)
def test_client_deprecated_proxy_count_trusts_the_nearest_hops(rf, settings, count, meta, expected):
    settings.TRUSTED_PROXIES = []
    settings.INQUIRY_TRUSTED_PROXY_COUNT = count
    request = rf.get("/")
    request.META.update(meta)
    assert client_address(request) == expected


def test_client_deprecated_proxy_count_is_ignored_once_proxies_are_listed(rf, settings):
    settings.TRUSTED_PROXIES = ["192.0.2.1"]
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(request) == "10.0.0.1"


def check_ids(**options):
    return [message.id for message in run_checks(include_deployment_checks=True, **options)]


def test_client_deploy_check_warns_without_trusted_proxies(settings):
    settings.DEBUG = False
    settings.TRUSTED_PROXIES = []
    assert "yport.W001" in check_ids()
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert "yport.W001" not in check_ids()
    settings.DEBUG = True
    settings.TRUSTED_PROXIES = []
    assert "yport.W001" not in check_ids()


def test_client_check_warns_that_the_proxy_count_is_deprecated(settings):
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 0
    assert "yport.W002" not in check_ids()
    settings.INQUIRY_TRUSTED_PROXY_COUNT = 1
    assert "yport.W002" in check_ids()


@pytest.mark.parametrize(
    ("proxies", "count", "level", "text"),
    [
        (
            ["127.0.0.1", "10.0.1.0/24"],
            0,
            logging.INFO,
            "Trusted reverse proxies (DJANGO_TRUSTED_PROXIES): 127.0.0.1, 10.0.1.0/24.",
        ),
        ([], 0, logging.INFO, "No trusted reverse proxies (DJANGO_TRUSTED_PROXIES is empty)"),
        ([], 2, logging.WARNING, "INQUIRY_TRUSTED_PROXY_COUNT=2 is deprecated"),
    ],
)
def test_client_start_up_log_says_which_proxies_are_trusted(settings, caplog, proxies, count, level, text):
    settings.TRUSTED_PROXIES = proxies
    settings.INQUIRY_TRUSTED_PROXY_COUNT = count
    with caplog.at_level(logging.INFO, logger="yport.client"):
        log_trusted_proxies()
    assert [(record.levelno, text in record.getMessage()) for record in caplog.records] == [(level, True)]


def test_client_gunicorn_believes_forwarded_headers_from_the_same_proxies():
    def allowed(proxies):
        config = {name.strip(): value for name, value in gunicorn_config(DJANGO_TRUSTED_PROXIES=proxies).items()}
        return config["forwarded_allow_ips"]

    assert allowed("") == "[]"
    assert allowed("10.0.1.0/24, ::1") == "['10.0.1.0/24', '::1']"


def test_client_trusted_proxies_that_are_no_networks_stop_the_start():
    environment = {**documented_production_environment(), "DJANGO_TRUSTED_PROXIES": "127.0.0.1, 10.0.1.5/24"}
    result = run_manage("check", env=environment)
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
    assert "10.0.1.5/24 has host bits set" in result.stderr


def test_client_check_deploy_warns_when_no_proxy_is_listed():
    environment = {**documented_production_environment(), "DJANGO_TRUSTED_PROXIES": ""}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=environment)
    assert result.returncode != 0
    assert "(yport.W001) DJANGO_TRUSTED_PROXIES lists no reverse proxy." in result.stdout + result.stderr
