import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cities.models import (
    City,
    CityCooperation,
    KeyFigure,
    SDGEvaluation,
    SDGIndicator,
    VLRState,
    VoluntaryLocalReview,
    indicator_rating_errors,
)
from conferences.models import Appearance, Conference, ConferenceFormat, Session, Speaker
from inquiries.models import Inquiry, InquiryEmail, InquiryEmailState, InquiryEvent, InquiryStatus
from projects.models import Project, ProjectResult, ProjectStage
from tests.factories import ConferenceFactory, InquiryFactory, SpeakerFactory
from yport.benchmark import SYNTHETIC_JA
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db

SMALL = {"conferences": 31, "speakers": 40, "cities": 26, "inquiries": 60}
CONTENT_APPS = ("cities", "projects", "conferences", "inquiries")


def seed(reset=False, **sizes):
    arguments = [f"--{name}={size}" for name, size in {**SMALL, **sizes}.items()]
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_benchmark", *arguments, *(["--reset"] if reset else []), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def row_counts():
    """The number of rows of every model of the content apps, many-to-many tables included."""
    counts = {}
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            counts[model._meta.label] = model._default_manager.count()
    return counts


def bench(model):
    return model.objects.filter(slug__startswith="bench-")


def test_seed_benchmark_adds_the_numbers_asked_for():
    out, _err = seed()
    assert out.strip() == "Added benchmark rows: 31 conferences, 40 speakers, 26 cities, 151 projects, 60 inquiries"
    assert bench(Project).count() == 151
    assert bench(Conference).count() == 31
    assert bench(Speaker).count() == 40
    assert bench(City).count() == 26
    assert Inquiry.objects.filter(reference__startswith="YP-BENCH-").count() == 60
    assert Session.objects.filter(conference__slug__startswith="bench-").count() >= 31 * 4
    assert not bench(Speaker).filter(appearances__isnull=True).exists()


def test_seed_benchmark_covers_every_format_state_and_status():
    seed()
    now = timezone.now()
    today = timezone.localdate()
    conferences = bench(Conference)
    assert set(conferences.values_list("format", flat=True)) == set(ConferenceFormat.values)
    assert set(conferences.values_list("publication_state", flat=True)) == set(PublicationState.values)
    assert conferences.filter(publication_state=PublicationState.PUBLISHED, publish_until__lt=now).exists()
    assert conferences.filter(publication_state=PublicationState.PUBLISHED, publish_from__gt=now).exists()
    assert conferences.filter(start_date__lt=today).exists() and conferences.filter(start_date__gt=today).exists()
    assert 0 < conferences.published().count() < 31
    assert 0 < bench(City).published().count() < 26
    assert not conferences.filter(format=ConferenceFormat.ONLINE).exclude(venue_ja="", venue_en="").exists()
    sessions = Session.objects.filter(conference__in=conferences)
    assert sessions.filter(cities__isnull=False).exists() and sessions.filter(sdg_goals__isnull=False).exists()
    speakers = bench(Speaker)
    assert speakers.exclude(position_ja="").exclude(position_en="").exclude(organisation_en="").exists()
    assert speakers.filter(name_en="").exists()  # some fall back to Japanese, as real data does
    assert speakers.filter(city__slug__startswith="bench-").exists()
    cities = bench(City)
    for model in (KeyFigure, SDGEvaluation, VoluntaryLocalReview, CityCooperation, Project):
        assert model.objects.filter(city__in=cities).exists(), model
    assert SDGIndicator.objects.filter(evaluation__city__in=cities).exists()
    projects = Project.objects.filter(city__in=cities)
    assert set(projects.values_list("stage", flat=True)) == set(ProjectStage.values)
    assert set(ProjectResult.objects.values_list("project__stage", flat=True)) == {ProjectStage.COMPLETED}
    assert not projects.exclude(summary_ja__contains=SYNTHETIC_JA).exists()  # every project says it is synthetic
    assert projects.filter(publication_state=PublicationState.DRAFT).exists()
    assert projects.filter(sdg_goals__isnull=False).exists()
    assert set(VoluntaryLocalReview.objects.filter(city__in=cities).values_list("state", flat=True)) == set(
        VLRState.values
    )
    inquiries = Inquiry.objects.filter(reference__startswith="YP-BENCH-")
    assert set(inquiries.values_list("status", flat=True)) == set(InquiryStatus.values)
    assert inquiries.filter(fields_of_interest__isnull=False).exists()
    assert inquiries.filter(anonymised_at__isnull=False).exists()
    assert InquiryEvent.objects.filter(inquiry__in=inquiries).count() >= 60
    assert not InquiryEmail.objects.filter(inquiry__in=inquiries).exclude(state=InquiryEmailState.SENT).exists()
    assert inquiries.order_by("created_at").first().created_at < now - timezone.timedelta(days=365)


