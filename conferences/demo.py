"""Demo content of the conferences app: the 11th Asia Smart City Conference, one of its sessions and one speaker,
from shared/seeds/FACTS.md only. The FACTS name no SDG goal numbers, so the session links to none."""

import datetime

from cities.models import City
from conferences.models import Conference, ConferenceFormat, Session, SessionKind, Speaker
from conferences.services import record_appearance
from yport.publishing import PublicationState


def load(*, stdout=None):
    """Create or update the demo conference, session, speaker and appearance; running it twice changes nothing."""
    da_nang = City.objects.filter(slug="da-nang").first()
    conference, _created = Conference.objects.update_or_create(
        slug="ascc-2022",
        defaults={
            "edition": 11,
            "title_ja": "第11回アジア・スマートシティ会議",
            "title_en": "11th Asia Smart City Conference",
            "theme_ja": "持続可能な成長を実現する公民連携による新たな都市づくり～脱炭素、SDGs/VLR、スマートシティ～",
            "theme_en": (
                "New city-making through public-private partnership for sustainable growth — decarbonisation, "
                "SDGs/VLR, smart city"
            ),
            "description_ja": (
                "アジア・スマートシティ会議は、横浜市が2012年（平成24年）から、シティプロモーションと市内企業の"
                "海外展開支援の一環として開催しています。第11回はオンラインで開催し、政府機関、企業、海外都市、"
                "国際機関、学術機関などから約730人が参加しました。"
            ),
            "description_en": (
                "Yokohama has held the Asia Smart City Conference since 2012 as city promotion and to support local "
                "companies' overseas business. The 11th edition was held online, with about 730 participants from "
                "government agencies, companies, overseas cities, international organisations and academia."
            ),
            "start_date": datetime.date(2022, 11, 24),
            "end_date": datetime.date(2022, 11, 25),
            "format": ConferenceFormat.ONLINE,
            "venue_ja": "",
            "venue_en": "",
            "participants": 730,
            "organiser_ja": "横浜市",
            "organiser_en": "City of Yokohama",
            "report_url": "https://yport.city.yokohama.lg.jp/promotion/ascc",
            "publication_state": PublicationState.PUBLISHED,
        },
    )
    session, _created = Session.objects.update_or_create(
        conference=conference,
        slug="sdgs-vlr-well-being",
        defaults={
            "title_ja": "SDGs/VLR/ウェルビーイング指標",
            "title_en": "SDGs / VLR / well-being indicators",
            "kind": SessionKind.THEMATIC,
            "order": 1,
            "summary_ja": (
                "持続可能な都市づくりには、ゼロカーボン、SDGs/VLRなどの都市評価手法、そして変化する社会のニーズに"
                "応えるスマートシティが必要であり、それらを公民連携で実現することが求められています。本セッションでは"
                "知見と優良事例を共有しました。世界の100以上の自治体が、SDGsの達成状況を自主的に検証するVLR"
                "（自発的自治体レビュー）を公表しており、日本政府もこれを支援しています。自治体や企業のSDGsの取組を"
                "どのように評価・検証するか、都市の現状の検証をどのように行動につなげるかを議論しました。"
            ),
            "summary_en": (
                "Sustainable city-making needs zero carbon, city evaluation methods such as SDGs/VLR, and smart cities "
                "that follow changing social needs, achieved through public-private partnership; the session shared "
                "knowledge and best practice. Over 100 local governments worldwide publish a VLR (Voluntary Local "
                "Review), a voluntary review of their progress toward the SDGs; Japan's government supports this. "
                "The session discussed how local governments' and companies' SDG efforts are evaluated and reviewed, "
                "and how reviewing a city's state leads to action."
            ),
        },
    )
    if da_nang is not None:
        session.cities.add(da_nang)
    speaker, _created = Speaker.objects.update_or_create(
        slug="le-minh-tuong",
        defaults={
            # The press release writes his name in Latin letters in Japanese too.
            "name_ja": "Le Minh Tuong",
            "name_en": "Le Minh Tuong",
            "position_ja": "副局長",
            "position_en": "Deputy Director",
            "organisation_ja": "ダナン市計画投資局",
            "organisation_en": "Department of Planning and Investment, Da Nang City",
            "city": da_nang,
        },
    )
    record_appearance(
        session=session,
        speaker=speaker,
        order=1,
        role="speaker",
        presentation_title_ja="ダナン市の概要、持続可能な開発の現状と目標、横浜市との協力、投資機会",
        presentation_title_en=(
            "Da Nang's overview, sustainable-development status and goals, cooperation with Yokohama, "
            "investment opportunities"
        ),
    )
