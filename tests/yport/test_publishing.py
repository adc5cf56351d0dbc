import datetime
import itertools

import pytest
from django.utils import timezone

from cities.models import City
from tests.factories import CityFactory
from yport.publishing import PublicationState, has_published_state, is_published_now

NOW = timezone.make_aware(datetime.datetime(2026, 12, 4, 12, 0))
HOUR = datetime.timedelta(hours=1)
# Each bound of the window: none, passed, exactly now (the edge: from is inclusive, until exclusive), to come.
BOUNDS = (None, NOW - HOUR, NOW, NOW + HOUR)
CASES = [
    (state, start, end)
    for state, start, end in itertools.product(PublicationState.values, BOUNDS, BOUNDS)
    if start is None or end is None or end > start  # the window's check constraint
]


@pytest.mark.django_db
def test_publishing_python_and_sql_rules_agree_over_states_and_windows():
    """Each rule is written twice, as a query and in Python (a template or a restored version has no query)."""
    cities = {
        (state, start, end): CityFactory(publication_state=state, publish_from=start, publish_until=end)
        for state, start, end in CASES
    }
    published_now = set(City.objects.published(now=NOW).values_list("pk", flat=True))
    with_state = set(City.objects.with_published_state().values_list("pk", flat=True))

    for case, city in cities.items():
        assert is_published_now(city, now=NOW) == (city.pk in published_now), case
        assert has_published_state(city) == (city.pk in with_state), case
    # The rules differ where they should: a published city outside its window is published in state only.
    assert {case for case, city in cities.items() if city.pk in with_state - published_now} == {
        (PublicationState.PUBLISHED, start, end)
        for _state, start, end in CASES
        if (start is not None and start > NOW) or (end is not None and end <= NOW)
    }
    assert len(published_now) == 6  # from none, passed or now × until none or to come
