"""The site pages in both languages: their text rendered safely, linked from every page's footer, in the sitemap,
shown at once after an edit even with the page cache on; the privacy notice's version follows its revisions."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from inquiries.models import Inquiry
from pagecache.generation import local_pages
from sitepages.models import SitePage, SitePageSlug
from sitepages.templatetags.sitepages import page_body
from tests.admin_forms import admin_change_data
from tests.conftest import assert_page_shell
from tests.factories import SitePageFactory
from tests.helpers import admin_url
from tests.inquiries.utils import form_data
from yport.staff_group_names import CONTENT_EDITORS, PUBLISHERS

pytestmark = pytest.mark.django_db

PAGES = {
    SitePageSlug.ABOUT: "about/",
    SitePageSlug.ACCESSIBILITY: "accessibility/",
    SitePageSlug.PRIVACY: "privacy/",
    SitePageSlug.TERMS: "terms/",
}


def edit_page(client, page, **changes):
    url = admin_url("sitepages_sitepage_change", page.pk)
    response = client.post(url, admin_change_data(client, url, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    page.refresh_from_db()


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.com", "pw-long-enough-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(django_user_model):
    """Edits go live at once for a publisher (an editor's are proposals: tests/editorial/test_approval_routes.py)."""
    publisher = django_user_model.objects.create_user(
        "publisher", "publisher@example.com", "pw-long-enough-123", is_staff=True
    )
    publisher.groups.set(Group.objects.filter(name__in=(CONTENT_EDITORS, PUBLISHERS)))
    client = Client()
    client.force_login(publisher)
    return client


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", list(PAGES))
def test_site_page_shows_its_text_in_each_language(client, slug, language):
    SitePageFactory(
        slug=slug, title_ja="日本語の題", title_en="English title", body_ja="本文です。", body_en="The text."
    )
    response = client.get(f"/{language}/{PAGES[slug]}")
    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    title, body = {"ja": ("日本語の題", "本文です。"), "en": ("English title", "The text.")}[language]
    assert f"<h1>{title}</h1>" in html
    assert f"<p>{body}</p>" in html


def test_site_page_without_english_shows_the_japanese(client):
    SitePageFactory(slug=SitePageSlug.TERMS, title_ja="ご利用について", title_en="", body_ja="本文です。", body_en="")
    html = client.get("/en/terms/").content.decode()
    assert "<h1>ご利用について</h1>" in html
    assert "<p>本文です。</p>" in html


@pytest.mark.parametrize("path", ["/ja/about/", "/en/accessibility/", "/en/terms/"])
def test_site_page_not_written_yet_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_privacy_notice_without_a_page_shows_the_notice_that_ships_with_the_code(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    html = client.get("/en/privacy/").content.decode()
    assert "Version 2026-11" in html
    assert "<h2>What we store</h2>" in html


def test_privacy_notice_page_shows_its_version(client):
    page = SitePageFactory(slug=SitePageSlug.PRIVACY)
    html = client.get("/en/privacy/").content.decode()
    assert f"Version {page.version}" in html


def test_accessibility_policy_includes_the_check_results(client):
    SitePageFactory(slug=SitePageSlug.ACCESSIBILITY)
    response = client.get("/en/accessibility/")
    assert "includes/accessibility_results.html" in [template.name for template in response.templates]
    SitePageFactory(slug=SitePageSlug.ABOUT)
    response = client.get("/en/about/")
    assert "includes/accessibility_results.html" not in [template.name for template in response.templates]


FOOTER_LINKS = {
    "ja": ("Y-PORT について", "アクセシビリティ方針", "個人情報の取り扱い", "ご利用について"),
    "en": ("About Y-PORT", "Accessibility policy", "Privacy notice", "Terms of use"),
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_footer_links_every_site_page(client, language):
    html = client.get(f"/{language}/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for path, text in zip(PAGES.values(), FOOTER_LINKS[language], strict=True):
        assert f'<a href="/{language}/{path}">{text}</a>' in footer


@pytest.mark.parametrize("slug", list(PAGES))
def test_site_page_query_count_is_one_with_one_and_with_every_page(client, django_assert_num_queries, slug):
    SitePageFactory(slug=slug)
    with django_assert_num_queries(1):
        assert client.get(f"/en/{PAGES[slug]}").status_code == 200
    for other in PAGES:
        SitePageFactory(slug=other)
    with django_assert_num_queries(1):
        assert client.get(f"/en/{PAGES[slug]}").status_code == 200


@pytest.mark.parametrize("slug", list(PAGES))
def test_site_page_costs_no_query_until_it_changes_and_shows_an_edit_at_once(client, django_assert_num_queries, slug):
    """The page is kept beside its rendered text (pagecache.fragments.FragmentDetailMixin), per content change."""
    page = SitePageFactory(slug=slug, body_en="The first text.")
    assert client.get(f"/en/{PAGES[slug]}").status_code == 200
    with django_assert_num_queries(0):
        response = client.get(f"/en/{PAGES[slug]}")
    assert "The first text." in response.content.decode()
    page.body_en = "The second text."
    page.save()
    with django_assert_num_queries(1):
        html = client.get(f"/en/{PAGES[slug]}").content.decode()
    assert "The second text." in html and "The first text." not in html


# --- The text's markup ---


def test_body_escapes_html_typed_in_the_text():
    html = page_body('<script>alert("x")</script>\n\n## <b>Title</b>\n<img src=x onerror=alert(1)>')
    assert html == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n"
        "<h2>&lt;b&gt;Title&lt;/b&gt;</h2>\n"
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
    )


def test_body_makes_paragraphs_headings_line_breaks_and_links():
    html = page_body("## Contact\r\nCity Hall\r\nki-yport@city.yokohama.jp\r\n\r\n\r\nhttps://example.org/a?b=1&c=2")
    assert html == (
        "<h2>Contact</h2>\n"
        '<p>City Hall<br><a href="mailto:ki-yport@city.yokohama.jp">ki-yport@city.yokohama.jp</a></p>\n'
        '<p><a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a></p>'
    )


def test_body_refuses_javascript_links():
    assert page_body("javascript:alert(1)") == "<p>javascript:alert(1)</p>"


def test_body_of_the_page_is_escaped_in_the_response(client):
    SitePageFactory(slug=SitePageSlug.ABOUT, body_en="<script>alert(1)</script>")
    html = client.get("/en/about/").content.decode()
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<script>alert(1)" not in html


# --- Editing ---


@pytest.mark.django_db(transaction=True)  # the new content generation is published when the edit commits
def test_site_page_edit_shows_at_once_with_the_page_cache_on(publisher_client, settings):
    settings.PAGE_CACHE = True
    page = SitePageFactory(slug=SitePageSlug.ABOUT, body_en="Before.")
    visitor = Client()
    first = visitor.get("/en/about/")
    assert "<p>Before.</p>" in first.content.decode()
    assert local_pages.pages  # the page was stored
    edit_page(publisher_client, page, body_en="After.")
    assert "<p>After.</p>" in visitor.get("/en/about/").content.decode()


def test_publisher_edit_counts_a_revision_and_keeps_history(publisher_client):
    page = SitePageFactory(slug=SitePageSlug.TERMS)
    edit_page(publisher_client, page, body_ja="新しい本文。")
    assert (page.revision, page.body_ja) == (2, "新しい本文。")
    assert Version.objects.get_for_object(page).count() == 1
    edit_page(publisher_client, page)  # saved unchanged
    assert page.revision == 2
    assert Version.objects.get_for_object(page).count() == 2


def test_editor_cannot_delete_a_site_page_or_change_its_address(editor_client):
    page = SitePageFactory(slug=SitePageSlug.PRIVACY)
    assert editor_client.get(admin_url("sitepages_sitepage_delete", page.pk)).status_code == 403
    response = editor_client.get(admin_url("sitepages_sitepage_change", page.pk))
    assert "slug" not in response.context["adminform"].form.fields


def test_site_page_admin_pages_load(admin_client):
    page = SitePageFactory()
    for url in (
        admin_url("sitepages_sitepage_changelist"),
        admin_url("sitepages_sitepage_changelist") + "?english=missing",
        admin_url("sitepages_sitepage_add"),
        admin_url("sitepages_sitepage_change", page.pk),
        admin_url("sitepages_sitepage_history", page.pk),
        admin_url("sitepages_redirect_changelist"),
        admin_url("sitepages_redirect_add"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_staff_member_in_no_group_cannot_see_site_pages(client, django_user_model):
    page = SitePageFactory()
    user = django_user_model.objects.create_user("nobody", "nobody@example.com", "pw-long-enough-123", is_staff=True)
    client.force_login(user)
    for url in (admin_url("sitepages_sitepage_changelist"), admin_url("sitepages_sitepage_change", page.pk)):
        assert client.get(url).status_code == 403


# --- The privacy notice's version ---


def test_privacy_notice_change_gives_the_next_consent_a_new_version_once_approved(
    editor_client, publisher_client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = SitePageFactory(slug=SitePageSlug.PRIVACY)
    first_version = page.version
    inquiry_url = "/en/inquiry/"
    visitor = Client()
    assert visitor.post(inquiry_url, form_data(), REMOTE_ADDR="198.51.100.7").status_code == 302

    # An editor's change is a proposal: the next consent still records the approved notice.
    edit_page(editor_client, page, body_en="## What we store\nLess than before.")
    assert page.version == first_version
    assert visitor.post(inquiry_url, form_data(email="b@example.com"), REMOTE_ADDR="203.0.113.8").status_code == 302
    approval = admin_url("sitepages_sitepage_approval", page.pk)
    assert publisher_client.post(approval, {"_approve": "1"}).status_code == 302
    page.refresh_from_db()
    assert page.version != first_version
    assert page.version.startswith("r2 (")
    assert visitor.post(inquiry_url, form_data(email="c@example.com"), REMOTE_ADDR="203.0.113.9").status_code == 302
    assert list(Inquiry.objects.order_by("pk").values_list("privacy_notice_version", flat=True)) == [
        first_version,
        first_version,
        page.version,
    ]


def test_privacy_notice_version_is_the_setting_until_a_notice_page_exists(settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    assert SitePage.objects.privacy_notice_version() == "2026-11"
    page = SitePageFactory(slug=SitePageSlug.PRIVACY)
    edited_on = timezone.localdate(page.updated_at)  # Tokyo's date, also when it is already tomorrow there
    assert SitePage.objects.privacy_notice_version() == page.version == f"r1 ({edited_on:%Y-%m-%d})"


# --- Demo and sitemap ---


def test_demo_loads_the_four_pages_once_and_keeps_staff_edits(publisher_client):
    call_command("load_demo", stdout=None)
    assert sorted(SitePage.objects.values_list("slug", flat=True)) == ["about", "accessibility", "privacy", "terms"]
    about = SitePage.objects.get(slug=SitePageSlug.ABOUT)
    assert about.title_ja == "Y-PORT について"
    assert "ki-yport@city.yokohama.jp" in about.body_en
    assert "JIS X 8341-3:2016" in SitePage.objects.get(slug=SitePageSlug.ACCESSIBILITY).body_ja
    edit_page(publisher_client, about, body_en="Edited.")
    call_command("load_demo", stdout=None)
    about.refresh_from_db()
    assert (about.body_en, about.revision) == ("Edited.", 2)
