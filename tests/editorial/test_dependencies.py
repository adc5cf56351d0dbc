"""The editorial workflow uses only the kernel and libraries: it imports no content app, no inquiry code and none of
the site's modules (settings, urls, views, the admin site); content takes part by what it declares. And yport no
longer holds the editorial workflow."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from editorial.redirects import StaffRedirect, slug_routes
from editorial.slug_history import SlugHistory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cities", "conferences", "sitepages", "inquiries")
SITE_MODULES = ("yport.settings", "yport.urls", "yport.api_urls", "yport.views", "yport.sites", "yport.search")
EDITORIAL_MODULES = (
    "approvals",
    "approval_admin",
    "approval_notices",
    "previews",
    "revision_compare",
    "stale_translations",
    "slug_history",
    "redirects",
)


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_editorial_imports_only_the_kernel_and_libraries():
    offending = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "editorial").rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in APPS or module in SITE_MODULES
    }
    assert offending == set()


def test_yport_holds_no_editorial_module_or_model():
    assert [name for name in EDITORIAL_MODULES if (ROOT / "yport" / f"{name}.py").exists()] == []
    assert {model.__name__ for model in apps.get_app_config("yport").get_models()} == {"OutgoingEmail"}


def test_redirect_participants_are_found_by_what_they_declare():
    declaring = {model._meta.label for model in apps.get_models() if issubclass(model, SlugHistory)}
    assert declaring == {"cities.City", "conferences.Conference", "conferences.Session", "conferences.Speaker"}
    assert [model._meta.label for model in apps.get_models() if issubclass(model, StaffRedirect)] == [
        "sitepages.Redirect"
    ]
    assert set(slug_routes()) == {
        "conferences:conference_detail",
        "conferences:conference_calendar",
        "conferences:session_detail",
        "conferences:session_calendar",
        "conferences:speaker_detail",
        "cities:city_detail",
        "cities:city_data_csv",
        "cities:city_data_json",
    }
    assert [argument for argument, _rows in slug_routes()["conferences:session_detail"]] == ["conference_slug", "slug"]


@pytest.mark.django_db
def test_publish_permission_belongs_to_editorial():
    from django.contrib.auth.models import Permission

    assert Permission.objects.filter(codename="publish_content").values_list("content_type__app_label").get() == (
        "editorial",
    )
