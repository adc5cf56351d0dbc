"""A committed change makes a new content generation when its app declares public content (``public_content`` on
its AppConfig, read through yport.apps_registry), whatever the app is called."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from pagecache.generation import content_generation
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_change_to_public_content_makes_a_new_generation():
    before = content_generation()
    CityFactory()
    assert content_generation() != before


def test_a_change_outside_public_content_keeps_the_generation():
    before = content_generation()
    Group.objects.create(name="Somebody")
    assert content_generation() == before


def test_a_change_in_an_app_that_declares_public_content_makes_a_new_generation(monkeypatch):
    monkeypatch.setattr(apps.get_app_config("auth"), "public_content", True, raising=False)
    before = content_generation()
    Group.objects.create(name="Somebody")
    assert content_generation() != before
