"""The read-only JSON API as a whole: its language, throttle, refusal of writes, schema, docs address and privacy."""

import json
import re
import time

import pytest
import yaml
from django.core.cache import caches
from django.utils import translation
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from cities import demo as cities_demo
from conferences import demo as conferences_demo
from projects import demo as projects_demo
from tests.factories import (
    AppearanceFactory,
    CityFactory,
    ConferenceFactory,
    InquiryFactory,
    KeyFigureFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.faults import SilentServer
from tests.yport.test_settings import run_django
from yport.publishing import PublicationState

pytestmark = [
    pytest.mark.django_db,
    # openapi-core's note on a keyword OpenAPI 3.0 has: the schema says an empty query value means no value.
    pytest.mark.filterwarnings("ignore:Use of allowEmptyValue property is deprecated:DeprecationWarning"),
]

LIST_URLS = (
    "/api/v1/conferences/",
    "/api/v1/sessions/",
    "/api/v1/speakers/",
    "/api/v1/cities/",
    "/api/v1/projects/",
    "/api/v1/data/",
)


@pytest.fixture
def demo_content():
    cities_demo.load()
    projects_demo.load()
    conferences_demo.load()


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/schema/?lang=en")
    assert response.status_code == 200
    return OpenAPI.from_dict(json.loads(response.content))


def detail_urls(client):
    urls = []
    for list_url in LIST_URLS:
        urls += [item["api_url"] for item in client.get(list_url).json()["results"]]
    return urls


def test_api_responses_validate_against_the_openapi_schema(client, openapi, demo_content):
    urls = [*LIST_URLS, *detail_urls(client)]
    urls += [
        "/api/v1/conferences/?year=2022&format=online&q=ASCC&lang=en",
        "/api/v1/speakers/?city=da-nang&q=Tuong&organisation=Da&page=1&page_size=5",
        "/api/v1/cities/?country=VN&field=port&lang=ja",
        "/api/v1/sessions/?conference=ascc-2022&city=da-nang",
        "/api/v1/projects/?city=da-nang&country=VN&stage=seeking_partners&q=tourism&lang=ja",
    ]
    assert len(urls) == 27  # the six lists, every item they list in the demo content, five filtered lists
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        openapi.validate_request(DjangoOpenAPIRequest(response.wsgi_request))
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_api_schema_describes_every_endpoint(client):
    schema = json.loads(client.get("/api/v1/schema/").content)

    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == [
        "/api/v1/cities/",
        "/api/v1/cities/{slug}/",
        "/api/v1/conferences/",
        "/api/v1/conferences/{slug}/",
        "/api/v1/data/",
        "/api/v1/data/key-figures/",
        "/api/v1/data/projects/",
        "/api/v1/data/sdg-indicators/",
        "/api/v1/data/sdg-ratings/",
        "/api/v1/projects/",
        "/api/v1/projects/{slug}/",
        "/api/v1/sessions/",
        "/api/v1/sessions/{conference_slug}/{slug}/",
        "/api/v1/speakers/",
        "/api/v1/speakers/{slug}/",
    ]
    for path in schema["paths"].values():
        assert list(path) == ["get"]
        names = {parameter["name"] for parameter in path["get"]["parameters"]}
        assert {"lang", "Accept-Language"} <= names
    conference_list = schema["paths"]["/api/v1/conferences/"]["get"]
    assert {parameter["name"] for parameter in conference_list["parameters"]} == {
        "Accept-Language",
        "lang",
        "page",
        "page_size",
        "year",
        "format",
        "q",
    }
    year = next(parameter for parameter in conference_list["parameters"] if parameter["name"] == "year")
    assert year["schema"] == {"type": "integer", "minimum": 1000, "maximum": 9999}
    assert year["allowEmptyValue"] is True
    city = schema["components"]["schemas"]["City"]
    assert "key_figures" in city["properties"] and "sdg_evaluations" in city["properties"]
    project_list = schema["paths"]["/api/v1/projects/"]["get"]
    assert {parameter["name"] for parameter in project_list["parameters"]} == {
        "Accept-Language",
        "lang",
        "page",
        "page_size",
        "q",
        "city",
        "country",
        "stage",
        "field",
        "sdg",
        "financing",
    }
    assert sorted(project_list["responses"]) == ["200", "400", "404", "429"]
    assert sorted(schema["paths"]["/api/v1/projects/{slug}/"]["get"]["responses"]) == ["200", "400", "404", "429"]


def test_api_schema_is_in_the_requested_language(client):
    english = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    japanese = client.get("/api/v1/schema/?lang=ja").content.decode()

    assert "Used when lang is not given." in english
    assert "langの指定がないときに使います。" in japanese


@pytest.mark.parametrize(
    ("query", "accept_language", "expected"),
    [
        ("", "", "ja"),
        ("", "en-GB,en;q=0.9", "en"),
        ("", "fr-FR, en;q=0.5", "en"),
        ("", "fr", "ja"),
        ("?lang=en", "ja", "en"),
        ("?lang=ja", "en", "ja"),
        ("?lang=EN", "ja", "en"),
        ("?lang=Ja", "en", "ja"),
        ("?lang=", "", "ja"),
        ("?lang=", "en", "en"),
    ],
)
def test_api_language_comes_from_lang_then_accept_language(client, query, accept_language, expected):
    CityFactory(name_ja="ダナン市", name_en="Da Nang", slug="da-nang")

    response = client.get(f"/api/v1/cities/da-nang/{query}", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    assert response["Content-Language"] == expected
    assert "Accept-Language" in response["Vary"]
    body = response.json()
    assert body["name"] == {"ja": "ダナン市", "en": "Da Nang"}[expected]
    assert body["url"] == f"http://testserver/{expected}/cities/da-nang/"


def test_api_language_is_given_back_after_the_request(client):
    """The requested language holds for the answer only: the thread's language before it is in force again."""
    CityFactory(name_ja="ダナン市", name_en="Da Nang", slug="da-nang")

    with translation.override("ja"):
        response = client.get("/api/v1/cities/da-nang/?lang=en", HTTP_ACCEPT_LANGUAGE="ja")

        assert (response["Content-Language"], response.json()["name"]) == ("en", "Da Nang")
        assert translation.get_language() == "ja"


def test_api_language_cookie_is_ignored(client):
    CityFactory(name_ja="ダナン市", name_en="Da Nang", slug="da-nang")
    client.cookies["django_language"] = "en"

    response = client.get("/api/v1/cities/da-nang/")

    assert (response["Content-Language"], response.json()["name"]) == ("ja", "ダナン市")


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/cities/nowhere/?lang=en", "No partner city matches the given query."),
        ("/api/v1/cities/nowhere/?lang=ja", "該当するパートナー都市はありません。"),
        ("/api/v1/conferences/nowhere/?lang=EN", "No conference matches the given query."),
        ("/api/v1/conferences/nowhere/", "該当する会議はありません。"),
        ("/api/v1/sessions/c/s/?lang=en", "No session matches the given query."),
        ("/api/v1/speakers/nowhere/?lang=ja", "該当する登壇者はありません。"),
        ("/api/v1/cities/?page=99&lang=en", "Invalid page."),
        ("/api/v1/cities/?page=99&lang=ja", "不正なページです。"),
    ],
)
def test_api_not_found_is_json_in_the_requested_language(client, url, detail):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize(
    ("url", "accept_language", "language", "detail"),
    [
        ("/api/v2/cities/", "", "ja", "見つかりませんでした。"),
        ("/api/v1/nothing/", "en-GB,en;q=0.9", "en", "Not found."),
        ("/api/v1/cities/da-nang/extra/?lang=EN", "ja", "en", "Not found."),
        ("/api/", "", "ja", "見つかりませんでした。"),
        ("/api", "en", "en", "Not found."),
        ("/api/v1/schema/x/?lang=ja", "en", "ja", "見つかりませんでした。"),
    ],
)
def test_api_unknown_path_is_a_json_404_in_the_requested_language(client, url, accept_language, language, detail):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    assert response.json() == {"detail": detail}


