"""The privacy notice has a section on conference registration, in both languages: the text that ships with the
code (until staff write the page) and the demo's page; its retention is the registration setup's default."""

import pytest

from registrations.models import RegistrationSetup
from sitepages.demo import load
from sitepages.models import REGISTRATION_RETENTION_DAYS, SitePage, SitePageSlug

pytestmark = pytest.mark.django_db


def test_the_notice_states_the_registrations_default_retention():
    assert REGISTRATION_RETENTION_DAYS == RegistrationSetup._meta.get_field("retention_days").default


@pytest.mark.parametrize(
    ("language", "heading", "retention"),
    [
        ("en", "Conference registration", "erased 180 days after the conference ends"),
        ("ja", "会議の参加登録", "会議の終了後"),
    ],
)
def test_the_shipped_notice_has_a_registration_section(client, language, heading, retention):
    html = client.get(f"/{language}/privacy/").content.decode()
    assert f'<h2 id="registration">{heading}</h2>' in html
    if language == "en":
        assert retention in html


@pytest.mark.parametrize(
    ("language", "heading", "retention"),
    [("en", "Conference registration", "erased 180 days after"), ("ja", "会議の参加登録", "会議の終了後 180 日")],
)
def test_the_demo_notice_has_a_registration_section(client, language, heading, retention):
    load()
    assert SitePage.objects.filter(slug=SitePageSlug.PRIVACY).exists()
    html = client.get(f"/{language}/privacy/").content.decode()
    assert f"<h2>{heading}</h2>" in html
    assert retention in html
    assert "チケットコード" in html if language == "ja" else "ticket code" in html
