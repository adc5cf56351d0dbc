import ast
import io
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db.models.signals import post_migrate

from accounts.apps import sync_staff_groups_after_migrate
from accounts.staff_groups import inquiry_handlers, sync_staff_groups
from yport.staff_group_names import CONTENT_EDITORS, EVERY_PERMISSION, INQUIRY_HANDLERS, PUBLISHERS, STAFF_GROUPS

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


# What the inquiry workflow needs: no auth.view_user (the assignee field lists the handlers itself), no adding or
# deleting inquiries, the history and the email records read-only, nothing of the reference number counter; replying
# from the record, keeping the reply templates, and erasing an inquiry's personal data when the company asks.
HANDLER_PERMISSIONS = {
    ("inquiries", "view_inquiry"),
    ("inquiries", "change_inquiry"),
    ("inquiries", "reply_inquiry"),
    ("inquiries", "erase_inquiry"),
    ("inquiries", "view_inquiryevent"),
    ("inquiries", "view_inquiryemail"),
    ("inquiries", "view_inquiryattachment"),
    ("inquiries", "add_replytemplate"),
    ("inquiries", "change_replytemplate"),
    ("inquiries", "delete_replytemplate"),
    ("inquiries", "view_replytemplate"),
}


def permissions_of(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("content_type__app_label", "codename"))


def test_content_editors_hold_every_permission_of_the_content_apps_only():
    content = set(
        Permission.objects.filter(
            content_type__app_label__in=["cities", "projects", "conferences", "sitepages"]
        ).values_list("content_type__app_label", "codename")
    ) - {("sitepages", "delete_sitepage")}
    assert ("cities", "change_keyfigure") in content and ("conferences", "delete_speaker") in content
    assert permissions_of(CONTENT_EDITORS) == content


def test_inquiry_handlers_hold_exactly_what_the_workflow_needs():
    assert permissions_of(INQUIRY_HANDLERS) == HANDLER_PERMISSIONS


def test_staff_groups_exist_after_migrate_without_a_sync():
    # The test database was created by migrate: its post_migrate receiver made the groups.
    assert set(Group.objects.values_list("name", flat=True)) >= set(STAFF_GROUPS)


def test_post_migrate_recreates_the_groups_once_the_last_app_has_its_permissions():
    Group.objects.all().delete()
    first_app = next(config for config in apps.get_app_configs() if config.models_module is not None)

    sync_staff_groups_after_migrate(sender=first_app, using="default", apps=apps)
    assert not Group.objects.exists()  # not before the last app's signal

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert permissions_of(INQUIRY_HANDLERS) == HANDLER_PERMISSIONS
    assert ("cities", "add_city") in permissions_of(CONTENT_EDITORS)


def test_groups_have_one_owner():
    # The accounts app's receiver is the only one; the inquiries app no longer connects its own.
    receivers = [key for key, _receiver, *_ in post_migrate.receivers if "sync_staff_groups" in str(key)]
    assert len(receivers) == 1
    assert "post_migrate" not in (BASE_DIR / "inquiries" / "demo.py").read_text(encoding="utf-8")


def test_data_migrations_import_no_live_code():
    """Only Django and the standard library (which do not change under a migration the way our code does)."""
    for path in sorted(BASE_DIR.glob("*/migrations/0*.py")):
        source = path.read_text(encoding="utf-8")
        if "RunPython" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module]
            else:
                continue
            top_levels = {module.split(".")[0] for module in modules}
            assert top_levels <= {"django", *sys.stdlib_module_names}, (path.name, modules)


def test_sync_takes_away_a_permission_given_by_hand_and_adds_later_models():
    handlers = Group.objects.get(name=INQUIRY_HANDLERS)
    handlers.permissions.add(Permission.objects.get(content_type__app_label="auth", codename="view_user"))
    later = ContentType.objects.create(app_label="conferences", model="addedlater")
    added_later = Permission.objects.create(content_type=later, codename="change_addedlater", name="Can change")

    out = io.StringIO()
    call_command("sync_staff_groups", stdout=out)

    assert out.getvalue() == "Staff groups synced: Content editors, Inquiry handlers, Publishers, Registration staff.\n"

    assert ("auth", "view_user") not in permissions_of(INQUIRY_HANDLERS)
    assert ("conferences", "change_addedlater") in permissions_of(CONTENT_EDITORS)
    assert ("conferences", "change_addedlater") not in permissions_of(INQUIRY_HANDLERS)
    assert Group.objects.get(name=CONTENT_EDITORS).permissions.filter(pk=added_later.pk).exists()


def test_sync_twice_changes_nothing():
    before = {name: permissions_of(name) for name in STAFF_GROUPS}
    sync_staff_groups()
    sync_staff_groups()
    assert {name: permissions_of(name) for name in STAFF_GROUPS} == before
    assert Group.objects.filter(name__in=STAFF_GROUPS).count() == len(STAFF_GROUPS)


def test_inquiry_handlers_are_the_active_staff_members_of_the_group(django_user_model):
    def user(username, group=None, **extra):
        created = django_user_model.objects.create_user(username, **{"is_staff": True, **extra})
        if group:
            created.groups.add(Group.objects.get(name=group))
        return created

    handler = user("handler-b", INQUIRY_HANDLERS)
    other_handler = user("handler-a", INQUIRY_HANDLERS)
    user("handler-left", INQUIRY_HANDLERS, is_active=False)
    user("handler-not-staff", INQUIRY_HANDLERS, is_staff=False)
    user("editor", CONTENT_EDITORS)
    user("admin", is_superuser=True)
    user("nobody")

    assert list(inquiry_handlers()) == [other_handler, handler]


def test_each_app_declares_what_the_groups_get_on_its_app_config(monkeypatch):
    """The groups follow what the installed apps declare; accounts names no app."""
    cities = apps.get_app_config("cities")
    monkeypatch.setattr(cities, "staff_group_permissions", {INQUIRY_HANDLERS: ("view_city",)})
    monkeypatch.setattr(cities, "staff_group_excluded_permissions", ("view_city",), raising=False)
    sync_staff_groups()
    assert ("cities", "view_city") not in permissions_of(INQUIRY_HANDLERS)
    assert not {app_label for app_label, _codename in permissions_of(CONTENT_EDITORS)} & {"cities"}

    monkeypatch.setattr(cities, "staff_group_excluded_permissions", (), raising=False)
    monkeypatch.setattr(cities, "staff_group_permissions", {INQUIRY_HANDLERS: EVERY_PERMISSION})
    sync_staff_groups()
    assert ("cities", "delete_city") in permissions_of(INQUIRY_HANDLERS)
    assert ("cities", "view_city") not in permissions_of(PUBLISHERS)


def test_a_declaration_for_a_group_that_does_not_exist_stops_the_sync(monkeypatch):
    monkeypatch.setattr(apps.get_app_config("cities"), "staff_group_permissions", {"Editors": EVERY_PERMISSION})
    with pytest.raises(ImproperlyConfigured, match="Editors"):
        sync_staff_groups()
