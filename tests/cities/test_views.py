import datetime
import io
import re

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from cities.models import FieldOfCooperation, KeyFigureKind, KeyFigureUnit, RatingLevel, SDGGoal
from tests.conftest import assert_page_shell
from tests.factories import (
    CityCooperationFactory,
    CityFactory,
    FieldOfCooperationFactory,
    KeyFigureFactory,
    ProjectFactory,
    SDGEvaluationFactory,
    SDGIndicatorFactory,
    VoluntaryLocalReviewFactory,
)
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def city_names(response):
    return re.findall(r'<h[23]><a href="/[a-z]{2}/cities/[^"]+/">([^<]+)</a>', response.content.decode())


def full_city(**kwargs):
    """A published city with one of everything its page shows."""
    city = CityFactory(**kwargs)
    KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, value=1195490, unit=KeyFigureUnit.PEOPLE)
    KeyFigureFactory(city=city, kind=KeyFigureKind.AREA, value=1285, unit=KeyFigureUnit.KM2)
    evaluation = SDGEvaluationFactory(city=city, goals_assessed=58, high_count=35, medium_count=12, low_count=11)
    SDGIndicatorFactory(evaluation=evaluation, goal=SDGGoal.objects.get(number=1), rating=RatingLevel.HIGH)
    VoluntaryLocalReviewFactory(city=city)
    CityCooperationFactory(city=city, field=FieldOfCooperation.objects.get(slug="port"), start_year=2019)
    ProjectFactory(city=city)
    return city


@pytest.mark.parametrize("language", ["ja", "en"])
def test_city_list_shows_published_cities_with_figures(client, language):
    city = full_city(name_ja="ダナン市", name_en="Da Nang", cooperation_since="2013-04-01")
    CityFactory(name_en="Draft city", name_ja="下書き都市", publication_state=PublicationState.DRAFT)

    response = client.get(url("cities:city_list", language))

    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    if language == "en":
        assert city_names(response) == ["Da Nang"]
        assert "Cooperating with Yokohama since April 2013" in html
        assert "<dd>1,195,490</dd>" in html
    else:
        assert city_names(response) == ["ダナン市"]
        assert "2013年4月から横浜市と協力" in html
        assert "<dd>1,195,490人</dd>" in html
    assert "<dd>1,285 km²</dd>" in html
    assert f'href="/{language}/cities/{city.slug}/"' in html


def test_city_list_filters_by_country_and_field(client):
    port = FieldOfCooperation.objects.get(slug="port")
    energy = FieldOfCooperation.objects.get(slug="energy")
    da_nang = CityFactory(name_en="Da Nang", country="VN")
    CityCooperationFactory(city=da_nang, field=port)
    cebu = CityFactory(name_en="Cebu", country="PH")
    CityCooperationFactory(city=cebu, field=energy)
    CityCooperationFactory(city=cebu, field=port)

    assert city_names(client.get(url("cities:city_list"), {"country": "PH"})) == ["Cebu"]
    assert city_names(client.get(url("cities:city_list"), {"field": "energy"})) == ["Cebu"]
    assert city_names(client.get(url("cities:city_list"), {"field": "port"})) == ["Cebu", "Da Nang"]
    assert city_names(client.get(url("cities:city_list"), {"field": "port", "country": "VN"})) == ["Da Nang"]
    assert city_names(client.get(url("cities:city_list"))) == ["Cebu", "Da Nang"]


def test_city_list_country_choices_are_those_of_published_cities(client):
    CityFactory(country="VN")
    CityFactory(country="TH", publication_state=PublicationState.DRAFT)
    html = client.get(url("cities:city_list")).content.decode()
    assert re.findall(r'<option value="([A-Z]{2})"', html) == ["VN"]