def test_seed_benchmark_rows_pass_model_validation():
    seed(conferences=12, speakers=20, cities=8, inquiries=30)
    cities = bench(City)
    conferences = bench(Conference)
    querysets = [
        cities,
        KeyFigure.objects.filter(city__in=cities),
        SDGEvaluation.objects.filter(city__in=cities),
        SDGIndicator.objects.filter(evaluation__city__in=cities),
        VoluntaryLocalReview.objects.filter(city__in=cities),
        CityCooperation.objects.filter(city__in=cities),
        Project.objects.filter(city__in=cities),
        ProjectResult.objects.filter(project__city__in=cities),
        conferences,
        Session.objects.filter(conference__in=conferences),
        bench(Speaker),
        Appearance.objects.filter(session__conference__in=conferences),
        Inquiry.objects.filter(reference__startswith="YP-BENCH-"),
    ]
    for queryset in querysets:
        for row in queryset:
            row.full_clean()
    for evaluation in SDGEvaluation.objects.filter(city__in=cities).prefetch_related("indicators"):
        assert indicator_rating_errors(evaluation, [item.rating for item in evaluation.indicators.all()]) == []


def test_seed_benchmark_twice_adds_nothing():
    seed()
    counts = row_counts()
    out, _err = seed()
    assert out.strip() == "Added benchmark rows: 0 conferences, 0 speakers, 0 cities, 0 projects, 0 inquiries"
    assert row_counts() == counts


def test_seed_benchmark_tops_up_to_larger_numbers():
    seed(conferences=3, speakers=10, cities=2, inquiries=5)
    out, _err = seed(conferences=5, speakers=30, cities=4, inquiries=9)
    assert out.strip() == "Added benchmark rows: 2 conferences, 20 speakers, 2 cities, 10 projects, 4 inquiries"
    assert bench(Conference).count() == 5
    assert bench(Speaker).count() == 30
    assert bench(City).count() == 4
    assert Inquiry.objects.filter(reference__startswith="YP-BENCH-").count() == 9
    assert not bench(Speaker).filter(appearances__isnull=True).exists()


def test_seed_benchmark_is_the_same_after_a_reset():
    seed(conferences=4, speakers=12, cities=3, inquiries=6)
    titles = sorted(Session.objects.filter(conference__slug__startswith="bench-").values_list("title_en", flat=True))
    seed(reset=True, conferences=4, speakers=12, cities=3, inquiries=6)
    assert sorted(Session.objects.values_list("title_en", flat=True)) == titles


def test_seed_benchmark_reset_deletes_only_benchmark_rows():
    call_command("load_demo", stdout=io.StringIO())
    own_conference = ConferenceFactory(slug="benchmarking-workshop")  # a real slug that merely looks alike
    own_speaker = SpeakerFactory()
    own_inquiry = InquiryFactory()
    before = row_counts()
    seed()
    assert row_counts() != before
    out, _err = seed(reset=True, conferences=0, speakers=0, cities=0, inquiries=0)
    assert out.splitlines()[0] == (
        "Deleted benchmark rows: 31 conferences, 40 speakers, 26 cities, 151 projects, 60 inquiries"
    )
    assert row_counts() == before
    assert City.objects.get(slug="da-nang").key_figures.count() == 8
    assert Appearance.objects.filter(speaker__slug="le-minh-tuong").count() == 1
    for row in (own_conference, own_speaker, own_inquiry):
        row.refresh_from_db()


def test_seed_benchmark_shows_progress_on_stderr():
    _out, err = seed(conferences=2, speakers=4, cities=1, inquiries=3)
    lines = err.splitlines()
    for phase, total in (("cities", 2), ("speakers", 4), ("conferences", 6), ("inquiries", 9)):
        assert f"{phase:<24} [{'#' * 30}] {total}/{total}" in lines, phase


def test_seed_benchmark_refuses_negative_numbers():
    with pytest.raises(Exception, match="--speakers must be 0 or more"):
        seed(speakers=-1)


def public_pages():
    conference = Conference.objects.get(slug="bench-conference-00001")
    session = conference.sessions.get(slug="session-01")
    project = Project.objects.published().filter(stage=ProjectStage.COMPLETED).order_by("slug").first()
    pages = []
    for language in ("ja", "en"):
        pages += [
            f"/{language}/",
            f"/{language}/conferences/",
            f"/{language}/conferences/{conference.slug}/",
            f"/{language}/conferences/{conference.slug}/sessions/{session.slug}/",
            f"/{language}/speakers/",
            f"/{language}/speakers/bench-speaker-00001/",
            f"/{language}/cities/",
            f"/{language}/cities/bench-city-00001/",
            f"/{language}/projects/",
            f"/{language}/projects/{project.slug}/",
            f"/{language}/inquiry/?project={project.slug}",
            f"/{language}/privacy/",
        ]
    return pages


def query_counts(client):
    counts = {}
    for path in public_pages():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_seeded_public_pages_query_counts_do_not_grow_with_the_data(client):
    seed(conferences=2, speakers=6, cities=1, inquiries=0)
    small = query_counts(client)
    seed(conferences=40, speakers=200, cities=12, inquiries=0)
    assert Session.objects.filter(cities__slug="bench-city-00001").count() > 10
    assert query_counts(client) == small
