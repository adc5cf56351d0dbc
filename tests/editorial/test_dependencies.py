"""Content takes part in the editorial workflow by what it declares, and yport no longer holds the workflow. (Which
package may import which is checked by the import contracts: tests/yport/test_architecture.py.)"""

from pathlib import Path

import pytest
from django.apps import apps

from editorial.redirects import StaffRedirect, slug_routes
from editorial.slug_history import SlugHistory

ROOT = Path(__file__).resolve().parents[2]
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


def test_yport_holds_no_editorial_module_or_model():
    assert [name for name in EDITORIAL_MODULES if (ROOT / "yport" / f"{name}.py").exists()] == []
    assert {model.__name__ for model in apps.get_app_config("yport").get_models()} == {"OutgoingEmail"}


def test_redirect_participants_are_found_by_what_they_declare():
    declaring = {model._meta.label for model in apps.get_models() if issubclass(model, SlugHistory)}
    assert declaring == {
        "cities.City",
        "projects.Project",
        "conferences.Conference",
        "conferences.Session",
        "conferences.Speaker",
    }
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
        "cities:city_goal",
        "projects:project_detail",
    }
    assert [argument for argument, _rows in slug_routes()["conferences:session_detail"]] == ["conference_slug", "slug"]


@pytest.mark.django_db
def test_publish_permission_belongs_to_editorial():
    from django.contrib.auth.models import Permission

    assert Permission.objects.filter(codename="publish_content").values_list("content_type__app_label").get() == (
        "editorial",
    )
