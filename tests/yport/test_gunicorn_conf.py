"""gunicorn.conf.py takes each setting from the environment, with defaults for a production app server."""

import os
import subprocess
import sys

from tests.servers import PROJECT_DIR


def gunicorn_config(**env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--print-config", "yport.wsgi"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)


NAMES = (
    "bind",
    "workers",
    "threads",
    "timeout",
    "graceful_timeout",
    "keepalive",
    "max_requests",
    "max_requests_jitter",
    "accesslog",
    "control_socket_disable",
)


def test_gunicorn_conf_defaults():
    config = {name: gunicorn_config()[name.ljust(34)].strip() for name in NAMES}
    assert config == {
        "bind": "['127.0.0.1:8000']",
        "workers": str(2 * os.cpu_count() + 1),
        "threads": "1",
        "timeout": "60",
        "graceful_timeout": "30",
        "keepalive": "5",
        "max_requests": "0",  # never recycled: each restart emptied the worker's page cache (gunicorn.conf.py)
        "max_requests_jitter": "0",
        "accesslog": "-",
        "control_socket_disable": "True",
    }


def test_gunicorn_conf_reads_the_environment():
    printed = gunicorn_config(
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="90",
        GUNICORN_GRACEFUL_TIMEOUT="20",
        GUNICORN_KEEPALIVE="10",
        GUNICORN_MAX_REQUESTS="50000",
        GUNICORN_MAX_REQUESTS_JITTER="700",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_CONTROL_SOCKET="/run/yport/gunicorn.ctl",
    )
    config = {name: printed[name.ljust(34)].strip() for name in NAMES}
    assert config == {
        "bind": "['0.0.0.0:9000']",
        "workers": "3",
        "threads": "4",
        "timeout": "90",
        "graceful_timeout": "20",
        "keepalive": "10",
        "max_requests": "50000",
        "max_requests_jitter": "700",
        "accesslog": "None",
        "control_socket_disable": "False",
    }
    assert printed["control_socket".ljust(34)].strip() == "/run/yport/gunicorn.ctl"


def test_gunicorn_conf_spreads_recycling_over_a_tenth_when_it_is_turned_on():
    printed = gunicorn_config(GUNICORN_MAX_REQUESTS="100000")
    assert printed["max_requests".ljust(34)].strip() == "100000"
    assert printed["max_requests_jitter".ljust(34)].strip() == "10000"


def test_gunicorn_conf_refuses_a_value_that_is_not_a_number():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--check-config", "yport.wsgi"],
        cwd=PROJECT_DIR,
        env={**os.environ, "GUNICORN_WORKERS": "many"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be a whole number, not 'many'." in result.stdout + result.stderr
