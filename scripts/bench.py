"""make bench: load the public pages of the production configuration on a large data set and print one table.

Seeds (load_demo + seed_benchmark) a PostgreSQL database of its own (yport_bench, created when missing), serves it
with gunicorn in the production configuration (DJANGO_DEBUG=0, a fresh secret key, collectstatic, Redis,
DATABASE_CONN_MAX_AGE=60 unless the environment sets it), and loads
/healthz and every public page in both languages with wrk (a small Python client when wrk is missing), with the page
cache on and off. For each page: requests per second, median and 99th-percentile latency, SQL queries (counted
in-process by benchmark_pages, never in the served requests) and requests per second as a share of /healthz in the
same run. Only 127.0.0.1 is loaded, and every load ends after --seconds.

With the page cache on it then loads the sitemap mix: every address in the sitemap of the served data, each once in
a random order (cold: nothing cached yet), then each once more in another order (warm).

    make bench                                  # the defaults: 300 / 3,000 / 100 / 10,000, 5 s per page
    make bench BENCH_ARGS="--seconds 2 --pages home,city --cache off"
    make bench BENCH_ARGS="--pages none --cache on"   # /healthz and the sitemap mix only
    .venv/bin/python scripts/bench.py --help
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))  # the project's own modules

from yport.public_pages import PUBLIC_PAGES  # noqa: E402 - after the path above

PYTHON = sys.executable
HOST = "127.0.0.1"  # the only address this script ever loads
DEFAULT_CONN_MAX_AGE = "60"  # seconds a database connection is kept, as production is told to (docs/deploying.md)

# name, path ({lang} for the language): every public page (yport/public_pages.py), then detail pages: benchmark rows
# that seed_benchmark always publishes (the numbers it makes drafts or windows are other ones), and the demo's
# Da Nang.
PAGES = (
    *((page.name, page.path) for page in PUBLIC_PAGES),
    ("conference", "/{lang}/conferences/bench-conference-00001/"),
    ("session", "/{lang}/conferences/bench-conference-00001/sessions/session-01/"),
    ("speaker", "/{lang}/speakers/bench-speaker-00001/"),
    ("city", "/{lang}/cities/bench-city-00001/"),
    ("da_nang", "/{lang}/cities/da-nang/"),
    ("city_goal", "/{lang}/cities/bench-city-00001/sdgs/12/"),
    ("project", "/{lang}/projects/bench-project-00001-01/"),
)
HEALTHZ = "/healthz"
ACCEPT_ENCODING = "gzip"  # as every browser and crawler sends it: pages come compressed (the page cache keeps them so)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5, help="load per page and cache mode (default 5)")
    parser.add_argument("--warmup", type=float, default=1, help="load before each measurement (default 1)")
    parser.add_argument("--connections", type=int, default=16, help="open connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 4)), help="gunicorn workers (default 4)"
    )
    parser.add_argument(
        "--pages",
        default="all",
        help=f"comma-separated, of: {', '.join(name for name, _path in PAGES)} (default all; none: /healthz only)",
    )
    parser.add_argument(
        "--mix", default="cold,warm", help="sitemap-mix passes with the page cache on: cold,warm (default) or none"
    )
    parser.add_argument("--languages", default="ja,en", help="default ja,en")
    parser.add_argument("--cache", default="on,off", help="page cache modes to run: on, off or on,off (default)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto", help="load client")
    parser.add_argument(
        "--mix-client",
        choices=("python", "wrk"),
        default="python",
        help="load client of the sitemap mix (default python: wrk's per-path script reports figures that cannot all be "
        "true, docs/performance.md)",
    )
    parser.add_argument("--database", default="yport_bench", help="PostgreSQL database, created when missing")
    parser.add_argument("--postgres", default=f"postgres://postgres@{HOST}:5432", help="PostgreSQL server")
    parser.add_argument("--redis-url", default=f"redis://{HOST}:6379/9", help="Redis database, flushed before a run")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--conferences", type=int, default=300)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--cities", type=int, default=100)
    parser.add_argument("--inquiries", type=int, default=10000)
    args = parser.parse_args(argv)
    names = {name for name, _path in PAGES}
    named = {"all": [name for name, _path in PAGES], "none": []}
    args.pages = named[args.pages] if args.pages in named else args.pages.split(",")
    args.mix = [] if args.mix == "none" else args.mix.split(",")
    if args.mix not in ([], ["cold"], ["cold", "warm"]):
        parser.error("--mix takes cold,warm, cold or none")
    unknown = set(args.pages) - names
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    args.languages = args.languages.split(",")
    if not set(args.languages) <= {"ja", "en"}:
        parser.error("--languages takes ja, en or ja,en")
    args.cache = args.cache.split(",")
    if not set(args.cache) <= {"on", "off"}:
        parser.error("--cache takes on, off or on,off")
    if "bench" not in args.database:
        parser.error("--database must have 'bench' in its name: the benchmark never seeds a developer's database")
    if redis.Redis.from_url(args.redis_url).connection_pool.connection_kwargs.get("db", 0) == 0:
        parser.error("--redis-url must name a Redis database other than 0: it is flushed before each run")
    if not 0 < args.seconds <= 600 or args.warmup < 0 or args.connections < 1 or args.threads < 1:
        parser.error("--seconds must be in (0, 600], --warmup 0 or more, --connections and --threads 1 or more")
    return args


# --- Preparing ----------------------------------------------------------------------------------------------------


def server_environment(args):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{args.postgres.rstrip('/')}/{args.database}",
        REDIS_URL=args.redis_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain http on 127.0.0.1; no proxy in front
        DJANGO_LOG_LEVEL=os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
        # Persistent database connections, as docs/deploying.md and .env.example tell production to run: without
        # them every page that queries opens a new PostgreSQL connection per request.
        DATABASE_CONN_MAX_AGE=os.environ.get("DATABASE_CONN_MAX_AGE", DEFAULT_CONN_MAX_AGE),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *arguments, capture=False):
    command = [PYTHON, "manage.py", *arguments]
    result = subprocess.run(command, cwd=BASE_DIR, env=env, check=True, text=True, capture_output=capture)
    return result.stdout


def ensure_database(args):
    with psycopg.connect(f"{args.postgres.rstrip('/')}/postgres", autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database]).fetchone() is None:
            say(f"creating the database {args.database}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(args.database)))
        return conn.execute("SHOW server_version").fetchone()[0]


def prepare(args, env):
    postgres_version = ensure_database(args)
    say("migrate" + ("" if args.no_seed else ", load_demo, seed_benchmark") + ", collectstatic")
    manage(env, "migrate", "--no-input", "-v", "0")
    if not args.no_seed:
        manage(env, "load_demo")
        manage(
            env,
            "seed_benchmark",
            f"--conferences={args.conferences}",
            f"--speakers={args.speakers}",
            f"--cities={args.cities}",
            f"--inquiries={args.inquiries}",
        )
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return postgres_version


# --- Serving ------------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 in the production configuration; stopped (SIGTERM, then SIGKILL) on leaving."""

    def __init__(self, env, workers, log_path):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "yport.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--error-logfile={self.log_path}",
            "--no-control-socket",  # its default path is one per user: it would clash with any other gunicorn
        ]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url(HEALTHZ), timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"


