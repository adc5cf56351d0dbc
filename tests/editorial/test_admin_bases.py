"""Every content admin builds on one composed editorial base, and the hooks that several capabilities take part in
are written once, in the base: no capability overrides them, so no order of bases matters."""

import pytest
from django.contrib import admin

from editorial.admin import EditorialAdmin, EditorialItemAdmin, EditorialModelAdmin, EditorialPartAdmin

SHARED_HOOKS = (
    "save_model",
    "save_formset",
    "get_urls",
    "change_view",
    "delete_queryset",
    "_reversion_revisionform_view",
)
BASES = {
    "cities.City": EditorialAdmin,
    "conferences.Conference": EditorialAdmin,
    "projects.Project": EditorialAdmin,
    "cities.KeyFigure": EditorialPartAdmin,
    "cities.SDGEvaluation": EditorialPartAdmin,
    "cities.SDGIndicator": EditorialPartAdmin,
    "conferences.Session": EditorialPartAdmin,
    "cities.FieldOfCooperation": EditorialItemAdmin,
    "cities.SDGGoal": EditorialItemAdmin,
    "cities.OpenDataLicence": EditorialItemAdmin,
    "projects.FinancingScheme": EditorialItemAdmin,
    "conferences.Speaker": EditorialItemAdmin,
    "sitepages.SitePage": EditorialItemAdmin,
}


def editorial_admins():
    return {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, EditorialModelAdmin)
    }


def test_each_content_admin_builds_on_the_base_of_its_capability_set():
    admins = editorial_admins()
    assert set(admins) == set(BASES)
    for label, model_admin in admins.items():
        assert type(model_admin).__bases__[0] is BASES[label], label


@pytest.mark.parametrize("hook", SHARED_HOOKS)
def test_shared_hooks_are_written_once_in_the_base(hook):
    for label, model_admin in editorial_admins().items():
        ours = [
            cls
            for cls in type(model_admin).__mro__[1:]
            if hook in vars(cls) and cls.__module__.split(".")[0] in ("editorial", "yport")
        ]
        assert ours == [EditorialModelAdmin], (label, ours)
