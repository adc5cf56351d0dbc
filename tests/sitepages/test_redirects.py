"""The redirects that staff keep for former pages (sitepages.Redirect, answered by editorial.redirects): a 301 to this
site only, never over an existing page; content editors manage them."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from sitepages.models import Redirect
from tests.factories import CityFactory, RedirectFactory
from yport.staff_group_names import CONTENT_EDITORS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/\x00/", "/partner/%00.html", "/" + "a" * 400, "/en/cities/%E3%83%80/"])
def test_odd_paths_stay_a_404(client, path):
    RedirectFactory(old_path="/partner/a.html")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/partner/danang.html", "/ja/old-page/", "/en/cities/former/"])
def test_staff_redirect_answers_its_old_path(client, path):
    RedirectFactory(old_path=path, new_path="/ja/cities/")
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (301, "/ja/cities/")


def test_staff_redirect_does_not_override_an_existing_page(client):
    CityFactory(slug="da-nang")
    RedirectFactory(old_path="/en/cities/da-nang/", new_path="/en/")
    assert client.get("/en/cities/da-nang/").status_code == 200


@pytest.mark.parametrize(
    "new_path",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "evil.example",
        "javascript:alert(1)",
        "/ja/\nLocation: https://evil.example/",
        "",
    ],
)
def test_redirect_to_another_host_is_refused(admin_client, new_path):
    with translation.override("en"):
        url = reverse("admin:sitepages_redirect_add")
    response = admin_client.post(url, {"old_path": "/old/", "new_path": new_path})
    assert response.status_code == 200
    assert "new_path" in response.context["adminform"].form.errors
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("new_path", ["//evil.example/", "https://evil.example/", "/\\evil.example/"])
def test_database_refuses_a_redirect_to_another_host(new_path):
    with pytest.raises(IntegrityError), transaction.atomic():
        Redirect.objects.create(old_path="/old/", new_path=new_path)


def test_redirect_to_itself_is_refused():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        Redirect(old_path="/old/", new_path="/old/").full_clean()
    with translation.override("en"):
        assert error.value.message_dict == {"new_path": ["The new address must differ from the old one."]}


def test_content_editor_manages_redirects(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.com", "pw-long-enough-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    client.force_login(editor)
    with translation.override("en"):
        url = reverse("admin:sitepages_redirect_add")
    response = client.post(url, {"old_path": "/partner/danang.html", "new_path": "/en/cities/da-nang/"})
    assert response.status_code == 302
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/partner/danang.html", "/en/cities/da-nang/")
    ]


def test_staff_member_in_no_group_cannot_see_redirects(client, django_user_model):
    RedirectFactory()
    user = django_user_model.objects.create_user("nobody", "nobody@example.com", "pw-long-enough-123", is_staff=True)
    client.force_login(user)
    with translation.override("en"):
        for name in ("sitepages_redirect_changelist", "sitepages_redirect_add"):
            assert client.get(reverse(f"admin:{name}")).status_code == 403
