"""Investment opportunities become projects (the projects app) at the stage "seeking partners": the sector is the
title (and the field of cooperation, where one has the same name), the description, both languages and the order
are kept; a project is published when its city is. Then the old model goes."""

import unicodedata

from django.db import migrations
from django.utils.text import slugify

LANGUAGES = ("ja", "en")
KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)} | {0x30FD: 0x309D, 0x30FE: 0x309E}
DROPPED = {0x30FB: None}
LATIN_FOLDS = {ord("đ"): "d", ord("ø"): "o", ord("ł"): "l", ord("ħ"): "h"}
SEARCH_FIELDS = ("title", "summary", "description", "counterpart", "japanese_partners", "results_text")
SLUG_MAX_LENGTH = 80


def normalise(text):
    # Frozen copy of yport.search_text.normalise as of this migration.
    text = unicodedata.normalize("NFKC", text or "").casefold()
    decomposed = unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", "".join(c for c in decomposed if not 0x0300 <= ord(c) < 0x0370))
    text = text.translate(LATIN_FOLDS).translate(KATAKANA_TO_HIRAGANA).translate(DROPPED)
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return " ".join(text.split())


def search_text(row, city):
    texts = [getattr(row, f"{name}_{code}", "") or "" for name in SEARCH_FIELDS for code in LANGUAGES]
    texts.extend(name for name in (city.name_ja, city.name_en) if name)
    return "\n".join(dict.fromkeys(normalise(text) for text in texts if text))


def free_slug(base, taken):
    base = base[:SLUG_MAX_LENGTH].strip("-") or "project"
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = base[: SLUG_MAX_LENGTH - len(suffix)].strip("-") + suffix, number + 1
    taken.add(slug)
    return slug


def opportunities_to_projects(apps, schema_editor):
    InvestmentOpportunity = apps.get_model("cities", "InvestmentOpportunity")
    FieldOfCooperation = apps.get_model("cities", "FieldOfCooperation")
    Project = apps.get_model("projects", "Project")
    fields = {}
    for field in FieldOfCooperation.objects.all():
        for name in (field.name_ja, field.name_en):
            if name:
                fields.setdefault(normalise(name), field)
    taken = set(Project.objects.values_list("slug", flat=True))
    for opportunity in InvestmentOpportunity.objects.select_related("city").order_by("city", "order", "pk"):
        city = opportunity.city
        sector = slugify(opportunity.sector_en or "") or slugify(opportunity.sector_ja or "", allow_unicode=False)
        project = Project(
            slug=free_slug(f"{city.slug}-{sector}" if sector else f"{city.slug}-project-{opportunity.pk}", taken),
            city=city,
            stage="seeking_partners",
            field=next(
                (
                    fields[normalise(name)]
                    for name in (opportunity.sector_ja, opportunity.sector_en)
                    if name and normalise(name) in fields
                ),
                None,
            ),
            order=opportunity.order,
            publication_state=city.publication_state,
        )
        for code in LANGUAGES:
            setattr(project, f"title_{code}", getattr(opportunity, f"sector_{code}"))
            setattr(project, f"description_{code}", getattr(opportunity, f"description_{code}") or "")
        # The untranslated columns hold the default language's text, as modeltranslation keeps them.
        project.title = opportunity.sector_ja or opportunity.sector_en or opportunity.sector
        project.description = opportunity.description_ja or opportunity.description or ""
        project.search_text = search_text(project, city)
        project.save()


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0007_sdg_indicator_values"),
        ("projects", "0002_load_financing_schemes"),
    ]

    operations = [
        migrations.RunPython(opportunities_to_projects, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="InvestmentOpportunity",
        ),
    ]
