"""Moving OldSlug, ApprovalRequest, PreviewLink and StaleTranslation from ``yport`` to ``editorial`` keeps every row
and every permission: a database made with the former layout, migrated, holds the same rows, the groups hold the same
permissions (now under ``editorial``, with no second set of content types or permissions), an old slug still
redirects and a preview link still opens."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from editorial.models import ApprovalRequest, OldSlug, PreviewLink, StaleTranslation
from editorial.previews import hash_token, preview_url
from tests.factories import CityFactory, ConferenceFactory
from yport.publishing import PublicationState

# The last migrations before the move: yport still holds the four models, editorial has none.
BEFORE = [("yport", "0004_mail_outbox"), ("editorial", None)]
MOVED = ("oldslug", "approvalrequest", "previewlink", "staletranslation")
TOKEN = "a-preview-token-made-before-the-move"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


@pytest.fixture
def latest_schema_afterwards():
    """Migrates the test database forward to the latest migrations again afterwards: the tests that run later (in
    the same database) need every table."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def make_rows_of_the_former_layout(apps, *, conference, city):
    """One row in each of the four tables and a group holding every permission on them, as yport's models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Revision = apps.get_model("reversion", "Revision")
    conference_type = ContentType.objects.get(app_label="conferences", model="conference")
    city_type = ContentType.objects.get(app_label="cities", model="city")

    old_slug = apps.get_model("yport", "OldSlug").objects.create(
        content_type=conference_type, object_id=conference.pk, scope=0, slug="former-conference"
    )
    revision = Revision.objects.create(date_created=timezone.now(), comment="proposed")
    approval = apps.get_model("yport", "ApprovalRequest").objects.create(
        content_type=city_type, object_id=city.pk, object_repr=str(city), revision=revision, comment="please"
    )
    preview = apps.get_model("yport", "PreviewLink").objects.create(
        token_hash=hash_token(TOKEN),
        content_type=city_type,
        object_id=city.pk,
        language="en",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    stale = apps.get_model("yport", "StaleTranslation").objects.create(
        content_type=city_type, object_id=city.pk, field_name="summary_en"
    )
    group = Group.objects.create(name="Former editorial staff")
    permissions = Permission.objects.filter(content_type__app_label="yport", content_type__model__in=MOVED)
    group.permissions.set(permissions)
    rows = {
        "oldslug": old_slug.pk,
        "approvalrequest": approval.pk,
        "previewlink": preview.pk,
        "staletranslation": stale.pk,
    }
    return rows, set(permissions.values_list("codename", flat=True))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_afterwards")
def test_moving_the_editorial_models_keeps_rows_permissions_redirects_and_previews(client):
    conference = ConferenceFactory(slug="current-conference", publication_state=PublicationState.PUBLISHED)
    city = CityFactory(publication_state=PublicationState.DRAFT)
    apps = migrate(BEFORE)
    former_types = apps.get_model("contenttypes", "ContentType").objects.filter(app_label="yport", model__in=MOVED)
    assert former_types.count() == len(MOVED)
    rows, codenames = make_rows_of_the_former_layout(apps, conference=conference, city=city)
    assert {"publish_content", "add_oldslug", "view_previewlink", "change_staletranslation"} <= codenames
    permission_count = Permission.objects.count()
    content_type_count = ContentType.objects.count()

    call_command("migrate", interactive=False, verbosity=0)  # as a deployment runs it, post_migrate included
    ContentType.objects.clear_cache()

    assert OldSlug.objects.get(pk=rows["oldslug"]).slug == "former-conference"
    assert ApprovalRequest.objects.get(pk=rows["approvalrequest"]).comment == "please"
    assert PreviewLink.objects.get(pk=rows["previewlink"]).object_id == city.pk
    assert StaleTranslation.objects.get(pk=rows["staletranslation"]).field_name == "summary_en"
    assert not ContentType.objects.filter(app_label="yport", model__in=MOVED).exists()
    assert ContentType.objects.filter(app_label="editorial", model__in=MOVED).count() == len(MOVED)
    assert ContentType.objects.count() == content_type_count
    assert Permission.objects.count() == permission_count
    group = Group.objects.get(name="Former editorial staff")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("editorial", codename) for codename in codenames
    }
    member = get_user_model().objects.create_user("former-publisher", is_staff=True)
    member.groups.add(group)
    assert get_user_model().objects.get(pk=member.pk).has_perm("editorial.publish_content")

    with translation.override("en"):
        old_address = reverse("conferences:conference_detail", kwargs={"slug": "former-conference"})
        new_address = reverse("conferences:conference_detail", kwargs={"slug": "current-conference"})
    response = client.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == new_address
    response = client.get(preview_url(TOKEN, "en"))
    assert response.status_code == 200
    assert city.name_en in response.content.decode()
