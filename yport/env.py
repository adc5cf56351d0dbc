"""Reading settings from the environment: one helper per kind of value, each with the default used when the variable
is not set. A value that cannot be read stops the start with ImproperlyConfigured naming the variable."""

import ipaddress
import math
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    """The variable as it is set (also when set empty), else ``default``."""
    return os.environ.get(name, default)


def env_path(name, default):
    return Path(env_str(name, default))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS)}, not {value!r}.")


def env_int(name, default):
    """A whole number; unset or empty is ``default``."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name, default):
    """A finite number (``0.5``, ``5``); unset or empty is ``default``."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.")
    return number


def env_list(name, default=""):
    """A comma-separated list, each item stripped, empty items left out."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name):
    """A comma-separated list of IP addresses or networks, each checked (strictly, as gunicorn checks them)."""
    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (192.0.2.10, 10.0.1.0/24, 2001:db8::/64): {error}."
            ) from None
    return networks
