"""The API does what its OpenAPI schema says, checked by schemathesis as an outside client would (docs/api.md).

Schemathesis loads the schema from the site's WSGI application in this process (no server, no network) and runs
its coverage phase (each parameter's boundaries and the values just outside them, each parameter left out, sent
twice, of the wrong type) and a bounded fuzzing phase, in both modes: valid requests must be accepted, invalid ones
refused with a 4xx. Every answer is checked against the schema: a documented status code, the documented content
type and headers, a body of the documented shape, never a 5xx. Deterministic (fixed seed, no example database), so
it cannot flake; about 30 s on two slow cores.

Its engine runs the requests on a worker thread, which sees only committed rows: hence a transactional test."""

import pytest
import schemathesis
from django.core.cache import caches
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events
from schemathesis.engine import from_schema as schemathesis_run

from tests.factories import (
    AppearanceFactory,
    CityCooperationFactory,
    CityFactory,
    ConferenceFactory,
    KeyFigureFactory,
    SDGEvaluationFactory,
    SessionFactory,
    SpeakerFactory,
)
from yport.wsgi import application

# As schemathesis.toml would say it; passed explicitly so that no file in the working directory changes the run.
CONFIG = {
    "seed": 20,
    "workers": 1,
    "generation": {"mode": "all", "max-examples": 10, "deterministic": True, "database": "none"},
    "phases": {
        "examples": {"enabled": False},  # the schema has no examples
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},  # read-only: nothing to chain
    },
    "checks": {"enabled": True},
}


@pytest.fixture
def published_programme():
    """A little of everything the API shows, so that the detail operations answer 200 as well as 404."""
    city = CityFactory(slug="da-nang", name_en="Da Nang", country="VN")
    KeyFigureFactory(city=city)
    SDGEvaluationFactory(city=city)
    CityCooperationFactory(city=city)
    conference = ConferenceFactory(slug="ascc-2022", organiser_url="https://www.city.yokohama.lg.jp/")
    session = SessionFactory(conference=conference, slug="opening")
    session.cities.add(city)
    AppearanceFactory(session=session, speaker=SpeakerFactory(slug="nguyen", city=city))


def closing_application(environ, start_response):
    """The site's WSGI application, its response read and closed at once, as a server does: closing sends
    ``request_finished``, which closes the worker thread's database connection (else it would outlive the test and
    keep PostgreSQL from dropping the test database). Schemathesis asks for gzip but its WSGI client, unlike an HTTP
    client, does not decode it: the application is asked for the plain body (compression has its own tests)."""
    environ.pop("HTTP_ACCEPT_ENCODING", None)
    response = application(environ, start_response)
    try:
        return [b"".join(response)]
    finally:
        response.close()


def run_schemathesis():
    """Schemathesis's own run over every operation; the failures it found, one line each, and the number of
    requests it sent."""
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?lang=en", closing_application, config=SchemathesisConfig.from_dict(CONFIG)
    )
    failures = set()
    requests = 0
    for event in schemathesis_run(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            requests += len(event.recorder.interactions)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE:
                        request = check.failure_info.code_sample.splitlines()[-1]
                        failures.add(f"{event.label}: {check.name} ({check.failure_info.failure.title}): {request}")
        elif isinstance(event, events.NonFatalError):
            failures.add(f"error: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            raise event.exception
    return sorted(failures), requests


@pytest.mark.contract
@pytest.mark.django_db(transaction=True)
def test_api_does_what_its_schema_says(settings, published_programme):
    settings.API_ANON_RATE = "100000/min"  # the throttle's 429 is documented, but would hide everything else
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis's host for a WSGI application
    caches["default"].clear()

    failures, requests = run_schemathesis()

    assert failures == []
    assert requests > 500  # every operation, not a run that stopped early
