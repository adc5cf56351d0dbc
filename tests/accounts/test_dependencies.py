"""accounts uses only the kernel and libraries: no content app, no inquiries, none of the site's wiring."""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
APPS = {"cities", "conferences", "sitepages", "inquiries", "editorial", "pagecache"}
SITE_MODULES = {"yport.settings", "yport.urls", "yport.api_urls", "yport.apps", "yport.sites", "yport.views"}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_accounts_imports_only_the_kernel_and_libraries():
    paths = sorted((BASE_DIR / "accounts").rglob("*.py"))
    assert paths
    for path in paths:
        for module in imported_modules(path):
            assert module.split(".")[0] not in APPS, (path.relative_to(BASE_DIR), module)
            assert not any(module == site or module.startswith(site + ".") for site in SITE_MODULES), (
                path.relative_to(BASE_DIR),
                module,
            )
