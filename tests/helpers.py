"""Helpers shared by the tests (fixtures are in tests/conftest.py): admin addresses, the public site's address,
the structured data of a page, a change made on another app server and the property tests' text and settings."""

import json
import re

from django.apps import apps
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The public site's address in the tests that show absolute addresses (the ``site_url`` fixture sets it).
SITE = "https://portal.example.jp"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)

# The property tests of the public forms: any Unicode text a browser can send (lone surrogates cannot be encoded as
# UTF-8, so no client sends them), and hypothesis's settings for tests that post through the test client.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
HYPOTHESIS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def admin_url(target, *args, language="en"):
    """The address of an admin page, in English unless told (the admin's pages carry the language in the path):

    - ``admin_url("cities_city_change", pk)``: a name in the admin's namespace and its arguments;
    - ``admin_url(City, "changelist")`` or ``admin_url("cities.city", "import")``: a model's view;
    - ``admin_url(city, "change")``: a row's view, the row's pk before any further arguments."""
    if not (isinstance(target, str) and "." not in target):
        model = apps.get_model(target) if isinstance(target, str) else target
        view, *args = args
        if not isinstance(model, type):
            args = [model.pk, *args]
        target = f"{model._meta.app_label}_{model._meta.model_name}_{view}"
    with translation.override(language):
        return reverse(f"admin:{target}", args=args)


def content_changed_on_another_app_server():
    """What this process sees of a change committed by another app server: a new content generation in the shared
    cache, without the signal that drops this process's own fragments at once (change the rows with ``update()``)."""
    from pagecache.generation import GENERATION_KEY, new_generation
    from yport.shared_cache import shared_cache

    shared_cache().set(GENERATION_KEY, new_generation(), timeout=None)


def client_for(user):
    """A new test client signed in as ``user`` (``client.user``)."""
    from django.test import Client

    client = Client()
    client.user = user
    client.force_login(user)
    return client


def json_ld_of(client, path):
    """The JSON-LD data blocks of the page at ``path``, in order."""
    response = client.get(path)
    assert response.status_code == 200
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def slug_errors(instance):
    """The codes of the errors ``full_clean`` finds in ``instance``'s slug."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean()
    except ValidationError as error:
        return [item.code for item in error.error_dict.get("slug", ())]
    return []


def post_public_form(client, url, data, model):
    """Post a public form (with the rate-limit slots freed) and check what it stored: a redirect stored one
    ``model`` row, an answer of 200 stored none and shows the form's errors. Any other status fails the test."""
    cache.clear()
    before = model.objects.count()
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    stored = model.objects.count() - before
    if response.status_code == 302:
        assert stored == 1
    else:
        assert stored == 0
        assert response.context["form"].errors
    return response
