"""An inquiry about a project: the project's page links to the form with ``?project=<slug>``, the form names the
project, the inquiry stores it, and the handlers see it."""

import pytest
from django.urls import reverse
from django.utils import translation

from inquiries.models import Inquiry, InquiryEmailKind
from inquiries.services.outbox import render_email
from tests.factories import CityFactory, ProjectFactory
from tests.inquiries.utils import admin_url, form_data
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def form_url(language="en"):
    with translation.override(language):
        return reverse("inquiries:inquiry_create")


@pytest.mark.parametrize(("language", "about"), [("en", "About the project:"), ("ja", "対象のプロジェクト：")])
def test_project_link_names_the_project_and_chooses_its_city(client, language, about):
    city = CityFactory(name_ja="ダナン市", name_en="Da Nang", slug="da-nang")
    ProjectFactory(city=city, slug="da-nang-tourism", title_ja="観光", title_en="Tourism")

    response = client.get(form_url(language), {"project": "da-nang-tourism"})

    form = response.context["form"]
    assert form.initial["project"].slug == "da-nang-tourism"
    assert form.initial["city"] == city
    html = response.content.decode()
    assert '<input type="hidden" name="project" value="da-nang-tourism" id="id_project">' in html
    title = "Tourism" if language == "en" else "観光"
    assert f'{about} <a href="/{language}/projects/da-nang-tourism/">{title}</a>' in html


def test_unknown_draft_or_junk_project_is_ignored_when_shown(client):
    ProjectFactory(slug="draft-plan", publication_state=PublicationState.DRAFT)
    ProjectFactory(slug="in-a-draft-city", city=CityFactory(publication_state=PublicationState.DRAFT))
    for slug in ("nowhere", "draft-plan", "in-a-draft-city", "%00", "<script>", "a" * 500):
        response = client.get(form_url(), {"project": slug})
        assert response.status_code == 200
        assert response.context["form"].initial.get("project") is None
        assert "About the project:" not in response.content.decode()


def test_inquiry_stores_the_project_and_tells_the_handlers(client):
    city = CityFactory(name_en="Da Nang")
    project = ProjectFactory(city=city, slug="da-nang-tourism", title_ja="観光", title_en="Tourism")

    response = client.post(form_url(), form_data(project="da-nang-tourism", city=str(city.pk)))

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.project, inquiry.city) == (project, city)
    notification = render_email(inquiry.emails.get(kind=InquiryEmailKind.NOTIFICATION))
    assert "\n関心のあるプロジェクト: 観光\n" in notification.body  # the staff's notification is in Japanese


@pytest.mark.parametrize("slug", ["nowhere", "draft-plan", "<script>", "a" * 500])
def test_inquiry_with_an_unknown_or_draft_project_is_stored_without_it(client, slug):
    ProjectFactory(slug="draft-plan", publication_state=PublicationState.DRAFT)

    response = client.post(form_url(), form_data(project=slug))

    assert response.status_code == 302
    assert Inquiry.objects.get().project is None


def test_handlers_see_the_project_on_the_inquiry(handler_client):
    city = CityFactory(name_en="Da Nang")
    project = ProjectFactory(city=city, title_en="Tourism", title_ja="観光")
    handler_client.post(form_url(), form_data(project=project.slug))
    inquiry = Inquiry.objects.get()

    with translation.override("en"):
        html = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk)).content.decode()
        listing = handler_client.get(admin_url("inquiries_inquiry_changelist"), {"project__id__exact": project.pk})

    assert f'<a href="/en/admin/projects/project/{project.pk}/change/">Tourism</a> (Da Nang, seeking partners)' in html
    assert list(listing.context["cl"].result_list) == [inquiry]
