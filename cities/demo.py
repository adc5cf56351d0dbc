"""Demo content of the cities app: Da Nang, from shared/seeds/FACTS.md only (fields without a fact stay empty)."""

import datetime
from decimal import Decimal

from cities.models import (
    City,
    CityCooperation,
    FieldOfCooperation,
    KeyFigure,
    KeyFigureKind,
    KeyFigureUnit,
    RatingLevel,
    SDGEvaluation,
    SDGGoal,
    SDGIndicator,
    VLRState,
    VoluntaryLocalReview,
)
from yport.publishing import PublicationState

SOURCE_JA = "第11回アジア・スマートシティ会議（2022年11月）でのダナン市計画投資局の発表"
SOURCE_EN = (
    "Presentation by Da Nang's Department of Planning and Investment at the 11th Asia Smart City Conference "
    "(November 2022)"
)

SUMMARY_JA = (
    "ベトナム国ダナン市は、2013年4月に横浜市と持続可能な都市の発展に向けた技術協力に関する覚書を交わして以来、"
    "横浜市との都市間協力を続けています。2019年から2022年現在にかけては、ダナン都市開発フォーラム等を通じて、"
    "固形廃棄物管理、環境配慮、港湾、都市公共交通、エコ工業団地、革新的な都市管理の分野で協力しています。\n\n"
    "2017年5月10日、ベトナム政府は「持続可能な開発のための2030アジェンダ」実施に向けた国家活動計画を策定し、"
    "169のSDGsのターゲットから115のターゲットを選択しました。ダナン市は、経済（貧困、農業開発など）、"
    "社会（ヘルスケア、教育、男女平等など）、環境（水資源管理、公衆衛生、林業、生物多様性など）の3つの分野で"
    "それぞれ目標を設定しています。"
)
SUMMARY_EN = (
    "Da Nang, Viet Nam, has cooperated with Yokohama since the two cities signed a memorandum on technical "
    "cooperation for sustainable urban development in April 2013. From 2019 to 2022 the cooperation focused on "
    "solid waste management, environmental consideration, port, urban public transport, eco-industrial parks and "
    "innovative urban management, for example through the Da Nang Urban Development Forum.\n\n"
    "On 10 May 2017 the Government of Viet Nam adopted its national action plan for the 2030 Agenda for "
    "Sustainable Development, selecting 115 of the 169 SDG targets. Da Nang sets goals in three areas: economy "
    "(poverty, agricultural development, …), society (health care, education, gender equality, …) and "
    "environment (water resources, sanitation, forestry, biodiversity, …)."
)
VISION_JA = (
    "VISION 2045：ダナン市が生物多様性に富んだスマートシティとなり、アントレプレナーシップ（起業家精神）・"
    "イノベーションの中心地となり、アジアの魅力的な沿岸都市となることを目指します。\n\n"
    "海洋経済、ハイテク産業、観光・高品質サービスの3つを柱として、5つの開発セクターの開発を進めていく方針です。"
)
VISION_EN = (
    "VISION 2045: Da Nang is to become a smart city rich in biodiversity, a centre of entrepreneurship and "
    "innovation, and an attractive coastal city of Asia.\n\n"
    "It rests on three pillars — the marine economy, high-tech industry, and tourism and high-quality services — "
    "and develops five sectors."
)
SECTORS_JA = (
    "観光・高品質サービス（不動産、リゾート）\n"
    "港湾および空港（物流サービス）\n"
    "ハイテク産業（スマートシティ、スタートアップ）\n"
    "情報技術産業（デジタル経済）\n"
    "ハイテク農水産業"
)
SECTORS_EN = (
    "Tourism and high-quality services (real estate, resorts)\n"
    "Port and airport (logistics)\n"
    "High-tech industry (smart city, start-ups)\n"
    "Information technology (digital economy)\n"
    "High-tech agriculture and fisheries"
)