def test_api_address_without_its_slash_still_redirects_to_it(client):
    response = client.get("/api/v1/cities")

    assert (response.status_code, response["Location"]) == (301, "/api/v1/cities/")


def test_site_unknown_path_is_still_the_html_page(client):
    response = client.get("/en/nowhere/")

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [*LIST_URLS, "/api/v1/cities/da-nang/", "/api/v1/sessions/c/s/", "/api/v1/schema/"])
def test_api_refuses_writes(client, method, url):
    city = CityFactory(slug="da-nang")

    response = getattr(client, method)(
        url, data={"name": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 405
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    city.refresh_from_db()
    assert city.slug == "da-nang"


def test_api_is_throttled_per_client_with_a_json_429(client, settings):
    settings.API_ANON_RATE = "3/min"
    caches["default"].clear()

    statuses = [client.get("/api/v1/cities/?lang=en").status_code for _ in range(4)]
    response = client.get("/api/v1/cities/?lang=en")
    other_client = client.get("/api/v1/cities/", REMOTE_ADDR="192.0.2.7")

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "60"
    wait = response["Retry-After"]
    assert response.json() == {"detail": f"Request was throttled. Expected available in {wait} seconds."}
    assert other_client.status_code == 200


def test_api_throttle_message_is_in_japanese_to_its_end(client, settings):
    settings.API_ANON_RATE = "1/min"
    caches["default"].clear()

    client.get("/api/v1/cities/?lang=ja")
    response = client.get("/api/v1/cities/?lang=ja")

    assert response.status_code == 429
    assert response["Content-Language"] == "ja"
    wait = response["Retry-After"]
    assert response.json() == {"detail": f"リクエストが多すぎます。{wait} 秒後にもう一度お試しください。"}


def test_api_throttle_lets_requests_through_while_the_cache_is_down(client, settings):
    settings.API_ANON_RATE = "1/min"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }

    statuses = [client.get("/api/v1/cities/").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_api_throttle_skips_a_hanging_cache_for_a_while(client, settings):
    settings.API_ANON_RATE = "1/min"
    with SilentServer() as silent:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{silent.port}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            },
        }
        started = time.monotonic()
        statuses = [client.get("/api/v1/cities/").status_code for _ in range(6)]
        elapsed = time.monotonic() - started

    assert statuses == [200] * 6
    # The first request waits for the timeout; the others skip the cache (each waited 0.5 s before: 3 s in all).
    assert elapsed < 1.5, elapsed


