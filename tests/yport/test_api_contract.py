import pytest
import schemathesis
from django.core.cache import caches
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events
from schemathesis.engine import from_schema as engine_for

from tests.factories import (
    AppearanceFactory,
    CityCooperationFactory,
    CityFactory,
    ConferenceFactory,
    KeyFigureFactory,
    SessionFactory,
    SpeakerFactory,
)
from yport.wsgi import application

CONFIG = {
    "seed": 20,
    "workers": 1,
    "generation": {"mode": "all", "max-examples": 15, "deterministic": True, "database": "none"},
    "phases": {
        "examples": {"enabled": False},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
}


@pytest.mark.django_db(transaction=True)
def test_api(settings):
    settings.API_ANON_RATE = "100000/min"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    caches["default"].clear()
    city = CityFactory(slug="da-nang", name_en="Da Nang")
    KeyFigureFactory(city=city)
    CityCooperationFactory(city=city)
    conference = ConferenceFactory(slug="ascc-2022")
    session = SessionFactory(conference=conference, slug="opening")
    session.cities.add(city)
    AppearanceFactory(session=session, speaker=SpeakerFactory(slug="nguyen", city=city))
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?lang=en", application, config=SchemathesisConfig.from_dict(CONFIG)
    )
    failures = []
    count = 0
    for event in engine_for(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            count += len(event.recorder.cases)
            for nodes in event.recorder.checks.values():
                for node in nodes:
                    if node.status == Status.FAILURE:
                        failures.append((event.phase, event.label, node.name, node.failure_info.failure.title, node.failure_info.code_sample.splitlines()[-1][:200]))
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            failures.append(("error", str(event.__dict__)[:1000]))
    print(count)
    for f in sorted(set(failures), key=str):
        print(f)
    assert failures == []