# kind, value, upper value, unit
KEY_FIGURES = (
    (KeyFigureKind.POPULATION, Decimal("1195490"), None, KeyFigureUnit.PEOPLE),
    (KeyFigureKind.AREA, Decimal("1285"), None, KeyFigureUnit.KM2),
    (KeyFigureKind.COASTLINE, Decimal("92"), None, KeyFigureUnit.KM),
    (KeyFigureKind.HOSPITALS, Decimal("22"), None, KeyFigureUnit.NUMBER),
    (KeyFigureKind.COMMERCIAL_FACILITIES, Decimal("79"), None, KeyFigureUnit.NUMBER),
    (KeyFigureKind.DEVELOPMENT_INVESTMENT, Decimal("1400000000"), None, KeyFigureUnit.USD),
    (KeyFigureKind.GRDP, Decimal("4670000000"), None, KeyFigureUnit.USD),
    (KeyFigureKind.GRDP_GROWTH, Decimal("9"), Decimal("10"), KeyFigureUnit.PERCENT),
)

# Japanese, English, SDG goal, rating. The goal is the one each example plainly belongs to.
INDICATORS = (
    ("貧困世帯の割合", "Share of poor households", 1, RatingLevel.HIGH),
    ("1人あたりの所得", "Income per person", 8, RatingLevel.MEDIUM),
    ("1人あたりの緑地面積", "Green space per person", 11, RatingLevel.LOW),
)

COOPERATION_FIELDS = (
    "solid-waste-management",
    "environmental-consideration",
    "port",
    "urban-public-transport",
    "eco-industrial-parks",
    "innovative-urban-management",
)


def load(*, stdout=None):
    """Create or update the demo partner city; running it twice changes nothing."""
    city, _created = City.objects.update_or_create(
        slug="da-nang",
        defaults={
            "name": "ダナン市",
            "name_ja": "ダナン市",
            "name_en": "Da Nang",
            "country": "VN",
            "summary_ja": SUMMARY_JA,
            "summary_en": SUMMARY_EN,
            "vision_ja": VISION_JA,
            "vision_en": VISION_EN,
            "development_sectors_ja": SECTORS_JA,
            "development_sectors_en": SECTORS_EN,
            "cooperation_since": datetime.date(2013, 4, 1),
            "agreement_name_ja": "持続可能な都市の発展に向けた技術協力に関する覚書",
            "agreement_name_en": "Memorandum on technical cooperation for sustainable urban development",
            "publication_state": PublicationState.PUBLISHED,
        },
    )
    for order, (kind, value, value_max, unit) in enumerate(KEY_FIGURES, start=1):
        KeyFigure.objects.update_or_create(
            city=city,
            kind=kind,
            reference_year=None,
            defaults={
                "value": value,
                "value_max": value_max,
                "unit": unit,
                "source_ja": SOURCE_JA,
                "source_en": SOURCE_EN,
                "order": order * 10,
            },
        )

    evaluation, _created = SDGEvaluation.objects.update_or_create(
        city=city,
        year=None,
        defaults={
            "title_ja": "持続可能な開発目標の進捗状況の評価",
            "title_en": "Evaluation of progress toward the Sustainable Development Goals",
            "method_ja": "都市開発に関する58の目標を、高・中・低の3段階で評価しています。",
            "method_en": "Da Nang rates 58 urban-development goals on three levels: high, medium and low.",
            "goals_assessed": 58,
            "high_count": 35,
            "medium_count": 12,
            "low_count": 11,
        },
    )
    goals = {goal.number: goal for goal in SDGGoal.objects.all()}
    for order, (text_ja, text_en, goal_number, rating) in enumerate(INDICATORS, start=1):
        SDGIndicator.objects.update_or_create(
            evaluation=evaluation,
            text_en=text_en,
            defaults={
                "text_ja": text_ja,
                "goal": goals.get(goal_number),
                "rating": rating,
                "order": order * 10,
            },
        )

    VoluntaryLocalReview.objects.update_or_create(
        city=city,
        title_en="Da Nang Voluntary Local Review",
        defaults={"title_ja": "ダナン市VLR（自主的地域レビュー）", "state": VLRState.PLANNED},
    )

    fields = FieldOfCooperation.objects.in_bulk(COOPERATION_FIELDS, field_name="slug")
    for slug in COOPERATION_FIELDS:
        CityCooperation.objects.update_or_create(
            city=city,
            field=fields[slug],
            defaults={"start_year": 2019, "end_year": 2022, "note_ja": "", "note_en": ""},
        )
