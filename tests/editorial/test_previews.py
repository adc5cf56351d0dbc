"""Shareable preview links (editorial.previews): an unpublished conference or city for someone without an account."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from editorial.models import PreviewLink
from editorial.previews import create_preview_link, preview_object, preview_url, revoke_preview_link
from pagecache.generation import Page, local_pages
from tests.conftest import assert_page_shell
from tests.factories import AppearanceFactory, CityFactory, ConferenceFactory, KeyFigureFactory, SessionFactory
from tests.helpers import admin_url
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS

pytestmark = pytest.mark.django_db

BANNER = {"ja": "プレビュー — 未公開", "en": "Preview — not published"}


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw-long-enough-123", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


def draft_conference(**kwargs):
    return ConferenceFactory(publication_state=PublicationState.DRAFT, title_ja="下書き会議", title_en="Draft meeting")


def assert_private(response):
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_preview_link_shows_a_draft_conference_without_an_account(client, editor, language):
    conference = draft_conference()
    link, token = create_preview_link(obj=conference, user=editor, language=language)
    response = client.get(preview_url(token, language))
    assert response.status_code == 200
    assert response.context["conference"] == conference
    html = response.content.decode()
    assert BANNER[language] in html
    assert {"ja": "下書き会議", "en": "Draft meeting"}[language] in html
    assert_private(response)
    assert_page_shell(response, language)
    # The language switcher stays inside the preview.
    other = "en" if language == "ja" else "ja"
    assert f'href="/{other}/preview/{token}/"' in html
    assert link.created_by == editor
    assert link.expires_at - link.created_at == pytest.approx(datetime.timedelta(days=7), abs=datetime.timedelta(1))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_preview_link_shows_a_draft_city_without_an_account(client, editor, language):
    city = CityFactory(publication_state=PublicationState.DRAFT, name_ja="ダナン", name_en="Da Nang")
    _link, token = create_preview_link(obj=city, user=editor, language="ja")
    response = client.get(preview_url(token, language))
    assert response.status_code == 200
    assert response.context["city"] == city
    assert BANNER[language] in response.content.decode()
    assert {"ja": "ダナン", "en": "Da Nang"}[language] in response.content.decode()
    assert "draft-notice" not in response.content.decode()  # the staff notice; a link has its own banner
    assert_private(response)
    assert client.get(city.get_absolute_url()).status_code == 404


def test_preview_link_lasts_preview_link_days(settings, editor):
    settings.PREVIEW_LINK_DAYS = 2
    before = timezone.now()
    link, _token = create_preview_link(obj=draft_conference(), user=editor, language="ja")
    assert before + datetime.timedelta(days=2) <= link.expires_at <= timezone.now() + datetime.timedelta(days=2)


def test_expired_preview_link_is_a_404(client, editor):
    link, token = create_preview_link(obj=draft_conference(), user=editor, language="ja")
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(preview_url(token, "ja"))
    assert response.status_code == 404
    assert "下書き会議" not in response.content.decode()


def test_revoked_preview_link_is_a_404(client, editor):
    link, token = create_preview_link(obj=draft_conference(), user=editor, language="ja")
    assert client.get(preview_url(token, "ja")).status_code == 200
    revoke_preview_link(link=link)
    assert client.get(preview_url(token, "ja")).status_code == 404


def test_preview_of_a_deleted_object_is_a_404(client, editor):
    conference = draft_conference()
    _link, token = create_preview_link(obj=conference, user=editor, language="ja")
    conference.delete()
    assert client.get(preview_url(token, "ja")).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 43, "a" * 500, "..%2F..%2Fadmin", "%00", "%E4%BC%9A", "tampered"],
)
def test_unknown_or_tampered_preview_token_is_a_404(client, editor, token):
    _link, real = create_preview_link(obj=draft_conference(), user=editor, language="ja")
    if token == "tampered":
        token = real[:-1] + ("A" if real[-1] != "A" else "B")
    response = client.get(f"/ja/preview/{token}/")
    assert response.status_code == 404


def test_preview_of_a_published_conference_also_works(client, editor):
    conference = ConferenceFactory()
    _link, token = create_preview_link(obj=conference, user=editor, language="en")
    assert client.get(preview_url(token, "en")).status_code == 200


def test_preview_object_is_the_current_row(editor):
    conference = draft_conference()
    link, _token = create_preview_link(obj=conference, user=editor, language="ja")
    conference.title_ja = "改題"
    conference.save()
    assert preview_object(link).title_ja == "改題"


@pytest.mark.parametrize("rows", [1, 30])
def test_preview_query_count_does_not_grow_with_rows(client, editor, django_assert_max_num_queries, rows):
    conference = draft_conference()
    for _ in range(rows):
        AppearanceFactory(session=SessionFactory(conference=conference))
    _link, token = create_preview_link(obj=conference, user=editor, language="ja")
    url = preview_url(token, "ja")
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["conference"].sessions.all()) == rows


@pytest.mark.django_db(transaction=True)
def test_preview_is_never_cached_for_the_public(settings, django_user_model):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    editor = django_user_model.objects.create_user("e", "e@example.com", "pw-long-enough-123", is_staff=True)
    conference = draft_conference()
    link, token = create_preview_link(obj=conference, user=editor, language="ja")
    url = preview_url(token, "ja")
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    assert not any(isinstance(page, Page) for page in local_pages.pages.values())
    # The public address of the draft still answers 404, however the preview was cached.
    assert Client().get(conference.get_absolute_url()).status_code == 404
    revoke_preview_link(link=link)
    assert Client().get(url).status_code == 404
    caches["template_fragments"].clear()


# --- the admin ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [draft_conference, lambda: CityFactory(publication_state=PublicationState.DRAFT)])
def test_admin_makes_lists_and_revokes_preview_links(client, editor, factory):
    obj = factory()
    client.force_login(editor)
    response = client.post(admin_url(obj, "preview_link_create"), {"preview_language": "en"}, follow=True)
    assert response.status_code == 200
    link = PreviewLink.objects.get()
    assert (link.content_object, link.created_by, link.language) == (obj, editor, "en")
    message = str(next(iter(response.context["messages"])))
    assert "http://testserver/en/preview/" in message
    token = message.split("http://testserver/en/preview/")[1].split("/")[0]
    assert Client().get(f"/en/preview/{token}/").status_code == 200

    page = client.get(admin_url(obj, "change"))
    assert page.context["preview_links"] == [link]
    assert admin_url(obj, "preview_link_revoke", link.pk) in page.content.decode()

    response = client.post(admin_url(obj, "preview_link_revoke", link.pk))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(f"/en/preview/{token}/").status_code == 404


def test_admin_preview_link_language_falls_back_to_japanese(client, editor):
    client.force_login(editor)
    conference = draft_conference()
    client.post(admin_url(conference, "preview_link_create"), {"preview_language": "xx"})
    assert PreviewLink.objects.get().language == "ja"


def test_admin_preview_links_need_post_and_the_change_permission(client, django_user_model):
    conference = draft_conference()
    viewer = django_user_model.objects.create_user("viewer", "v@example.com", "pw-long-enough-123", is_staff=True)
    client.force_login(viewer)
    assert client.post(admin_url(conference, "preview_link_create")).status_code == 403
    assert client.get(admin_url(conference, "preview_link_create")).status_code in (403, 405)
    assert PreviewLink.objects.count() == 0


def test_admin_cannot_revoke_another_objects_link(client, editor):
    client.force_login(editor)
    first, second = draft_conference(), draft_conference()
    link, _token = create_preview_link(obj=first, user=editor, language="ja")
    assert client.post(admin_url(second, "preview_link_revoke", link.pk)).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


@pytest.mark.parametrize("rows", [1, 30])
def test_city_preview_query_count_does_not_grow_with_rows(client, editor, django_assert_max_num_queries, rows):
    city = CityFactory(publication_state=PublicationState.DRAFT)
    for year in range(rows):
        KeyFigureFactory(city=city, reference_year=2000 + year)
        SessionFactory().cities.add(city)
    _link, token = create_preview_link(obj=city, user=editor, language="en")
    url = preview_url(token, "en")
    with django_assert_max_num_queries(9):  # the link 1, the city's profile as on its public page 8
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["city"].key_figures.all()) == rows
