"""The accessibility page: its target and scope, and the test results ``make a11y-report`` published."""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from sitepages.models import SitePageSlug
from tests.browser.accessibility import AXE_TAGS, LANGUAGES, PAGES
from tests.factories import SitePageFactory
from yport.accessibility import AUDITED_PAGES, latest_results

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def accessibility_policy():
    """The staff-edited policy page (sitepages), which shows the published results below its text."""
    return SitePageFactory(
        slug=SitePageSlug.ACCESSIBILITY,
        title_ja="ウェブアクセシビリティ方針",
        title_en="Accessibility policy",
        body_ja="目標はJIS X 8341-3:2016の適合レベルAAです。",
        body_en="Our target is conformance level AA of JIS X 8341-3:2016.",
    )


def write_results(path, **overrides):
    results = {
        "date": "2026-12-02",
        "tool": "axe-core",
        "tool_version": "4.14.1",
        "browser": "Chromium",
        "browser_version": "156.0.8078.114",
        "rules": AXE_TAGS,
        "pages_tested": 2,
        "violations": 0,
        "pages": [
            {
                "page": "home",
                "language": "ja",
                "path": "/ja/",
                "violations": 0,
                "needs_review": 1,
                "reflow_375px": True,
                "text_200_percent": True,
            },
            {
                "page": "city",
                "language": "en",
                "path": "/en/cities/da-nang/",
                "violations": 0,
                "needs_review": 0,
                "reflow_375px": True,
                "text_200_percent": None,
            },
        ],
        **overrides,
    }
    path.write_text(json.dumps(results))
    return results


def test_accessibility_page_shows_target_scope_and_results_in_japanese(client, settings, tmp_path):
    settings.ACCESSIBILITY_RESULTS_FILE = tmp_path / "results.json"
    write_results(settings.ACCESSIBILITY_RESULTS_FILE)

    response = client.get("/ja/accessibility/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>ウェブアクセシビリティ方針</h1>" in html
    assert "JIS X 8341-3:2016" in html
    assert '<time datetime="2026-12-02">2026-12-02</time>' in html
    assert "Chromium 156.0.8078.114 上の axe-core 4.14.1" in html
    assert "違反は見つかりませんでした" in html
    assert '<th scope="row">トップページ</th>\n          <td>日本語</td>\n          <td>0</td>' in html
    assert '<th scope="row">パートナー都市</th>\n          <td>英語</td>' in html


def test_accessibility_page_shows_results_in_english(client, settings, tmp_path):
    settings.ACCESSIBILITY_RESULTS_FILE = tmp_path / "results.json"
    write_results(settings.ACCESSIBILITY_RESULTS_FILE, violations=3)

    html = client.get("/en/accessibility/").content.decode()

    assert "<h1>Accessibility policy</h1>" in html
    assert "axe-core 4.14.1 in Chromium 156.0.8078.114" in html
    assert "3 violations found" in html
    assert "2 pages (each page and state in Japanese and in English)" in html
    assert (
        '<th scope="row">Home page</th>\n          <td>Japanese</td>\n          <td>0</td>\n          <td>Pass</td>'
        in html
    )


@pytest.mark.parametrize("content", [None, "not json", "{}", "[]", '{"pages_tested": "2", "violations": 0}'])
def test_accessibility_page_without_usable_results_says_so(client, settings, tmp_path, content):
    settings.ACCESSIBILITY_RESULTS_FILE = tmp_path / "results.json"
    if content is not None:
        settings.ACCESSIBILITY_RESULTS_FILE.write_text(content)

    response = client.get("/en/accessibility/")

    assert response.status_code == 200
    assert "No test results have been published yet." in response.content.decode()


def test_accessibility_results_are_read_again_when_the_file_changes(settings, tmp_path):
    settings.ACCESSIBILITY_RESULTS_FILE = path = tmp_path / "results.json"
    write_results(path)
    assert latest_results()["date"] == "2026-12-02"

    write_results(path, date="2026-12-24")
    assert latest_results()["date"] == "2026-12-24"


def test_accessibility_page_query_count(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # the page's text; the results come from a file
        assert client.get("/en/accessibility/").status_code == 200


def test_every_audited_page_has_a_name_for_people():
    assert list(AUDITED_PAGES) == list(PAGES)


def test_published_results_are_complete_and_current():
    """docs/accessibility/results.json comes from `make a11y-report` with the pinned axe-core, over every page and
    state in both languages, and found nothing."""
    results = json.loads(Path(django_settings.ACCESSIBILITY_RESULTS_FILE).read_text())
    pinned = json.loads((PROJECT_DIR / "package.json").read_text())["devDependencies"]["axe-core"]

    assert results["tool_version"] == pinned
    assert results["rules"] == AXE_TAGS
    assert [(page["page"], page["language"]) for page in results["pages"]] == [
        (name, language) for name in PAGES for language in sorted(LANGUAGES)
    ]
    assert results["pages_tested"] == len(PAGES) * len(LANGUAGES)
    assert results["violations"] == 0
    assert {(page["violations"], page["reflow_375px"], page["text_200_percent"]) for page in results["pages"]} == {
        (0, True, True)
    }


@pytest.mark.parametrize(
    ("url", "field_id"),
    [
        ("/en/conferences/?year=abc", "id_year"),
        ("/ja/speakers/?city=%21%21", "id_city"),
        ("/en/search/?q=" + "x" * 101, "id_q"),
    ],
)
def test_field_error_has_the_id_its_field_points_to(client, url, field_id):
    html = client.get(url).content.decode()

    assert f'aria-describedby="{field_id}_error"' in html
    assert f'id="{field_id}_error"' in html
