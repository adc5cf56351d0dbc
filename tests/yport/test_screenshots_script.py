"""scripts/screenshots.py (make screenshots): its wiring, its pages and its output. Chromium never runs here."""

import importlib.util
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = BASE_DIR / "scripts" / "screenshots.py"
spec = importlib.util.spec_from_file_location("screenshots_script", SCRIPT)
screenshots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(screenshots)


def test_make_screenshots_installs_chromium_and_japanese_fonts_when_missing_and_runs_the_script():
    makefile = (BASE_DIR / "Makefile").read_text()
    target = makefile.split("\nscreenshots:", 1)[1].split("\n\n", 1)[0]
    assert "command -v chromium" in target and 'fc-list | grep -q "Noto Sans CJK"' in target
    assert "apt-get install -y chromium chromium-driver fonts-noto-cjk" in target
    assert "$(PY) scripts/screenshots.py $(SCREENSHOTS_ARGS)" in target
    assert re.search(r"^\.PHONY:.* screenshots\b", makefile, re.MULTILINE)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_the_script_captures_exists_in_the_demo_content(client, language):
    call_command("load_demo", stdout=io.StringIO())
    for name, path in screenshots.PAGES:
        response = client.get(path.format(lang=language))
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in response.content.decode(), name


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--pages", "home,nowhere"], "--pages: unknown nowhere"),
        (["--languages", "all"], "--languages: unknown all"),
        (["--sizes", "tablet"], "--sizes: unknown tablet"),
    ],
)
def test_script_refuses_unknown_choices(capsys, arguments, message):
    with pytest.raises(SystemExit):
        screenshots.parse_args(arguments)
    assert message in capsys.readouterr().err


def test_script_runs_the_portal_on_its_own_temporary_database(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yport")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    env = screenshots.environment(tmp_path)
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert "REDIS_URL" not in env
    assert env["DJANGO_MEDIA_ROOT"] == str(tmp_path / "media")
    assert env["DJANGO_PRIVATE_ROOT"] == str(tmp_path / "private")
    assert (env["DJANGO_DEBUG"], env["DJANGO_PAGE_CACHE"], env["DJANGO_ALLOWED_HOSTS"]) == ("1", "0", "127.0.0.1")


def test_small_png_keeps_the_size_and_uses_a_palette():
    picture = Image.radial_gradient("L").convert("RGB").resize((390, 600))
    raw = io.BytesIO()
    picture.save(raw, format="PNG")
    with Image.open(io.BytesIO(screenshots.small_png(raw.getvalue()))) as small:
        assert (small.format, small.mode, small.size) == ("PNG", "P", (390, 600))


def test_committed_screenshots_cover_every_page_language_and_size_and_stay_small():
    folder = BASE_DIR / "docs" / "screenshots"
    expected = {
        f"{name}-{language}-{size}.png"
        for name, _path in screenshots.PAGES
        for language in ("ja", "en")
        for size in screenshots.SIZES
    }
    assert {path.name for path in folder.glob("*.png")} == expected
    assert sum(path.stat().st_size for path in folder.glob("*.png")) < 3 * 1024 * 1024
    for name in expected:
        with Image.open(folder / name) as picture:
            width = picture.size[0]
        assert width == (1280 if name.endswith("-desktop.png") else 390), name


def test_readme_shows_screenshots_that_exist_with_alt_text():
    readme = (BASE_DIR / "README.md").read_text()
    images = re.findall(r'<img src="(docs/screenshots/[^"]+)" width="\d+" alt="([^"]+)">', readme)
    assert [source for source, _alt in images] == [
        "docs/screenshots/home-ja-desktop.png",
        "docs/screenshots/city-ja-desktop.png",
        "docs/screenshots/inquiry-en-phone.png",
        "docs/screenshots/inquiry-ja-phone.png",
    ]
    for source, alt in images:
        assert (BASE_DIR / source).is_file()
        assert len(alt) > 80, source
