"""The API reference page (/<lang>/api-reference/): built from the schema the API serves, so every operation, parameter,
response and component of that schema is on it, in both languages, with anchors that resolve and the schema's
English texts marked as English on the Japanese page."""

import re
from html.parser import HTMLParser

import pytest
import yaml

from pagecache.fragments import is_fragment_cached
from tests.conftest import assert_page_shell
from tests.factories import CityFactory, ConferenceFactory
from yport.api_reference import blocks_html, inline_html

pytestmark = pytest.mark.django_db

LANGUAGES = ("ja", "en")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageParser(HTMLParser):
    """The page's ids, in-page links, headings, raw schema links and each text with the language it is in (the
    nearest lang attribute), and the text of each section named by its heading's id."""

    def __init__(self):
        super().__init__()
        self.ids, self.fragment_links, self.schema_links = [], [], []
        self.headings, self.texts, self.sections = [], [], {}
        self.stack = []  # (tag, lang, section id)
        self.heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.fragment_links.append(href[1:])
        if tag == "a" and href.startswith("/api/v1/schema/"):
            self.schema_links.append(href)
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = [tag, attrs.get("id"), ""]
        if tag in VOID:
            return
        lang = attrs.get("lang") or (self.stack[-1][1] if self.stack else None)
        section = attrs.get("aria-labelledby") if tag == "section" else (self.stack[-1][2] if self.stack else None)
        self.stack.append((tag, lang, section))

    def handle_endtag(self, tag):
        if self.heading and tag == self.heading[0]:
            self.headings.append((self.heading[0], self.heading[1], " ".join(self.heading[2].split())))
            self.heading = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.heading:
            self.heading[2] += data
        if not data.strip() or not self.stack:
            return
        tag, lang, section = self.stack[-1]
        if tag != "code":  # names and values: in no language
            self.texts.append((data.strip(), lang))
        if section:
            self.sections[section] = self.sections.get(section, "") + data


def reference_page(client, language):
    response = client.get(f"/{language}/api-reference/")
    assert response.status_code == 200
    page = PageParser()
    page.feed(response.content.decode())
    return response, page


