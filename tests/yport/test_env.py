from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from yport.env import env_bool, env_float, env_int, env_list, env_networks, env_path, env_str

NAME = "YPORT_TEST_VALUE"


@pytest.mark.parametrize(
    ("read", "default", "value", "expected"),
    [
        (env_str, "fallback", None, "fallback"),
        (env_str, "fallback", "", ""),  # set empty is empty, as os.environ.get gives it
        (env_str, "fallback", " x ", " x "),
        (env_path, Path("/srv/media"), None, Path("/srv/media")),
        (env_path, Path("/srv/media"), "/data/media", Path("/data/media")),
        (env_bool, True, None, True),
        (env_bool, True, "", False),
        (env_bool, False, " Yes ", True),
        (env_bool, True, "off", False),
        (env_int, 7, None, 7),
        (env_int, 7, " ", 7),
        (env_int, 7, "-3", -3),
        (env_float, 0.5, None, 0.5),
        (env_float, 0.5, "", 0.5),
        (env_float, 0.5, "2", 2.0),
        (env_float, 0.5, " 0.25 ", 0.25),
        (env_list, "a,b", None, ["a", "b"]),
        (env_list, "a,b", " x , ,y ", ["x", "y"]),
        (env_list, "a,b", "", []),
    ],
)
def test_env_helpers_read_the_value_or_the_default(monkeypatch, read, default, value, expected):
    if value is None:
        monkeypatch.delenv(NAME, raising=False)
    else:
        monkeypatch.setenv(NAME, value)
    assert read(NAME, default) == expected


def test_env_networks_lists_addresses_and_networks(monkeypatch):
    monkeypatch.setenv(NAME, "127.0.0.1, 10.0.1.0/24,2001:db8::/64")
    assert env_networks(NAME) == ["127.0.0.1", "10.0.1.0/24", "2001:db8::/64"]
    monkeypatch.delenv(NAME)
    assert env_networks(NAME) == []


BOOLEAN_WORDS = "['', '0', '1', 'false', 'no', 'off', 'on', 'true', 'yes']"


@pytest.mark.parametrize(
    ("read", "value", "message"),
    [
        (env_bool, "maybe", f"YPORT_TEST_VALUE must be one of {BOOLEAN_WORDS}, not 'maybe'."),
        (env_int, "5s", "YPORT_TEST_VALUE must be a whole number, not '5s'."),
        (env_int, "1.5", "YPORT_TEST_VALUE must be a whole number, not '1.5'."),
        (env_float, "fast", "YPORT_TEST_VALUE must be a number, not 'fast'."),
        (env_float, "nan", "YPORT_TEST_VALUE must be a number, not 'nan'."),
        (env_float, "inf", "YPORT_TEST_VALUE must be a number, not 'inf'."),
    ],
)
def test_env_helpers_name_the_variable_of_a_bad_value(monkeypatch, read, value, message):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured) as error:
        read(NAME, 1)
    assert str(error.value) == message


def test_env_networks_names_the_variable_of_a_bad_network(monkeypatch):
    monkeypatch.setenv(NAME, "10.0.1.1/24")  # host bits set: not a network
    with pytest.raises(ImproperlyConfigured) as error:
        env_networks(NAME)
    assert str(error.value).startswith("YPORT_TEST_VALUE must list IP addresses or networks")
