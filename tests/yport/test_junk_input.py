"""No query string, however odd, gives a server error on a public page (PostgreSQL rejects NUL bytes outright)."""

import pytest

from tests.factories import AppearanceFactory, CityFactory

pytestmark = pytest.mark.django_db

JUNK_VALUES = ("\x00", "%", "' OR 1=1 --", "<script>alert(1)</script>", "９" * 5000, "-1", "1e309", "da-nang\x00")
PAGES_AND_PARAMETERS = (
    ("/en/conferences/", ("year", "format", "q", "page")),
    ("/ja/speakers/", ("q", "organisation", "city", "page")),
    ("/en/cities/", ("country", "field", "page")),
    ("/ja/inquiry/", ("city",)),
)


@pytest.mark.parametrize("junk", JUNK_VALUES)
@pytest.mark.parametrize(("path", "parameters"), PAGES_AND_PARAMETERS)
def test_public_lists_answer_junk_parameters_without_a_server_error(client, path, parameters, junk):
    AppearanceFactory(speaker__city=CityFactory(slug="da-nang"))
    for parameter in parameters:
        response = client.get(path, {parameter: junk})
        assert response.status_code in (200, 404), (parameter, response.status_code)
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("slug", ["\x00", "nope", "a" * 300, "%E3%83%80"])
@pytest.mark.parametrize(
    "pattern", ["/en/conferences/{}/", "/en/conferences/x/sessions/{}/", "/en/speakers/{}/", "/en/cities/{}/"]
)
def test_public_details_answer_odd_slugs_with_not_found(client, pattern, slug):
    assert client.get(pattern.format(slug)).status_code == 404