def served_schema(client, language):
    return client.get(f"/api/v1/schema/?lang={language}", HTTP_ACCEPT="application/json").json()


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_reference_is_a_page_of_the_site_in_each_language(client, language):
    response, page = reference_page(client, language)

    assert_page_shell(response, language)
    assert re.findall(r"<script\b", response.content.decode()) == []
    assert page.headings[0][2] == {"ja": "API リファレンス", "en": "API reference"}[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_reference_lists_every_operation_of_the_served_schema(client, language):
    schema = served_schema(client, language)
    _response, page = reference_page(client, language)

    headings = {anchor: text for tag, anchor, text in page.headings if tag == "h3"}
    operations = [(path, method, data) for path, methods in schema["paths"].items() for method, data in methods.items()]
    assert len(operations) >= 8  # the four resources, list and detail, and whatever came since
    for path, method, data in operations:
        anchor = f"operation-{data['operationId']}"
        assert headings[anchor] == f"{method.upper()} {path}"
        section = page.sections[anchor]
        for parameter in data["parameters"]:
            assert parameter["name"] in section, (anchor, parameter["name"])
            for value in parameter["schema"].get("enum", ()):
                assert value in section
        for status in data["responses"]:
            assert status in section
    assert [anchor for tag, anchor, _text in page.headings if tag == "h3" and anchor.startswith("operation-")] == [
        f"operation-{data['operationId']}" for _path, _method, data in operations
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_reference_lists_every_component_and_its_fields(client, language):
    components = served_schema(client, language)["components"]["schemas"]
    _response, page = reference_page(client, language)

    for name, component in components.items():
        section = page.sections[f"schema-{name}"]
        for field in component.get("properties", ()):
            assert field in section, (name, field)
        for value in component.get("enum", ()):
            assert value in section, (name, value)


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_reference_anchors_all_resolve_and_ids_are_unique(client, language):
    _response, page = reference_page(client, language)

    assert len(page.ids) == len(set(page.ids))
    assert len(page.fragment_links) > 8 + 20
    assert sorted(set(page.fragment_links) - set(page.ids)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_reference_headings_go_down_one_level_at_a_time(client, language):
    _response, page = reference_page(client, language)

    levels = [int(tag[1]) for tag, _anchor, _text in page.headings]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_reference_links_to_the_raw_schema_in_json_and_yaml(client, language):
    _response, page = reference_page(client, language)

    assert page.schema_links == [
        f"/api/v1/schema/openapi.json?lang={language}",
        f"/api/v1/schema/openapi.yaml?lang={language}",
    ]
    schema = served_schema(client, language)
    for link in page.schema_links:
        response = client.get(link, HTTP_ACCEPT="text/html,*/*;q=0.8")
        assert response.status_code == 200
        assert yaml.safe_load(response.content) == schema


def test_api_reference_marks_the_schemas_english_texts_on_the_japanese_page(client):
    parameters = served_schema(client, "ja")["paths"]["/api/v1/conferences/"]["get"]["parameters"]
    descriptions = {parameter["name"]: parameter["description"] for parameter in parameters}
    _response, page = reference_page(client, "ja")
    languages = dict(page.texts)

    # DRF's own description of the page parameter is English; the lang parameter's is translated.
    assert languages[descriptions["page"]] == "en"
    assert languages[descriptions["lang"]] == "ja"
    # No English sentence is left under lang="ja": every text of four words or more without Japanese says "en".
    english = [text for text, lang in page.texts if not JAPANESE.search(text) and len(text.split()) >= 4]
    assert english
    assert [text for text in english if languages[text] != "en"] == []


def test_api_reference_in_english_has_no_japanese_text(client):
    _response, page = reference_page(client, "en")

    main = [(text, lang) for text, lang in page.texts if JAPANESE.search(text)]
    # The language switcher names Japanese in Japanese, marked as such; nothing else is Japanese.
    assert main and all(lang == "ja" for _text, lang in main)


def test_api_reference_query_count_is_fixed_whatever_the_content(client, django_assert_num_queries):
    # The page shows no rows: nothing is read from the database for it, with no content and with some. The schema it
    # is built from is made once per language and process (the filters' choices may be read then): made here first,
    # so that the test does not depend on whether an earlier test in this process made it.
    from yport.api_urls import openapi_schema

    for language in ("ja", "en"):
        openapi_schema(language)
    with django_assert_num_queries(0):
        assert client.get("/en/api-reference/").status_code == 200
    ConferenceFactory.create_batch(3)
    CityFactory.create_batch(3)
    with django_assert_num_queries(0):
        assert client.get("/ja/api-reference/").status_code == 200


def test_api_reference_ignores_query_parameters(client):
    plain = client.get("/en/api-reference/").content

    assert client.get("/en/api-reference/?utm_source=x&lang=ja").content == plain


def test_schema_descriptions_become_paragraphs_lists_and_code_with_everything_escaped():
    text = "Published ``conferences``; see `url`.\n\n* `online` - オンライン\n* `<b>` - <script>"

    assert blocks_html(text) == (
        "<p>Published <code>conferences</code>; see <code>url</code>.</p>"
        "<ul><li><code>online</code> - オンライン</li><li><code>&lt;b&gt;</code> - &lt;script&gt;</li></ul>"
    )
    assert inline_html("a < b & `c`") == "a &lt; b &amp; <code>c</code>"


def test_api_reference_keeps_what_it_built_from_the_schema_as_a_cached_fragment(client):
    response = client.get("/en/api-reference/")

    assert is_fragment_cached("api_reference", response.wsgi_request.fragment_version, "en")
    assert not is_fragment_cached("api_reference", response.wsgi_request.fragment_version, "ja")
