"""The 17 SDGs (short names as published by the UN Information Centre in Japan, UN colours) and the
fields of cooperation the programme works in."""

from django.db import migrations

SDG_GOALS = [
    (1, "貧困をなくそう", "No poverty", "#E5243B"),
    (2, "飢餓をゼロに", "Zero hunger", "#DDA63A"),
    (3, "すべての人に健康と福祉を", "Good health and well-being", "#4C9F38"),
    (4, "質の高い教育をみんなに", "Quality education", "#C5192D"),
    (5, "ジェンダー平等を実現しよう", "Gender equality", "#FF3A21"),
    (6, "安全な水とトイレを世界中に", "Clean water and sanitation", "#26BDE2"),
    (7, "エネルギーをみんなに そしてクリーンに", "Affordable and clean energy", "#FCC30B"),
    (8, "働きがいも経済成長も", "Decent work and economic growth", "#A21942"),
    (9, "産業と技術革新の基盤をつくろう", "Industry, innovation and infrastructure", "#FD6925"),
    (10, "人や国の不平等をなくそう", "Reduced inequalities", "#DD1367"),
    (11, "住み続けられるまちづくりを", "Sustainable cities and communities", "#FD9D24"),
    (12, "つくる責任 つかう責任", "Responsible consumption and production", "#BF8B2E"),
    (13, "気候変動に具体的な対策を", "Climate action", "#3F7E44"),
    (14, "海の豊かさを守ろう", "Life below water", "#0A97D9"),
    (15, "陸の豊かさも守ろう", "Life on land", "#56C02B"),
    (16, "平和と公正をすべての人に", "Peace, justice and strong institutions", "#00689D"),
    (17, "パートナーシップで目標を達成しよう", "Partnerships for the goals", "#19486A"),
]

FIELDS_OF_COOPERATION = [
    ("solid-waste-management", "固形廃棄物管理", "Solid waste management"),
    ("environmental-consideration", "環境配慮", "Environmental consideration"),
    ("port", "港湾", "Port"),
    ("urban-public-transport", "都市公共交通", "Urban public transport"),
    ("eco-industrial-parks", "エコ工業団地", "Eco-industrial parks"),
    ("innovative-urban-management", "革新的な都市管理", "Innovative urban management"),
    ("water-environment", "水環境", "Water environment"),
    ("waste-management", "廃棄物管理", "Waste management"),
    ("energy", "エネルギー", "Energy"),
]


def load_reference_data(apps, schema_editor):
    SDGGoal = apps.get_model("cities", "SDGGoal")
    FieldOfCooperation = apps.get_model("cities", "FieldOfCooperation")
    for number, name_ja, name_en, colour in SDG_GOALS:
        SDGGoal.objects.update_or_create(
            number=number,
            defaults={"short_name": name_ja, "short_name_ja": name_ja, "short_name_en": name_en, "colour": colour},
        )
    for order, (slug, name_ja, name_en) in enumerate(FIELDS_OF_COOPERATION, start=1):
        FieldOfCooperation.objects.update_or_create(
            slug=slug, defaults={"name": name_ja, "name_ja": name_ja, "name_en": name_en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("cities", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
