"""The financing schemes a project names (reference data; staff may rename, reorder and add to them)."""

from django.db import migrations

FINANCING_SCHEMES = [
    ("oda-jica", "ODA（JICA）", "ODA (JICA)"),
    ("jcm", "JCM（二国間クレジット制度）", "JCM (Joint Crediting Mechanism)"),
    ("ppp", "PPP（官民連携）", "PPP (public–private partnership)"),
    ("private", "民間資金", "Private finance"),
    ("city-budget", "市の予算", "City budget"),
]


def load_financing_schemes(apps, schema_editor):
    FinancingScheme = apps.get_model("projects", "FinancingScheme")
    for order, (slug, name_ja, name_en) in enumerate(FINANCING_SCHEMES, start=1):
        FinancingScheme.objects.update_or_create(
            slug=slug, defaults={"name": name_ja, "name_ja": name_ja, "name_en": name_en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_financing_schemes, migrations.RunPython.noop),
    ]
