"""Projects in the admin: the editorial workflow (approval, history, slugs), the results only for completed projects,
the documents' PDF check and the CSV/XLSX import."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from cities.models import SDGGoal
from editorial.models import ApprovalRequest, ApprovalStatus
from projects.models import Project, ProjectStage
from tests.admin_forms import admin_change_data
from tests.factories import CityFactory, ProjectFactory
from tests.helpers import admin_url
from tests.uploads import pdf_upload
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS, PUBLISHERS

pytestmark = pytest.mark.django_db

MARKER = "Zebra marker 4711"
IMPORT_HEADER = (
    "slug,city,title_ja,title_en,summary_ja,summary_en,description_ja,description_en,stage,field,sdg_goals,"
    "sdg_targets,financing,size_min,size_max,currency,counterpart_ja,counterpart_en,japanese_partners_ja,"
    "japanese_partners_en,start_date,end_date,results_text_ja,results_text_en,order\n"
)


@pytest.fixture
def editor_client(staff_client):
    return staff_client("editor", CONTENT_EDITORS)


@pytest.fixture
def publisher_client(staff_client):
    return staff_client("publisher", CONTENT_EDITORS, PUBLISHERS)


def public_html(project):
    with translation.override("en"):
        return Client().get(project.get_absolute_url()).content.decode()


def import_file(client, text):
    upload = io.BytesIO(text.encode())
    upload.name = "projects.csv"
    return client.post(admin_url(Project, "import"), {"import_file": upload, "format": "0", "resource": "0"})


@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("model", ["projects.project", "projects.financingscheme"])
def test_admin_pages_load(admin_client, model, view):
    assert admin_client.get(admin_url(model, view)).status_code == 200


@pytest.mark.parametrize(("group", "expected"), [(CONTENT_EDITORS, 200), (PUBLISHERS, 200), (INQUIRY_HANDLERS, 403)])
def test_staff_groups_see_projects_as_their_permissions_say(staff_client, group, expected):
    project = ProjectFactory()
    client = staff_client("someone", group)
    assert client.get(admin_url(project, "change")).status_code == expected
    assert client.get(admin_url(Project, "import")).status_code == (200 if group == CONTENT_EDITORS else 403)


def test_editor_change_to_a_published_project_waits_for_approval(editor_client, publisher_client):
    project = ProjectFactory(title_en="Sewage", slug="sewage")
    change_url = admin_url(project, "change")

    response = editor_client.post(change_url, admin_change_data(editor_client, change_url, title_en=MARKER))

    assert response.status_code == 302
    assert MARKER not in public_html(project)
    request = ApprovalRequest.objects.get()
    assert request.status == ApprovalStatus.AWAITING
    assert publisher_client.post(admin_url(project, "approval"), {"comment": "OK", "_approve": "1"}).status_code == 302
    request.refresh_from_db()
    assert request.status == ApprovalStatus.APPROVED
    assert MARKER in public_html(project)


def test_editor_saves_a_draft_project_at_once(editor_client):
    project = ProjectFactory(publication_state=PublicationState.DRAFT)
    change_url = admin_url(project, "change")
    editor_client.post(change_url, admin_change_data(editor_client, change_url, title_en=MARKER))
    project.refresh_from_db()
    assert project.title_en == MARKER
    assert not ApprovalRequest.objects.exists()


def test_results_are_refused_for_a_project_not_completed(admin_client):
    project = ProjectFactory(stage=ProjectStage.UNDER_WAY)
    change_url = admin_url(project, "change")
    data = admin_change_data(
        admin_client,
        change_url,
        **{
            "results-TOTAL_FORMS": "1",
            "results-0-label_ja": "CO2削減量",
            "results-0-value": "844",
            "results-0-unit_ja": "t CO2/年",
            "results-0-order": "0",
            "results_text_ja": "成果",
        },
    )

    response = admin_client.post(change_url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Only a completed project has results; set the stage to “completed” or remove the results." in html
    assert "Only a completed project has results; set the stage to “completed” or leave the results empty." in html
    assert not project.results.exists()

    data["stage"] = ProjectStage.COMPLETED
    assert admin_client.post(change_url, data).status_code == 302
    assert project.results.get().value == 844


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sdg_targets": "11.6, 18.1, 6.aa"}, "18.1, 6.aa: not an SDG target code"),
        ({"size_min": "100", "size_max": "50", "currency": "USD"}, "The upper amount must be greater than the lower"),
        ({"size_min": "100", "currency": ""}, "A size needs its currency."),
        ({"size_min": "100", "currency": "usd"}, "Write the currency as its ISO 4217 code"),
        (
            {"start_date": "2024-01-01", "end_date": "2023-01-01"},
            "The project cannot end before it starts.",
        ),
    ],
)
def test_admin_explains_what_it_refuses(admin_client, changes, message):
    project = ProjectFactory()
    change_url = admin_url(project, "change")
    response = admin_client.post(change_url, admin_change_data(admin_client, change_url, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_documents_take_pdfs_only(admin_client):
    project = ProjectFactory()
    change_url = admin_url(project, "change")
    data = admin_change_data(
        admin_client,
        change_url,
        **{"documents-TOTAL_FORMS": "1", "documents-0-title_ja": "報告書", "documents-0-order": "0"},
    )
    response = admin_client.post(
        change_url, {**data, "documents-0-pdf": SimpleUploadedFile("report.pdf", b"<html>", "application/pdf")}
    )
    assert "The document must be a PDF file." in response.content.decode()
    response = admin_client.post(change_url, {**data, "documents-0-pdf": pdf_upload("report.pdf")})
    assert response.status_code == 302
    assert project.documents.get().pdf.name.startswith("projects/")


def test_changed_slug_leads_from_the_old_address(admin_client, client):
    project = ProjectFactory(slug="old-name")
    change_url = admin_url(project, "change")
    admin_client.post(change_url, admin_change_data(admin_client, change_url, slug="new-name"))
    response = client.get("/en/projects/old-name/")
    assert (response.status_code, response["Location"]) == (301, "/en/projects/new-name/")


def test_editor_import_adds_draft_projects_but_not_changes_to_published_ones(editor_client, publisher_client):
    CityFactory(slug="da-nang")
    published = ProjectFactory(slug="live", title_en="Live")
    new_row = 'new-one,da-nang,新規,New one,,,,,idea,port,"6,11",11.6,jcm,100,200,USD,,,,,2024-04-01,,,,10\n'
    live_row = f"live,{published.city.slug},既存,{MARKER},,,,,idea,,,,,,,,,,,,,,,,0\n"

    response = import_file(editor_client, IMPORT_HEADER + live_row)
    assert "confirm_form" not in response.context
    assert len(response.context["result"].invalid_rows) == 1
    assert MARKER not in public_html(published)

    confirm = import_file(editor_client, IMPORT_HEADER + new_row).context["confirm_form"].initial
    assert editor_client.post(admin_url(Project, "process_import"), confirm).status_code == 302
    project = Project.objects.get(slug="new-one")
    assert project.publication_state == PublicationState.DRAFT
    assert (project.field.slug, project.financing.slug, project.currency) == ("port", "jcm", "USD")
    assert sorted(project.sdg_goals.values_list("number", flat=True)) == [6, 11]

    confirm = import_file(publisher_client, IMPORT_HEADER + live_row).context["confirm_form"].initial
    assert publisher_client.post(admin_url(Project, "process_import"), confirm).status_code == 302
    assert MARKER in public_html(published)


def test_import_reports_bad_rows_instead_of_failing(admin_client):
    CityFactory(slug="da-nang")
    row = "bad,da-nang,題,Title,,,,,idea,,,99.1,,100,50,usd,,,,,2024-04-01,2020-01-01,成果,,0\n"
    response = import_file(admin_client, IMPORT_HEADER + row)
    assert response.status_code == 200
    assert len(response.context["result"].invalid_rows) == 1
    assert not Project.objects.exists()


def test_model_validation_refuses_results_text_unless_completed():
    project = ProjectFactory.build(city=CityFactory(), stage=ProjectStage.IDEA, results_text_ja="成果")
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "results_text_ja" in error.value.message_dict


def test_admin_refuses_a_target_whose_goal_the_project_does_not_have(admin_client):
    project = ProjectFactory()
    goals = {number: SDGGoal.objects.get(number=number).pk for number in (6, 11)}
    change_url = admin_url(project, "change")
    data = admin_change_data(admin_client, change_url, sdg_goals=[str(goals[11])], sdg_targets="11.6, 6.a")
    response = admin_client.post(change_url, data)
    assert response.status_code == 200
    assert "6.a: the goal of this target is not among the project&#x27;s SDG goals" in response.content.decode()
    data["sdg_goals"] = [str(goals[11]), str(goals[6])]
    assert admin_client.post(change_url, data).status_code == 302
    project.refresh_from_db()
    assert project.target_codes() == ["11.6", "6.a"]


def test_import_refuses_a_target_whose_goal_the_row_does_not_have(admin_client):
    CityFactory(slug="da-nang")
    row = 'outside,da-nang,題,Title,,,,,idea,,"11",11.6 6.a,,,,,,,,,,,,,0\n'
    response = import_file(admin_client, IMPORT_HEADER + row)
    assert response.status_code == 200
    assert len(response.context["result"].invalid_rows) == 1
    assert "6.a: the goal of this target" in response.content.decode().replace("&#x27;", "'")
    fixed = 'outside,da-nang,題,Title,,,,,idea,,"6,11",11.6 6.a,,,,,,,,,,,,,0\n'
    response = import_file(admin_client, IMPORT_HEADER + fixed)
    assert not response.context["result"].invalid_rows
