"""Cross-origin reads (CORS): the API and the data downloads (the cities' and the catalogue's) are open data,
readable by a page on any origin without credentials; nothing else of the site is."""

import pytest

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://planner.example.org"
CORS_HEADERS = (
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
)
OPEN_URLS = (
    "/api/v1/cities/",
    "/api/v1/cities/da-nang/",
    "/api/v1/schema/",
    "/ja/cities/da-nang/data.csv",
    "/en/cities/da-nang/data.json",
    "/api/v1/data/",
    "/api/v1/data/key-figures/",
    "/ja/data/key-figures.csv",
    "/en/data/sdg-ratings.json",
)


def cors_headers(response):
    return {name: response[name] for name in CORS_HEADERS if response.has_header(name)}


@pytest.fixture
def city():
    return CityFactory(slug="da-nang")


@pytest.mark.parametrize("url", OPEN_URLS)
def test_cors_preflight_allows_reads_from_any_origin_without_credentials(client, city, url):
    response = client.options(
        url,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-language",
    )

    assert response.status_code == 200
    assert cors_headers(response) == {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": "accept, accept-language",
        "Access-Control-Expose-Headers": "Retry-After",
        "Access-Control-Max-Age": "86400",
    }


@pytest.mark.parametrize("url", OPEN_URLS)
@pytest.mark.parametrize("method", ["get", "head"])
def test_cors_reads_from_another_origin_are_allowed(client, city, url, method):
    response = getattr(client, method)(url, HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 200
    assert cors_headers(response) == {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "Retry-After",
    }


@pytest.mark.parametrize("url", ["/api/v1/nothing/", "/api/v1/cities/nowhere/"])
def test_cors_api_errors_are_readable_from_another_origin(client, url):
    response = client.get(url, HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_cors_preflight_for_a_write_to_the_api_allows_only_reads(client):
    response = client.options("/api/v1/cities/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")

    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert not response.has_header("Access-Control-Allow-Credentials")


@pytest.mark.parametrize(
    "url",
    [
        "/ja/",
        "/en/cities/",
        "/en/cities/da-nang/",
        "/en/data/",
        "/ja/inquiry/",
        "/en/admin/login/",
        "/sitemap.xml",
        "/healthz",
        "/api-other/",
    ],
)
def test_cors_headers_are_not_on_the_rest_of_the_site(client, city, url):
    get = client.get(url, HTTP_ORIGIN=ORIGIN)
    preflight = client.options(url, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")

    assert cors_headers(get) == {}
    assert cors_headers(preflight) == {}


def test_cors_headers_are_not_on_the_inquiry_form_post(client):
    preflight = client.options("/ja/inquiry/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    post = client.post("/ja/inquiry/", {"company_name": "x"}, HTTP_ORIGIN=ORIGIN)

    assert cors_headers(preflight) == {}
    assert post.status_code == 200  # the form again, with its errors
    assert cors_headers(post) == {}
