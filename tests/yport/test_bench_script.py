"""The parts of scripts/bench.py (make bench) that decide what is loaded and how results are read. The benchmark
itself never runs in the tests."""

import importlib.util
import threading
import time
from argparse import Namespace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench.py"
spec = importlib.util.spec_from_file_location("bench_script", SCRIPT)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8765/ja/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   756.52ms  175.72ms   1.02s    55.56%
    Req/Sec     9.86      7.78    20.00     42.86%
  Latency Distribution
     50%  731.47us
     75%  873.27ms
     90%    1.02s~
     99%    1.50s~
  46 requests in 5.03s, 297.44KB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:      9.15
Transfer/sec:    288.28KB
""".replace("~", " ")  # wrk ends some latency lines with a space


def test_parse_wrk_reads_rate_latencies_and_errors():
    result = bench.parse_wrk(WRK_OUTPUT)
    assert result == {"rps": 9.15, "p50": pytest.approx(0.73147), "p99": 1500.0, "requests": 46, "errors": 7}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--database", "yport"], "--database must have 'bench' in its name"),
        (["--redis-url", "redis://127.0.0.1:6379/0"], "--redis-url must name a Redis database other than 0"),
        (["--pages", "home,nowhere"], "unknown pages: nowhere"),
        (["--cache", "maybe"], "--cache takes on, off or on,off"),
        (["--seconds", "0"], "--seconds must be in (0, 600]"),
    ],
)
def test_bench_refuses_arguments_that_would_touch_other_data_or_never_end(capsys, arguments, message):
    with pytest.raises(SystemExit):
        bench.parse_args(arguments)
    assert message in capsys.readouterr().err


def test_bench_pages_cover_both_languages_after_healthz():
    args = bench.parse_args(["--pages", "home,da_nang"])
    assert bench.page_list(args) == [
        ("healthz", "-", "/healthz"),
        ("home", "ja", "/ja/"),
        ("da_nang", "ja", "/ja/cities/da-nang/"),
        ("home", "en", "/en/"),
        ("da_nang", "en", "/en/cities/da-nang/"),
    ]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load client expects

    def do_GET(self):
        body = b"ok"
        self.send_response(200 if self.path == "/healthz" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_python_load_client_ends_by_itself_and_counts_errors(local_server):
    args = Namespace(connections=2)
    started = time.monotonic()
    ok = bench.load_with_python(local_server, "/healthz", args, 0.3)
    missing = bench.load_with_python(local_server, "/missing", args, 0.3)
    assert time.monotonic() - started < 5
    assert ok["requests"] > 0 and ok["errors"] == 0 and ok["rps"] > 0
    assert missing["errors"] == missing["requests"] > 0


def test_python_mix_client_loads_each_path_once(local_server):
    result = bench.load_paths_with_python(local_server, ["/healthz"] * 7 + ["/missing"] * 3, Namespace(connections=3))
    assert result["requests"] == 10 and result["errors"] == 3


def test_bench_uses_the_python_client_when_asked_even_with_wrk_installed():
    assert bench.choose_client("python") == ("python", bench.load_with_python)


def test_bench_serves_with_persistent_database_connections_unless_the_environment_says_otherwise(monkeypatch):
    """Production keeps its connections (docs/deploying.md, .env.example: DATABASE_CONN_MAX_AGE=60); so does the
    benchmark, unless the environment sets another value (0: a new connection per request)."""
    args = bench.parse_args([])
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    assert bench.server_environment(args)["DATABASE_CONN_MAX_AGE"] == "60"
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert bench.server_environment(args)["DATABASE_CONN_MAX_AGE"] == "0"
