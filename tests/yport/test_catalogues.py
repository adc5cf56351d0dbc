import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from yport.languages import language_codes

PROJECT_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PROJECT_DIR.glob("locale/*/LC_MESSAGES/django.po"))


def test_catalogues_exist_for_every_language():
    assert [po.parts[-3] for po in CATALOGUES] == sorted(language_codes())


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_compiled_catalogue_matches_its_source(po_path):
    """The committed .mo must be compiled from the committed .po (run `make messages`)."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing"
    with mo_path.open("rb") as mo_file:
        compiled = {key: value for key, value in gettext.GNUTranslations(mo_file)._catalog.items() if key != ""}
    source = {}
    for entry in polib.pofile(str(po_path)).translated_entries():
        key = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                source[(key, int(index))] = text
        else:
            source[key] = entry.msgstr
    assert compiled == source


def test_japanese_catalogue_translates_every_string():
    catalogue = polib.pofile(str(PROJECT_DIR / "locale/ja/LC_MESSAGES/django.po"))
    missing = [entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete]
    assert missing == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_holds_every_ui_string(tmp_path):
    """makemessages on a copy of the project finds no string that the committed catalogue lacks."""
    copy = tmp_path / "project"
    shutil.copytree(
        PROJECT_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "media", "staticfiles", "*.sqlite3", "__pycache__", ".*cache"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ja", "--no-obsolete", "--ignore", ".venv/*"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
    )
    committed = {entry.msgid for entry in polib.pofile(str(PROJECT_DIR / "locale/ja/LC_MESSAGES/django.po"))}
    extracted = {entry.msgid for entry in polib.pofile(str(copy / "locale/ja/LC_MESSAGES/django.po"))}
    assert extracted - committed == set(), "run `make messages` and translate the new strings"
