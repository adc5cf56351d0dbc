"""make screenshots: pictures of the main public pages, in Japanese and English, at desktop and phone width.

Serves the demo content (load_demo) from a temporary SQLite database with runserver on a free port of 127.0.0.1,
opens each page in headless Chromium (through chromedriver) and writes docs/screenshots/<page>-<lang>-<width>.png:
the whole page up to a height limit, reduced to a 256-colour palette so that the files stay small. The Makefile
target installs Debian's chromium and fonts-noto-cjk first when they are missing (no web font is downloaded: the
pages use the system's Japanese fonts).

    make screenshots
    .venv/bin/python scripts/screenshots.py --pages home,city --languages ja
"""

import argparse
import base64
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))  # the project's own modules

from yport.public_pages import PUBLIC_PATHS  # noqa: E402 - after the path above

OUTPUT_DIR = BASE_DIR / "docs" / "screenshots"
HOST = "127.0.0.1"

# name, path ({lang} for the language): the demo content's pages (shared/seeds/FACTS.md); those that are not rows
# from the one list of public pages (yport/public_pages.py).
PAGES = (
    ("home", PUBLIC_PATHS["home"]),
    ("conference", "/{lang}/conferences/ascc-2022/"),
    ("session", "/{lang}/conferences/ascc-2022/sessions/sdgs-vlr-well-being/"),
    ("speaker", "/{lang}/speakers/le-minh-tuong/"),
    ("city", "/{lang}/cities/da-nang/"),
    ("inquiry", PUBLIC_PATHS["inquiry_form"]),
    ("search", "/{lang}/search/?q=SDGs"),
)
# name: (width, height of the window, tallest picture kept), in CSS pixels at a device scale of 1.
SIZES = {"desktop": (1280, 800, 1600), "phone": (390, 844, 2400)}
PALETTE_COLOURS = 256


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    names = ", ".join(name for name, _path in PAGES)
    parser.add_argument("--pages", default="all", help=f"comma-separated, of: {names} (default all)")
    parser.add_argument("--languages", default="ja,en", help="default ja,en")
    parser.add_argument("--sizes", default="desktop,phone", help="default desktop,phone")
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR, help="default docs/screenshots")
    args = parser.parse_args(argv)
    known = {"--pages": [name for name, _path in PAGES], "--languages": ["ja", "en"], "--sizes": list(SIZES)}
    for option, chosen in (("--pages", args.pages), ("--languages", args.languages), ("--sizes", args.sizes)):
        if option == "--pages" and chosen == "all":
            continue
        unknown = [value for value in chosen.split(",") if value not in known[option]]
        if unknown or not chosen:
            parser.error(f"{option}: unknown {', '.join(unknown) or 'empty'} (choose from {', '.join(known[option])})")
    return args


def free_port():
    with socket.create_server((HOST, 0)) as probe:
        return probe.getsockname()[1]


def environment(directory: Path) -> dict:
    """The portal's environment for this run: its own database and media, no Redis, debug on (runserver serves
    the static files), the page cache off, so that every picture shows the page as it is rendered."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "DATABASE_", "GUNICORN_", "INQUIRY_"))
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "yport.settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_PAGE_CACHE": "0",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(directory / "media"),
        "DJANGO_PRIVATE_ROOT": str(directory / "private"),
    }


def manage(env, *arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_until_up(base: str, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if urllib.request.urlopen(f"{base}/healthz", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("The portal did not start (runserver).")


def start_browser():
    from selenium import webdriver

    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        raise SystemExit("chromium and chromedriver are needed: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=ja"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=chromedriver))


def capture(driver, url: str, width: int, height: int, tallest: int, *, phone: bool) -> bytes:
    """The page at ``width`` CSS pixels, as tall as its content up to ``tallest``, as PNG."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.get(url)
    driver.execute_script("return document.fonts.ready")
    full = driver.execute_script("return document.documentElement.scrollHeight")
    metrics["height"] = max(height, min(full, tallest))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
    return base64.b64decode(shot["data"])


def small_png(png: bytes) -> bytes:
    """The picture with a palette of PALETTE_COLOURS colours, compressed as far as PNG goes."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    reduced = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    reduced.save(out, format="PNG", optimize=True)
    return out.getvalue()


def capture_all(driver, base, pages, languages, sizes, output):
    """Write each page in each language and size; yields the size of each file written."""
    for name, path in pages:
        for language in languages:
            for size, (width, height, tallest) in sizes.items():
                url = base + path.format(lang=language)
                png = small_png(capture(driver, url, width, height, tallest, phone=size == "phone"))
                target = output / f"{name}-{language}-{size}.png"
                target.write_bytes(png)
                shown = target.relative_to(BASE_DIR) if target.is_relative_to(BASE_DIR) else target
                print(f"{shown}  {len(png) // 1024} KiB")
                yield len(png)


def main(argv=None):
    args = parse_args(argv)
    pages = [page for page in PAGES if args.pages == "all" or page[0] in args.pages.split(",")]
    languages = args.languages.split(",")
    sizes = {name: SIZES[name] for name in args.sizes.split(",")}
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="yport-screenshots-") as temporary:
        env = environment(Path(temporary))
        for command in (("migrate", "--no-input"), ("createcachetable",), ("load_demo",)):
            manage(env, *command)
        port = free_port()
        base = f"http://{HOST}:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"{HOST}:{port}", "--noreload"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(base, server)
            driver = start_browser()
            try:
                total = sum(capture_all(driver, base, pages, languages, sizes, args.output))
                print(f"{total // 1024} KiB in all")
            finally:
                driver.quit()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
