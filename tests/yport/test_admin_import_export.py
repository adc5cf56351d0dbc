"""Every django-import-export admin against each staff group and a staff user in no group: importing needs the
model's add and change permissions, exporting its view permission (yport.admin.StaffImportExportMixin).

The admins are taken from the admin site's registry, so an import-export admin added later is tested too (and
fails here until it has an entry in OWNING_GROUP and, with import, in SAMPLES)."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation
from import_export.admin import ExportMixin, ImportMixin

from tests.factories import (
    CityFactory,
    ConferenceFactory,
    InquiryFactory,
    KeyFigureFactory,
    ProjectFactory,
    RegistrationFactory,
    SDGEvaluationFactory,
    SDGIndicatorFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.helpers import admin_url
from yport.publishing import PublicationState
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS, REGISTRATION_STAFF

DRAFT = PublicationState.DRAFT

pytestmark = pytest.mark.django_db

IMPORT_EXPORT_ADMINS = {
    model._meta.label_lower: model_admin
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, (ImportMixin, ExportMixin))
}
IMPORT_ADMINS = sorted(
    label for label, model_admin in IMPORT_EXPORT_ADMINS.items() if isinstance(model_admin, ImportMixin)
)
EXPORT_ADMINS = sorted(
    label for label, model_admin in IMPORT_EXPORT_ADMINS.items() if isinstance(model_admin, ExportMixin)
)

# The one staff group whose work each app is; the other group and a staff user in no group are refused.
OWNING_GROUP = {
    "cities": CONTENT_EDITORS,
    "projects": CONTENT_EDITORS,
    "conferences": CONTENT_EDITORS,
    "inquiries": INQUIRY_HANDLERS,
    "registrations": REGISTRATION_STAFF,
}
# A row for each model, and text its export contains. The cities and conferences are drafts: an editor's import into
# a published one needs a publisher (tests/editorial/test_approvals.py).
SAMPLES = {
    "cities.keyfigure": (
        lambda: KeyFigureFactory(city=CityFactory(slug="da-nang", publication_state=DRAFT), reference_year=2022),
        "da-nang",
    ),
    "cities.sdgindicator": (
        lambda: SDGIndicatorFactory(
            evaluation=SDGEvaluationFactory(city=CityFactory(slug="hue", publication_state=DRAFT), year=2022),
            code="11-green",
        ),
        "11-green",
    ),
    "projects.project": (
        lambda: ProjectFactory(slug="da-nang-tourism", publication_state=DRAFT),
        "da-nang-tourism",
    ),
    "conferences.session": (
        lambda: SessionFactory(conference=ConferenceFactory(slug="ascc-2022", publication_state=DRAFT)),
        "ascc-2022",
    ),
    "conferences.speaker": (lambda: SpeakerFactory(slug="nguyen-van-a"), "nguyen-van-a"),
    "inquiries.inquiry": (lambda: InquiryFactory(company_name="株式会社輸出"), "株式会社輸出"),
    "registrations.registration": (lambda: RegistrationFactory(organisation="輸出市役所"), "輸出市役所"),
}
ROLES = (CONTENT_EDITORS, INQUIRY_HANDLERS, REGISTRATION_STAFF, None)
ROLE_IDS = ["editor", "handler", "registration", "no-group"]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def csv_upload(label, row):
    """The row as the CSV file its admin exports, ready to be uploaded again."""
    resource = IMPORT_EXPORT_ADMINS[label].resource_classes[0]()
    dataset = resource.export(queryset=type(row).objects.filter(pk=row.pk))
    upload = io.BytesIO(dataset.csv.encode("utf-8"))
    upload.name = "upload.csv"
    return upload


def export_form_data(label):
    """What the export page posts: the first format (CSV) and, where fields are selectable, every field."""
    resource = IMPORT_EXPORT_ADMINS[label].resource_classes[0]
    return {
        "format": "0",
        "resource": "0",
        **{f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()},
    }


def test_every_import_export_admin_has_an_owning_group_and_a_sample():
    assert set(IMPORT_EXPORT_ADMINS) >= {"cities.keyfigure", "conferences.session", "conferences.speaker"}
    assert "inquiries.inquiry" in EXPORT_ADMINS and "inquiries.inquiry" not in IMPORT_ADMINS
    assert {label.split(".")[0] for label in IMPORT_EXPORT_ADMINS} <= set(OWNING_GROUP)
    assert set(IMPORT_EXPORT_ADMINS) <= set(SAMPLES)


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
@pytest.mark.parametrize("label", IMPORT_ADMINS)
def test_import_only_by_the_owning_group(admin_user, staff_client, label, role):
    allowed = OWNING_GROUP[label.split(".")[0]] == role
    model = IMPORT_EXPORT_ADMINS[label].model
    factory, _marker = SAMPLES[label]
    row = factory()
    upload_bytes = csv_upload(label, row).getvalue()
    row.delete()

    def upload():
        file = io.BytesIO(upload_bytes)
        file.name = "upload.csv"
        return {"import_file": file, "format": "0", "resource": "0"}

    client = staff_client("staff", role)
    assert client.get(admin_url(label, "import")).status_code == (200 if allowed else 403)
    response = client.post(admin_url(label, "import"), upload())
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        confirm = response.context["confirm_form"].initial
    else:
        # The confirmation a permitted user's upload would lead to, sent by this user instead.
        confirm = logged_in(admin_user).post(admin_url(label, "import"), upload()).context["confirm_form"].initial

    response = client.post(admin_url(label, "process_import"), confirm)

    assert response.status_code == (302 if allowed else 403)
    assert model.objects.count() == (1 if allowed else 0)


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
@pytest.mark.parametrize("label", EXPORT_ADMINS)
def test_export_only_by_the_owning_group(staff_client, label, role):
    allowed = OWNING_GROUP[label.split(".")[0]] == role
    factory, marker = SAMPLES[label]
    factory()
    client = staff_client("staff", role)

    assert client.get(admin_url(label, "export")).status_code == (200 if allowed else 403)
    response = client.post(admin_url(label, "export"), export_form_data(label))

    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert marker in response.content.decode("utf-8-sig")
    else:
        assert "Content-Disposition" not in response


@pytest.mark.parametrize(
    ("codenames", "can_import", "can_export"),
    [
        (("view",), False, True),
        (("add",), False, False),
        (("change",), False, True),  # in Django the change permission includes viewing
        (("add", "change"), True, True),
    ],
)
def test_import_needs_add_and_change_export_needs_view(django_user_model, codenames, can_import, can_export):
    user = django_user_model.objects.create_user("clerk", "clerk@example.com", "pw-long-enough-123", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="cities", codename__in=[f"{c}_keyfigure" for c in codenames])
    )
    client = logged_in(user)

    assert client.get(admin_url("cities.keyfigure", "import")).status_code == (200 if can_import else 403)
    assert client.get(admin_url("cities.keyfigure", "export")).status_code == (200 if can_export else 403)


def test_handler_import_of_key_figures_leaves_the_public_city_page_unchanged(admin_user, staff_client):
    city = CityFactory(slug="da-nang", name_ja="ダナン", name_en="Da Nang")
    page_url = city.get_absolute_url()
    before = Client().get(page_url).content
    upload = io.BytesIO(
        b"city,kind,reference_year,value,value_max,unit,label_ja,label_en,source_ja,source_en,order\n"
        b"da-nang,population,2022,9876543,,people,,,,,1\n"
    )
    upload.name = "figures.csv"
    confirm = (
        logged_in(admin_user)
        .post(admin_url("cities.keyfigure", "import"), {"import_file": upload, "format": "0", "resource": "0"})
        .context["confirm_form"]
        .initial
    )
    handler = staff_client("staff", INQUIRY_HANDLERS)

    assert handler.post(admin_url("cities.keyfigure", "process_import"), confirm).status_code == 403

    assert not city.key_figures.exists()
    after = Client().get(page_url).content
    assert after == before
    assert b"9,876,543" not in after
    # The same confirmation from a permitted user does change the page.
    assert logged_in(admin_user).post(admin_url("cities.keyfigure", "process_import"), confirm).status_code == 302
    assert b"9,876,543" in Client().get(page_url).content


def test_file_format_is_not_called_the_conference_format(admin_client):
    # Our catalogue translated "Format" as a conference's format (開催形式), which the import and export pages use.
    ConferenceFactory()
    with translation.override("ja"):
        pages = [reverse(f"admin:{label.replace('.', '_')}_export") for label in EXPORT_ADMINS]
        pages += [reverse(f"admin:{label.replace('.', '_')}_import") for label in IMPORT_ADMINS]
        conference_list = reverse("conferences:conference_list")
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert ">フォーマット:</label>" in html, url
        assert "開催形式" not in html, url
    html = admin_client.get(conference_list).content.decode()
    assert "開催形式" in html