# --- Load clients -------------------------------------------------------------------------------------------------

DURATION = re.compile(r"([\d.]+)(us|ms|s|m)\b")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk_ms(text):
    value, unit = DURATION.fullmatch(text).groups()
    return float(value) * UNIT_MS[unit]


def load_with_wrk(port, path, args, seconds):
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        "--latency",
        f"--header=Accept-Encoding: {ACCEPT_ENCODING}",
        f"http://{HOST}:{port}{path}",
    ]
    return parse_wrk(subprocess.run(command, check=True, capture_output=True, text=True, timeout=seconds + 60).stdout)


def parse_wrk(output):
    """Requests per second, median and 99th-percentile milliseconds, requests and errors from wrk --latency."""
    latencies = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(re.search(r"^\s+(\d+) requests in", output, re.MULTILINE).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.+)$", output, re.MULTILINE)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": wrk_ms(latencies["50"]),
        "p99": wrk_ms(latencies["99"]),
        "requests": requests,
        "errors": errors,
    }


def load_with_python(port, path, args, seconds):
    """Threads with one keep-alive connection each, ``path`` again and again for ``seconds``."""
    deadline = time.monotonic() + seconds
    return python_load(port, lambda: path if time.monotonic() < deadline else None, args, join_timeout=seconds + 30)


def python_load(port, next_path, args, join_timeout=None):
    """``args.connections`` threads, each with one keep-alive connection, GET ``next_path()`` until it gives None; a
    request that fails or answers 300 or more counts as an error, and a failed connection is opened again."""
    latencies, errors, lock = [], [0], threading.Lock()

    def run():
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        mine, failed = [], 0
        while (path := next_path()) is not None:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING})
                response = connection.getresponse()
                response.read()
                failed += response.status >= 300
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=run, daemon=True) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join_timeout)
    return summary(latencies, errors[0], time.monotonic() - started)