def test_api_sets_no_cookie_and_needs_no_csrf_token(client):
    response = client.get("/api/v1/cities/")

    assert response.cookies == {}
    assert response["Content-Type"] == "application/json"


def test_api_never_shows_drafts_inquiries_or_email_addresses(client, demo_content):
    draft_city = CityFactory(slug="secret-city", name_en="Secret City", publication_state=PublicationState.DRAFT)
    KeyFigureFactory(city=draft_city, source_en="Secret source")
    draft_conference = ConferenceFactory(
        slug="secret-conference", title_en="Secret Conference", publication_state=PublicationState.DRAFT
    )
    draft_session = SessionFactory(conference=draft_conference, slug="secret-session", title_en="Secret Session")
    AppearanceFactory(session=draft_session, speaker=SpeakerFactory(slug="secret-speaker", name_en="Secret Speaker"))
    public_session = SessionFactory(conference=ConferenceFactory(), title_en="Public Session")
    public_session.cities.add(draft_city)
    AppearanceFactory(session=public_session, speaker=SpeakerFactory(city=draft_city))
    inquiry = InquiryFactory(
        email="buyer@example.com", company_name="Secret Company", contact_person="Secret Person", message="Secret"
    )

    urls = [*LIST_URLS, *detail_urls(client), "/api/v1/schema/"]
    urls += [f"{url}{'&' if '?' in url else '?'}lang=en" for url in urls]
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    text = "\n".join(bodies)

    assert "Public Session" in text
    for secret in ("secret", "Secret", inquiry.reference, "@example.com", "ki-yport@", "Secret Company"):
        assert secret not in text
    assert "@" not in re.sub(r"https?://\S+", "", text.replace("@id", ""))
    for url in (
        "/api/v1/cities/secret-city/",
        "/api/v1/conferences/secret-conference/",
        "/api/v1/sessions/secret-conference/secret-session/",
        "/api/v1/speakers/secret-speaker/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    ("query", "accept_language", "location"),
    [
        ("", "en", "/en/api-reference/"),
        ("", "ja,en;q=0.5", "/ja/api-reference/"),
        ("?lang=EN", "ja", "/en/api-reference/"),
        ("", "", "/ja/api-reference/"),
    ],
)
def test_api_docs_address_redirects_to_the_reference_page_in_the_requested_language(
    client, query, accept_language, location
):
    response = client.get(f"/api/v1/docs/{query}", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert (response.status_code, response["Location"]) == (302, location)
    assert "Accept-Language" in response["Vary"]
    assert client.get(location).status_code == 200


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/api/v1/schema/openapi.json", "application/vnd.oai.openapi+json"),
        ("/api/v1/schema/openapi.yaml", "application/vnd.oai.openapi; charset=utf-8"),
    ],
)
def test_api_schema_files_serve_one_format_to_a_browser(client, url, content_type):
    # What a browser sends for a link: the one format the address serves, the same schema as /api/v1/schema/.
    response = client.get(f"{url}?lang=en", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert (response.status_code, response["Content-Type"]) == (200, content_type)
    served = client.get("/api/v1/schema/?lang=en", HTTP_ACCEPT="application/json").json()
    assert yaml.safe_load(response.content) == served


def test_api_anon_rate_setting_is_read_and_checked():
    good = run_django("from django.conf import settings; print(settings.API_ANON_RATE)", API_ANON_RATE="30/hour")
    bad = run_django("", API_ANON_RATE="lots")

    assert (good.returncode, good.stdout.strip()) == (0, "30/hour")
    assert bad.returncode != 0
    assert "API_ANON_RATE must be a number of requests per s, min, hour or day, not 'lots'." in bad.stderr


def test_api_answers_head_and_options(client):
    CityFactory(slug="da-nang")

    head = client.head("/api/v1/cities/da-nang/")
    options = client.options("/api/v1/cities/", HTTP_ACCEPT_LANGUAGE="en")

    assert (head.status_code, head.content) == (200, b"")
    assert options.status_code == 200
    assert options.json()["name"] == "City"
    assert options.json()["renders"] == ["application/json"]


UNKNOWN_LANGUAGE = {
    "en": "Unknown language: lang must be one of ja, en.",
    "ja": "不明な言語です。lang には ja, en のいずれかを指定してください。",
}


@pytest.mark.parametrize(
    ("url", "accept_language", "language"),
    [
        ("/api/v1/cities/?lang=fr", "en", "en"),
        ("/api/v1/cities/?lang=fr", "", "ja"),
        ("/api/v1/cities/da-nang/?lang=%00", "x" * 1000, "ja"),
        ("/api/v1/sessions/c/s/?lang=ja-JP", "en-GB", "en"),
        ("/api/v1/speakers/?lang=" + "x" * 300, "en", "en"),
        ("/api/v1/conferences/nowhere/?lang=EN-us", "ja", "ja"),
        ("/api/v1/schema/?lang=english", "ja", "ja"),
    ],
)
def test_api_refuses_an_unknown_lang_in_the_language_it_would_answer_in(client, url, accept_language, language):
    CityFactory(slug="da-nang")

    response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 400
    assert response["Content-Language"] == language
    assert json.loads(response.content) == {"lang": [UNKNOWN_LANGUAGE[language]]}


@pytest.mark.parametrize(
    ("query", "parameter", "detail"),
    [
        ("page_size=0", "page_size", "page_size must be a whole number from 1 to 100."),
        ("page_size=101", "page_size", "page_size must be a whole number from 1 to 100."),
        ("page_size=100000000000000000000", "page_size", "page_size must be a whole number from 1 to 100."),
        ("page_size=abc", "page_size", "page_size must be a whole number from 1 to 100."),
        ("page_size=-5", "page_size", "page_size must be a whole number from 1 to 100."),
        ("page_size=%EF%BC%95", "page_size", "page_size must be a whole number from 1 to 100."),  # a full-width 5
        ("page=0", "page", "page must be a whole number from 1."),
        ("page=abc", "page", "page must be a whole number from 1."),
        ("page=last", "page", "page must be a whole number from 1."),
        ("page=1.5", "page", "page must be a whole number from 1."),
    ],
)
def test_api_refuses_a_page_or_page_size_out_of_range(client, query, parameter, detail):
    CityFactory()

    english = client.get(f"/api/v1/cities/?{query}&lang=en")
    japanese = client.get(f"/api/v1/cities/?{query}&lang=ja")

    assert (english.status_code, english.json()) == (400, {parameter: [detail]})
    assert japanese.status_code == 400
    assert japanese.json()[parameter][0].startswith(f"{parameter} には 1 ")


def test_api_page_and_page_size_in_range_or_empty_are_used(client):
    for _ in range(3):
        CityFactory()

    assert client.get("/api/v1/cities/?page_size=100").status_code == 200
    assert len(client.get("/api/v1/cities/?page_size=1&page=3").json()["results"]) == 1
    assert len(client.get("/api/v1/cities/?page_size=&page=").json()["results"]) == 3
    assert client.get("/api/v1/cities/?page_size=1&page=4").json() == {"detail": "不正なページです。"}


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/json", "application/json"),
        ("application/json, application/yaml", "application/json"),
        ("*/*", "application/vnd.oai.openapi+json"),
        ("application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
    ],
)
def test_api_schema_is_json_for_a_json_accept_header(client, accept, content_type):
    response = client.get("/api/v1/schema/?lang=en", HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert json.loads(response.content)["info"]["title"] == "Y-PORT Portal API"


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/vnd.oai.openapi", "application/vnd.oai.openapi; charset=utf-8"),
        ("application/yaml", "application/yaml; charset=utf-8"),
    ],
)
def test_api_schema_is_yaml_for_a_yaml_accept_header(client, accept, content_type):
    response = client.get("/api/v1/schema/?lang=en", HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert yaml.safe_load(response.content)["info"]["title"] == "Y-PORT Portal API"


def test_api_schema_refuses_an_accept_header_it_cannot_serve(client):
    response = client.get("/api/v1/schema/?lang=en", HTTP_ACCEPT="text/csv")

    assert response.status_code == 406


def test_api_schema_documents_the_errors_of_every_operation(client):
    schema = json.loads(client.get("/api/v1/schema/?lang=en").content)

    codes = {path: sorted(operations["get"]["responses"]) for path, operations in schema["paths"].items()}
    assert codes == {path: ["200", "400", "404", "429"] for path in codes}
    assert schema["components"]["schemas"]["Error"]["properties"] == {
        "detail": {"type": "string", "description": "What went wrong, in the answer's language."}
    }


def test_api_error_responses_validate_against_the_openapi_schema(client, openapi, settings):
    CityFactory(slug="da-nang")
    urls = [
        "/api/v1/cities/nowhere/?lang=ja",
        "/api/v1/sessions/nowhere/nothing/",
        "/api/v1/conferences/?page=9",
        "/api/v1/conferences/?year=abc",
        "/api/v1/cities/?country=XX&lang=ja",
        "/api/v1/cities/da-nang/?lang=xx",
        "/api/v1/speakers/?page_size=0",
    ]
    responses = [client.get(url) for url in urls]
    settings.API_ANON_RATE = "1/min"
    caches["default"].clear()
    client.get("/api/v1/speakers/")
    responses.append(client.get("/api/v1/speakers/"))

    assert [response.status_code for response in responses] == [404, 404, 404, 400, 400, 400, 400, 429]
    for response in responses:
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_api_schema_error_descriptions_are_in_japanese(client):
    schema = json.loads(client.get("/api/v1/schema/?lang=ja").content)

    responses = schema["paths"]["/api/v1/cities/"]["get"]["responses"]
    assert responses["400"]["description"] == "使えない値のパラメーターがあります。"
    assert responses["429"]["description"] == (
        "このクライアントからのリクエストが多すぎます。再試行できる時刻は Retry-After ヘッダーで示します。"
    )
