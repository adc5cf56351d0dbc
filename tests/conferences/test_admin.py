import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from conferences.models import Appearance, Conference
from tests.factories import AppearanceFactory, ConferenceFactory, SessionFactory, SpeakerFactory
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model_name", ["conference", "session", "speaker"])
def test_admin_pages_load_for_a_superuser(admin_client, model_name):
    appearance = AppearanceFactory()
    objects = {
        "conference": appearance.session.conference,
        "session": appearance.session,
        "speaker": appearance.speaker,
    }
    urls = [
        reverse(f"admin:conferences_{model_name}_changelist"),
        reverse(f"admin:conferences_{model_name}_changelist") + "?english=missing&q=%E4%BC%9A",
        reverse(f"admin:conferences_{model_name}_add"),
        reverse(f"admin:conferences_{model_name}_change", args=[objects[model_name].pk]),
        reverse(f"admin:conferences_{model_name}_history", args=[objects[model_name].pk]),
    ]
    if model_name != "speaker":
        urls += [reverse(f"admin:conferences_{model_name}_changelist") + f"?year={year}" for year in ("2022", "abc")]
    if model_name != "conference":
        urls += [reverse(f"admin:conferences_{model_name}_import"), reverse(f"admin:conferences_{model_name}_export")]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_admin_publish_action_publishes_drafts(admin_client):
    draft = ConferenceFactory(publication_state=PublicationState.DRAFT)
    response = admin_client.post(
        reverse("admin:conferences_conference_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication_state == PublicationState.PUBLISHED


def test_admin_conference_add_with_session_inline(admin_client):
    data = {
        "edition": "12",
        "title_ja": "第12回会議",
        "title_en": "12th Conference",
        "slug": "ascc-2023",
        "theme_ja": "",
        "theme_en": "",
        "description_ja": "",
        "description_en": "",
        "start_date": "2023-11-01",
        "end_date": "2023-11-02",
        "format": "online",
        "venue_ja": "",
        "venue_en": "",
        "participants": "",
        "organiser_ja": "",
        "organiser_en": "",
        "report_url": "",
        "banner_alt_ja": "",
        "banner_alt_en": "",
        "publication_state": "published",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-title_ja": "基調講演",
        "sessions-0-title_en": "Keynote",
        "sessions-0-slug": "keynote",
        "sessions-0-kind": "keynote",
        "sessions-0-order": "1",
        "sessions-0-summary_ja": "",
        "sessions-0-summary_en": "",
    }
    response = admin_client.post(reverse("admin:conferences_conference_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    conference = Conference.objects.get(slug="ascc-2023")
    assert [session.slug for session in conference.sessions.all()] == ["keynote"]
    assert Version.objects.get_for_object(conference).count() == 1


def test_admin_conference_error_in_english_tab_is_reported(admin_client):
    response = admin_client.post(
        reverse("admin:conferences_conference_add"),
        {
            "edition": "12",
            "title_ja": "第12回",
            "slug": "x",
            "start_date": "2023-11-01",
            "end_date": "2023-11-02",
            "format": "online",
            "publication_state": "draft",
            "report_url_en": "",
            "title_en": "x" * 300,
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors


def test_admin_appearance_inline_prefills_position_from_the_speaker(admin_client):
    session = SessionFactory()
    speaker = SpeakerFactory(position_ja="副局長", position_en="Deputy Director", organisation_en="Da Nang")
    data = {
        "conference": session.conference.pk,
        "title_ja": session.title_ja,
        "title_en": session.title_en,
        "slug": session.slug,
        "kind": "thematic",
        "order": "1",
        "summary_ja": "",
        "summary_en": "",
        "appearances-TOTAL_FORMS": "1",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        "appearances-0-order": "1",
        "appearances-0-speaker": speaker.pk,
        "appearances-0-role": "speaker",
        "appearances-0-presentation_title_ja": "発表",
        "appearances-0-presentation_title_en": "",
        "appearances-0-position_ja": "",
        "appearances-0-position_en": "",
        "appearances-0-organisation_ja": "",
        "appearances-0-organisation_en": "",
    }
    response = admin_client.post(reverse("admin:conferences_session_change", args=[session.pk]), data)
    assert response.status_code == 302
    appearance = Appearance.objects.get(session=session)
    assert (appearance.position_ja, appearance.position_en, appearance.organisation_en) == (
        "副局長",
        "Deputy Director",
        "Da Nang",
    )


def test_admin_duplicate_appearance_order_is_a_form_error(admin_client):
    session = SessionFactory()
    first, second = SpeakerFactory(), SpeakerFactory()
    data = {
        "conference": session.conference.pk,
        "title_ja": session.title_ja,
        "slug": session.slug,
        "kind": "thematic",
        "order": "1",
        "appearances-TOTAL_FORMS": "2",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
    }
    for index, speaker in enumerate((first, second)):
        data |= {
            f"appearances-{index}-order": "1",
            f"appearances-{index}-speaker": speaker.pk,
            f"appearances-{index}-role": "speaker",
        }
    response = admin_client.post(reverse("admin:conferences_session_change", args=[session.pk]), data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert not Appearance.objects.exists()


def test_admin_history_offers_an_earlier_version_to_restore(admin_client):
    with reversion.create_revision():
        conference = ConferenceFactory(title_ja="最初の題")
    with reversion.create_revision():
        conference.title_ja = "変更後の題"
        conference.save()
    first = Version.objects.get_for_object(conference).last()
    response = admin_client.get(reverse("admin:conferences_conference_revision", args=[conference.pk, first.pk]))
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["title_ja"] == "最初の題"
