import pytest

from tests.conftest import assert_page_shell

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-GB,en;q=0.9", "/en/"), ("ja,en;q=0.5", "/ja/"), ("fr-FR", "/ja/"), ("", "/ja/"), ("vi;q=1,en;q=0.8", "/en/")],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("language", ["ja", "en"])
def test_home_page_has_shell_in_each_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert_page_shell(response, language)


def test_home_page_in_japanese_shows_japanese_ui(client):
    html = client.get("/ja/").content.decode()
    assert "メインコンテンツへ移動" in html
    assert "横浜市国際局国際協力課" in html


def test_home_page_in_english_shows_english_ui(client):
    html = client.get("/en/").content.decode()
    assert "Skip to main content" in html
    assert "International Cooperation Division" in html


def test_language_switcher_keeps_path_and_query(client, site_url):
    # The parameters the page understands (yport.query_parameters): the conference list's page, not a tracking one.
    html = client.get("/en/conferences/?page=2&utm_source=news").content.decode()
    assert '<a href="/ja/conferences/?page=2" hreflang="ja" lang="ja">日本語</a>' in html
    assert f'<link rel="alternate" hreflang="ja" href="{site_url}/ja/conferences/?page=2">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{site_url}/ja/conferences/?page=2">' in html


@pytest.mark.parametrize(
    ("language", "heading", "other_link"),
    [
        ("ja", "ページが見つかりません", '<a href="/en/no-such-page/"'),
        ("en", "Page not found", '<a href="/ja/no-such-page/"'),
    ],
)
def test_unknown_page_gives_translated_404(client, language, heading, other_link):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert other_link in html
    assert_page_shell(response, language, alternates=False)


def test_admin_login_is_titled_for_the_portal(client):
    response = client.get("/en/admin/login/")
    assert response.status_code == 200
    assert "Y-PORT Portal administration" in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("ja", "サーバーエラー"), ("en", "Server error")])
def test_server_error_gives_translated_500(client, settings, language, heading):
    settings.ROOT_URLCONF = "tests.yport.error_urls"
    client.raise_request_exception = False
    response = client.get(f"/{language}/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
