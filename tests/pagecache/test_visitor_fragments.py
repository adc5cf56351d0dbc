"""The page shell's ``<head>`` is rendered once per content version for visitors without a session
(``{% visitor_fragment %}``, pagecache/templatetags/page_fragments.py), never shared with anyone who has one."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template import Context, Engine, Template
from django.test import Client

from tests.factories import ConferenceFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def kept_heads():
    return [key for key in caches["template_fragments"]._cache if "visitor-head" in key]


def head(response):
    html = response.content.decode()
    return html[: html.index("</head>")]


def test_head_is_rendered_once_for_visitors_and_again_after_a_content_change(client):
    conference = ConferenceFactory(title_en="First title")
    path = conference.get_absolute_url().replace("/ja/", "/en/")
    first = client.get(path)
    assert "<title>First title | Y-PORT Portal</title>" in head(first)
    assert len(kept_heads()) == 1
    again = client.get(path)
    assert again.content == first.content and len(kept_heads()) == 1
    client.get(path + "?utm_source=x")  # a dropped parameter: the same page (narrowed before the cache)
    client.get("/ja" + path[3:])  # another language: its own head
    assert len(kept_heads()) == 2
    conference.title_en = "Second title"
    conference.save()
    changed = head(client.get(path))
    assert "<title>Second title | Y-PORT Portal</title>" in changed and "First title" not in changed
    assert 'rel="canonical"' in changed and 'hreflang="x-default"' in changed


def test_head_rendered_for_staff_is_never_shown_to_a_visitor_and_the_reverse(client, staff_user):
    draft = ConferenceFactory(title_en="Secret draft", publication_state=PublicationState.DRAFT)
    path = draft.get_absolute_url().replace("/ja/", "/en/")
    staff = Client()
    staff.force_login(staff_user("editor", is_superuser=True))
    assert "Secret draft" in head(staff.get(path))
    assert kept_heads() == []  # rendered for someone with a session: not kept
    missing = client.get(path)
    assert missing.status_code == 404 and "Secret draft" not in missing.content.decode()
    assert "Secret draft" in head(staff.get(path))  # the visitor's 404 head (another template) is not reused


def test_another_template_at_the_same_address_has_its_own_head():
    """A form sent without its CSRF token is answered at the form's address with another page (403_csrf.html)."""
    visitor = Client(enforce_csrf_checks=True)
    refused = visitor.post("/en/inquiry/", {})
    assert refused.status_code == 403 and "<title>Your form could not be sent" in head(refused)
    form = visitor.get("/en/inquiry/")
    assert form.status_code == 200 and "<title>Business inquiry | Y-PORT Portal</title>" in head(form)
    assert "<title>Your form could not be sent" in head(visitor.post("/en/inquiry/", {}))


def rendered(request, name, text):
    source = "{% load page_fragments %}{% visitor_fragment head %}{{ text }}{% endvisitor_fragment %}"
    template = Template(source, name=name, engine=Engine.get_default())
    return template.render(Context({"request": request, "text": text}))


def test_fragment_is_kept_per_template_and_never_for_a_session(rf):
    visitor = rf.get("/en/conferences/")
    assert rendered(visitor, "page.html", "first") == "first"
    assert rendered(visitor, "page.html", "second") == "first"  # kept
    assert rendered(visitor, "other.html", "third") == "third"  # another template at the same address
    assert rendered(rf.get("/en/conferences/?page=2"), "page.html", "fourth") == "fourth"
    signed_in = rf.get("/en/conferences/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert rendered(signed_in, "page.html", "fifth") == "fifth"
