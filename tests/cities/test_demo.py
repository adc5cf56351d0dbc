import io

import pytest

from cities import demo
from cities.models import (
    City,
    CityCooperation,
    KeyFigure,
    SDGEvaluation,
    SDGIndicator,
    VoluntaryLocalReview,
)
from tests.conftest import assert_page_shell

pytestmark = pytest.mark.django_db

ENGLISH_FACTS = [
    "<h1>Da Nang</h1>",
    "Viet Nam",
    "<dt>Cooperation with Yokohama since</dt><dd>April 2013</dd>",
    "<dt>Agreement</dt><dd>Memorandum on technical cooperation for sustainable urban development</dd>",
    "Memorandum on technical cooperation for sustainable urban development",
    '<td class="number">1,195,490</td>',
    '<td class="number">1,285 km²</td>',
    '<td class="number">92 km</td>',
    '<td class="number">22</td>',
    '<td class="number">79</td>',
    '<td class="number">USD 1.4 billion</td>',
    '<td class="number">USD 4.67 billion</td>',
    '<td class="number">9–10 %</td>',
    "10 May 2017",
    "115 of the 169 SDG targets",
    "Of 58 goals assessed, 35 are rated high, 12 medium and 11 low.",
    "Share of poor households",
    "Income per person",
    "Green space per person",
    'vlr-state-planned">planned</strong>',
    "VISION 2045",
    "<li>High-tech agriculture and fisheries</li>",
    "<strong>Solid waste management</strong>",
    "<strong>Innovative urban management</strong>",
    "Da Nang Urban Development Forum",
    "Source: Presentation by Da Nang&#x27;s Department of Planning and Investment at the 11th Asia Smart City "
    "Conference (November 2022)",
]

JAPANESE_FACTS = [
    "<h1>ダナン市</h1>",
    "<dd>2013年4月</dd>",
    "持続可能な都市の発展に向けた技術協力に関する覚書",
    '<td class="number">1,195,490人</td>',
    '<td class="number">1,285 km²</td>',
    '<td class="number">14億 USD</td>',
    '<td class="number">46億7千万 USD</td>',
    '<td class="number">9–10%</td>',
    "評価した58の目標のうち、高評価が35、中評価が12、低評価が11です。",
    "貧困世帯の割合",
    "1人あたりの所得",
    "1人あたりの緑地面積",
    'vlr-state-planned">予定</strong>',
    "<strong>固形廃棄物管理</strong>",
]

MODELS = (City, KeyFigure, SDGEvaluation, SDGIndicator, VoluntaryLocalReview, CityCooperation)


def test_demo_loads_da_nang_once_however_often_it_runs():
    demo.load(stdout=io.StringIO())
    counts = [model.objects.count() for model in MODELS]
    demo.load(stdout=io.StringIO())
    assert [model.objects.count() for model in MODELS] == counts == [1, 8, 1, 3, 1, 6]


@pytest.mark.parametrize(("language", "facts"), [("en", ENGLISH_FACTS), ("ja", JAPANESE_FACTS)])
def test_demo_city_page_shows_every_fact(client, language, facts):
    demo.load(stdout=io.StringIO())
    response = client.get(f"/{language}/cities/da-nang/")
    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    assert [fact for fact in facts if fact not in html] == []