@pytest.mark.parametrize(
    "query",
    [
        {"country": "ZZ"},
        {"country": "<script>"},
        {"field": "no-such-field"},
        {"field": "port' OR 1=1"},
        {"country": ["VN", "TH"], "field": ""},
        {"page": "abc"},
    ],
)
def test_city_list_survives_junk_filters(client, query):
    CityFactory(name_en="Da Nang")
    response = client.get(url("cities:city_list"), query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_city_list_query_count_is_constant(client, django_assert_max_num_queries):
    full_city()
    with django_assert_max_num_queries(4):
        assert client.get(url("cities:city_list")).status_code == 200
    for _ in range(49):
        full_city()
    with django_assert_max_num_queries(4):
        response = client.get(url("cities:city_list"))
    assert len(city_names(response)) == 50


@pytest.mark.parametrize("language", ["ja", "en"])
def test_city_detail_shows_the_whole_profile(client, language):
    city = full_city(
        name_ja="ダナン市",
        name_en="Da Nang",
        vision_ja="VISION 2045：スマートシティ",
        vision_en="VISION 2045: a smart city",
        development_sectors_ja="観光\n港湾",
        development_sectors_en="Tourism\nPort and airport",
    )

    response = client.get(url("cities:city_detail", language, slug=city.slug))

    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    assert 'role="img"' in html
    assert re.findall(r'class="sdg-chart-value">([^<]+)<', html) == ["35 (60%)", "12 (21%)", "11 (19%)"]
    assert 'fill="#E5243B"' in html  # goal 1's colour marks the indicator's goal
    if language == "en":
        assert "<h1>Da Nang</h1>" in html
        assert '<td class="number">1,195,490</td>' in html
        assert "VISION 2045: a smart city" in html
        assert "<li>Tourism</li><li>Port and airport</li>" in html
        assert "<strong>Port</strong>" in html
        assert 'class="vlr-state vlr-state-planned">planned</strong>' in html
    else:
        assert "<h1>ダナン市</h1>" in html
        assert '<td class="number">1,195,490人</td>' in html
        assert "<li>観光</li><li>港湾</li>" in html
        assert "<strong>港湾</strong>" in html
        assert 'class="vlr-state vlr-state-planned">予定</strong>' in html


def test_city_detail_unknown_slug_is_404(client):
    assert client.get(url("cities:city_detail", slug="atlantis")).status_code == 404


DRAFT_NOTICE = "<strong>Draft preview</strong> — visitors cannot see this page yet; only staff can."


def test_city_detail_draft_is_404_for_visitors_and_a_preview_for_staff_with_the_draft_notice(client, admin_user):
    city = CityFactory(publication_state=PublicationState.DRAFT)
    detail = url("cities:city_detail", slug=city.slug)
    assert client.get(detail).status_code == 404

    client.force_login(admin_user)
    response = client.get(detail)
    assert response.status_code == 200
    assert response.context["draft_preview"] is True
    assert f'<p class="draft-notice" role="status">{DRAFT_NOTICE}</p>' in response.content.decode()


def test_city_detail_outside_its_window_shows_staff_the_draft_notice(client, admin_user):
    city = CityFactory(publish_until=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    assert client.get(city.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    assert DRAFT_NOTICE in client.get(url("cities:city_detail", slug=city.slug)).content.decode()


def test_city_detail_published_shows_staff_no_draft_notice(client, admin_user):
    city = CityFactory()
    client.force_login(admin_user)
    response = client.get(url("cities:city_detail", slug=city.slug))
    assert response.context["staff_preview"] is True
    assert response.context["draft_preview"] is False
    assert "draft-notice" not in response.content.decode()


def test_city_projects_link_to_their_pages_and_to_the_inquiry_form_with_the_project(client):
    city = CityFactory(name_en="Da Nang", slug="da-nang")
    ProjectFactory(city=city, title_en="Tourism", slug="da-nang-tourism")
    ProjectFactory(city=city, title_en="Draft plan", publication_state=PublicationState.DRAFT)
    html = client.get("/en/cities/da-nang/").content.decode()
    assert '<h3><a href="/en/projects/da-nang-tourism/">Tourism</a></h3>' in html
    assert (
        '<a href="/en/inquiry/?project=da-nang-tourism">Ask about this project'
        '<span class="visually-hidden">: Tourism</span></a>'
    ) in html
    assert "Draft plan" not in html


def test_city_detail_query_count_is_constant(client, django_assert_max_num_queries):
    city = full_city()
    with django_assert_max_num_queries(9):  # profile 7, sessions and speakers 2
        assert client.get(city.get_absolute_url()).status_code == 200
    big = full_city()
    evaluation = big.sdg_evaluations.get()
    for index in range(20):
        KeyFigureFactory(city=big, kind=KeyFigureKind.OTHER, label_ja=f"指標{index}")
        ProjectFactory(city=big, field=FieldOfCooperationFactory())
        CityCooperationFactory(city=big, field=FieldOfCooperationFactory())
    for _ in range(10):
        SDGIndicatorFactory(evaluation=evaluation, rating=RatingLevel.LOW, goal=SDGGoal.objects.get(number=11))
    SDGEvaluationFactory(city=big, year=2020)
    for _ in range(48):
        full_city()
    with django_assert_max_num_queries(9):  # profile 7, sessions and speakers 2
        assert client.get(big.get_absolute_url()).status_code == 200


def test_home_lists_partner_cities_with_constant_queries(client):
    full_city(name_en="Da Nang")
    CityFactory(name_en="Draft", publication_state=PublicationState.DRAFT)
    home = url("home")
    response = client.get(home)
    assert city_names(response) == ["Da Nang"]
    baseline = len(_queries_of(client, home))
    for _ in range(49):
        full_city()
    assert len(_queries_of(client, home)) == baseline
    assert len(city_names(client.get(home))) == 6


def _queries_of(client, path):
    """The queries of rendering ``path`` afresh, with none of its fragments cached."""
    caches["template_fragments"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return queries


def test_city_detail_shows_the_hero_image_renditions_with_its_description(client):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "#00558c").save(buffer, "JPEG")
    city = CityFactory(slug="da-nang", hero_image_alt_en="The Han River at dusk")
    city.hero_image.save("da-nang.jpg", ContentFile(buffer.getvalue()))

    html = client.get(url("cities:city_detail", slug="da-nang")).content.decode()

    assert (
        '<img class="city-hero" src="/media/cities/da-nang.w1200.webp" '
        'srcset="/media/cities/da-nang.w480.webp 480w, /media/cities/da-nang.w1200.webp 1200w" '
        'sizes="(max-width: 72rem) 100vw, 72rem" alt="The Han River at dusk">'
    ) in html


def test_key_figure_table_shows_year_and_source_columns_only_when_they_differ(client):
    city = CityFactory(slug="da-nang")
    KeyFigureFactory(city=city, kind=KeyFigureKind.POPULATION, reference_year=2022, source_en="Census")
    KeyFigureFactory(
        city=city, kind=KeyFigureKind.AREA, unit=KeyFigureUnit.KM2, reference_year=2022, source_en="Census"
    )
    html = client.get(url("cities:city_detail", slug="da-nang")).content.decode()
    assert '<th scope="col">Reference year</th>' not in html
    assert '<p class="meta">Reference year: 2022</p>' in html
    assert '<p class="meta">Source: Census</p>' in html

    KeyFigureFactory(
        city=city, kind=KeyFigureKind.COASTLINE, unit=KeyFigureUnit.KM, reference_year=2021, source_en="Atlas"
    )
    html = client.get(url("cities:city_detail", slug="da-nang")).content.decode()
    assert '<th scope="col">Reference year</th>' in html
    assert '<th scope="col">Source</th>' in html
    assert "<td>2021</td>" in html and "<td>Atlas</td>" in html
    assert "Source: " not in html