def choose_client(choice):
    if choice == "python":
        return "python", load_with_python
    if choice in ("auto", "wrk") and shutil.which("wrk") is None and shutil.which("apt-get") and os.geteuid() == 0:
        say("wrk is missing: apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, timeout=300)
    if shutil.which("wrk"):
        return "wrk", load_with_wrk
    if choice == "wrk":
        sys.exit("wrk is not installed (apt-get install -y wrk), and --client wrk was asked for")
    say("wrk is not available: using the Python load client (threads, keep-alive)")
    return "python", load_with_python


# --- The sitemap mix ----------------------------------------------------------------------------------------------

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# Each wrk thread walks its share of a list of paths (one a line, in the file named by BENCH_PATHS) once, stops and
# leaves a file BENCH_DONE<thread>: thread i takes lines i, i + threads, … . wrk itself runs until its --duration or
# SIGINT, after which it reports (its clock running until then): bench.py sends SIGINT once every thread is through.
WRK_PATHS_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local threads = tonumber(os.getenv("BENCH_THREADS"))
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  mine = {}
  for i = id + 1, #paths, threads do mine[#mine + 1] = paths[i] end
  sent, answered = 0, 0
end
function request()
  sent = sent + 1
  return wrk.format("GET", mine[(sent - 1) % #mine + 1])
end
function response(status, headers, body)
  answered = answered + 1
  if answered == #mine then
    io.open(os.getenv("BENCH_DONE") .. id, "w"):close()  -- tells bench.py, which ends wrk (its clock stops then)
    wrk.thread:stop()
  end
end
"""


def sitemap_paths(port):
    """Every address in the served sitemap (its path and query: the site address may name another host)."""
    with urllib.request.urlopen(f"http://{HOST}:{port}/sitemap.xml", timeout=120) as response:
        root = ET.fromstring(response.read())
    paths = []
    for loc in root.iter(f"{SITEMAP_NS}loc"):
        address = urlsplit(loc.text.strip())
        paths.append(address.path + (f"?{address.query}" if address.query else ""))
    return paths


def load_paths_with_wrk(port, paths, args):
    """Each path once, spread over wrk's threads (a Lua script); the run ends when every thread is through."""
    threads = min(args.threads, len(paths))
    connections = max(args.connections, threads)
    with tempfile.TemporaryDirectory(prefix="yport-bench-mix-") as folder:
        script, path_list = Path(folder) / "paths.lua", Path(folder) / "paths.txt"
        script.write_text(WRK_PATHS_SCRIPT)
        path_list.write_text("\n".join(paths) + "\n")
        command = [
            "wrk",
            f"--threads={threads}",
            f"--connections={connections}",
            "--duration=1800s",  # an upper bound: the script stops each thread once its share is answered
            "--timeout=10s",
            "--latency",
            f"--header=Accept-Encoding: {ACCEPT_ENCODING}",
            f"--script={script}",
            f"http://{HOST}:{port}/",
        ]
        done = Path(folder) / "done-"
        env = {**os.environ, "BENCH_PATHS": str(path_list), "BENCH_THREADS": str(threads), "BENCH_DONE": str(done)}
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as wrk:
            while wrk.poll() is None and len(list(Path(folder).glob("done-*"))) < threads:
                time.sleep(0.05)
            if wrk.poll() is None:
                wrk.send_signal(signal.SIGINT)
            output, errors = wrk.communicate(timeout=60)
        if wrk.returncode != 0:
            raise RuntimeError(f"wrk failed ({wrk.returncode}): {errors}")
    return parse_wrk(output)


def load_paths_with_python(port, paths, args):
    """Each path once, taken in order by the Python client's threads."""
    queue, lock = iter(paths), threading.Lock()

    def next_path():
        with lock:
            return next(queue, None)

    return python_load(port, next_path, args)


def summary(latencies, errors, elapsed):
    latencies.sort()
    if not latencies:
        return {"rps": 0.0, "p50": 0.0, "p99": 0.0, "requests": 0, "errors": errors}
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "requests": len(latencies),
        "errors": errors,
    }


def run_mix(args, server, client, mode):
    """The sitemap mix: every address once in a random order (cold), then once more in another (warm)."""
    paths = sitemap_paths(server.port)
    load = load_paths_with_wrk if client == "wrk" and args.mix_client == "wrk" else load_paths_with_python
    shuffler = random.Random(20)  # the same orders on every run
    rows = []
    for mix_pass in args.mix:
        order = paths[:]
        shuffler.shuffle(order)
        say(f"cache {mode}: sitemap mix, {mix_pass}: {len(order)} addresses")
        result = load(server.port, order, args)
        rows.append(
            {
                "page": f"sitemap mix, {mix_pass} ({len(order)} addresses)",
                "language": "ja+en",
                "path": "/sitemap.xml",
                "cache": mode,
                **result,
                "queries": "-",
                "status": 200,
            }
        )
    return rows


# --- Running ------------------------------------------------------------------------------------------------------


def say(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def page_list(args):
    pages = [("healthz", "-", HEALTHZ)]
    for language in args.languages:
        for name, path in PAGES:
            if name in args.pages:
                pages.append((name, language, path.format(lang=language)))
    return pages


def query_counts(env, paths):
    """SQL queries per page, counted in-process (benchmark_pages --json) with the same settings as the server."""
    counts = {HEALTHZ: {"queries": 0, "status": 200}}
    if not any(path != HEALTHZ for path in paths):
        return counts
    arguments = ["benchmark_pages", "--json", "--requests=1", f"--host={HOST}"]
    arguments += [f"--path={path}" for path in paths if path != HEALTHZ]
    results = json.loads(manage(env, *arguments, capture=True).strip().splitlines()[-1])
    counts.update({result["path"]: result for result in results})
    return counts


def run_mode(args, env, mode, client, load, log_path):
    env = {**env, "DJANGO_PAGE_CACHE": "1" if mode == "on" else "0"}
    redis.Redis.from_url(args.redis_url, socket_timeout=5).flushdb()
    pages = page_list(args)
    counts = query_counts(env, [path for _name, _lang, path in pages])
    rows = []
    with Server(env, args.workers, log_path) as server:
        for name, language, path in pages:
            say(f"cache {mode}: {path}")
            if args.warmup:
                load(server.port, path, args, args.warmup)
            result = load(server.port, path, args, args.seconds)
            rows.append({"page": name, "language": language, "path": path, "cache": mode, **result, **counts[path]})
        if mode == "on":
            rows += run_mix(args, server, client, mode)
    healthz = rows[0]["rps"] or 1
    for row in rows:
        row["ratio"] = row["rps"] / healthz
    return rows


def machine():
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(re.search(r"^MemTotal:\s+(\d+)", meminfo.read_text(), re.MULTILINE).group(1))
        memory = f"{kilobytes / 1024 / 1024:.1f} GiB"
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": memory, "system": platform.platform()}


def busy_warning():
    """The benchmark shares the CPUs with whatever else runs: say so when something else keeps them busy."""
    load = os.getloadavg()[0]
    if load > 0.5:
        say(f"the load average is {load:.1f} before the run: other processes will take CPU time from the benchmark")
    return load


def print_report(args, rows, client, postgres_version, redis_version, load_before):
    info = machine()
    conn_max_age = os.environ.get("DATABASE_CONN_MAX_AGE")
    conn_max_age = f"{DEFAULT_CONN_MAX_AGE} (production's, the default)" if conn_max_age is None else conn_max_age
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print()
    print(
        f"Finished {now}; {info['cpus']} CPUs ({info['cpu']}), {info['memory']} memory, {info['system']}; "
        f"PostgreSQL {postgres_version}, Redis {redis_version}, Python {platform.python_version()}; "
        f"load average {load_before:.2f} before the run."
    )
    print(
        f"gunicorn {args.workers} workers; {client} with {args.threads} threads and {args.connections} connections, "
        f"{args.seconds:g} s per page after {args.warmup:g} s of warm-up; data: --conferences {args.conferences} "
        f"--speakers {args.speakers} --cities {args.cities} --inquiries {args.inquiries}"
        + (" (not seeded by this run)" if args.no_seed else "")
        + f"; DATABASE_CONN_MAX_AGE={conn_max_age}."
    )
    print()
    print("| page | lang | cache | req/s | p50 ms | p99 ms | SQL queries | × /healthz | errors |")
    print("|---|---|---|--:|--:|--:|--:|--:|--:|")
    for row in rows:
        status = "" if row["status"] == 200 else f" (HTTP {row['status']})"
        print(
            f"| {row['page']}{status} | {row['language']} | {row['cache']} | {row['rps']:.0f} | {row['p50']:.1f} "
            f"| {row['p99']:.1f} | {row['queries']} | {row['ratio']:.2f} | {row['errors']} |"
        )


def main(argv=None):
    args = parse_args(argv)
    client, load = choose_client(args.client)
    env = server_environment(args)
    redis_version = redis.Redis.from_url(args.redis_url, socket_timeout=5).info("server")["redis_version"]
    postgres_version = prepare(args, env)
    log_path = Path(tempfile.mkdtemp(prefix="yport-bench-")) / "gunicorn.log"
    load_before = busy_warning()
    rows = []
    for mode in args.cache:
        rows += run_mode(args, env, mode, client, load, log_path)
    print_report(args, rows, client, postgres_version, redis_version, load_before)
    say(f"gunicorn's log: {log_path}")


if __name__ == "__main__":
    main()
