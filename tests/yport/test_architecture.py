"""The import contracts of .importlinter (docs/architecture.md) hold, and they catch a kernel module that imports an
app: `make lint` and CI run the same check."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "yport",
    "accounts",
    "editorial",
    "pagecache",
    "cities",
    "projects",
    "conferences",
    "sitepages",
    "inquiries",
    "registrations",
)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(directory):
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(directory / ".importlinter"), "--no-cache"],
        cwd=directory,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(directory)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 8 kept, 0 broken." in result.stdout


def test_import_contracts_fail_when_a_kernel_module_imports_an_app(tmp_path):
    shutil.copy(ROOT / ".importlinter", tmp_path)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    publishing = tmp_path / "yport" / "publishing.py"
    publishing.write_text(publishing.read_text() + "\nfrom conferences.models import Conference  # noqa\n")

    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "The kernel (yport, less the site's wiring) imports no app BROKEN" in result.stdout
    assert "yport.publishing -> conferences.models" in result.stdout


def test_import_contracts_fail_when_a_content_app_or_inquiries_imports_registrations(tmp_path):
    shutil.copy(ROOT / ".importlinter", tmp_path)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    for module in ("conferences/calendars.py", "inquiries/kana_readings.py"):
        path = tmp_path / module
        path.write_text(
            (path.read_text() if path.exists() else "") + "\nfrom registrations.models import Registration  # noqa\n"
        )

    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "No content app imports inquiries or registrations (personal data stays in one place) BROKEN" in " ".join(
        result.stdout.split()
    )
    assert "inquiries and registrations keep their personal data apart BROKEN" in result.stdout
