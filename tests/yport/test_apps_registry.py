from django.apps import apps
from django.contrib.auth.models import Group

from cities.models import City
from projects.models import Project
from sitepages.models import Redirect
from yport.apps_registry import is_public_content_model, public_content_app_labels


def test_the_public_content_apps_are_those_that_declare_it():
    assert public_content_app_labels() == ("cities", "projects", "conferences", "sitepages")
    assert [config.label for config in apps.get_app_configs() if getattr(config, "public_content", False)] == [
        "cities",
        "projects",
        "conferences",
        "sitepages",
    ]


def test_a_model_is_public_content_when_its_app_declares_it():
    assert is_public_content_model(City)
    assert is_public_content_model(Project)
    assert is_public_content_model(Redirect)
    assert not is_public_content_model(Group)


def test_a_model_is_public_content_when_its_app_names_it_in_public_content_models():
    assert "registrations" not in public_content_app_labels()
    assert is_public_content_model(apps.get_model("registrations", "RegistrationSetup"))
    assert not is_public_content_model(apps.get_model("registrations", "Registration"))
