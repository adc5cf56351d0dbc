"""pagecache uses only the kernel and libraries: never a content app, inquiries or the site's wiring."""

import ast
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
FIRST_PARTY = {path.parent.name for path in PROJECT_DIR.glob("*/apps.py")}
# The site's modules (settings, urls, views, app wiring): they import the apps, so an app never imports them.
SITE_MODULES = {
    "yport.settings",
    "yport.urls",
    "yport.api_urls",
    "yport.views",
    "yport.apps",
    "yport.wsgi",
    "yport.asgi",
    "yport.management",
}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_pagecache_imports_only_the_kernel_and_libraries():
    assert {"pagecache", "yport", "conferences", "cities", "inquiries"} <= FIRST_PARTY
    wrong = sorted(
        f"{path.relative_to(PROJECT_DIR)}: {module}"
        for path in (PROJECT_DIR / "pagecache").rglob("*.py")
        for module in imported_modules(path)
        if (module.split(".")[0] in FIRST_PARTY and module.split(".")[0] not in ("pagecache", "yport"))
        or any(module == site or module.startswith(site + ".") for site in SITE_MODULES)
    )
    assert wrong == []
