"""Demo content of the projects app: the sectors in which Da Nang called for investment (shared/seeds/FACTS.md),
as projects at the stage "seeking partners" — what the data migration makes of an investment opportunity. Only
the facts: no financing, size, dates or partners, which the seed does not give."""

from cities.models import City
from projects.models import Project, ProjectStage
from yport.publishing import PublicationState

# slug, Japanese title, English title, Japanese description, English description
DA_NANG_PROJECTS = (
    ("da-nang-vlr-formulation", "VLR策定", "VLR formulation", "", ""),
    ("da-nang-high-tech-industry", "ハイテク産業", "High-tech industry", "", ""),
    ("da-nang-tourism", "観光", "Tourism", "", ""),
    ("da-nang-trade", "貿易", "Trade", "", ""),
    ("da-nang-education", "教育", "Education", "", ""),
    ("da-nang-health-care", "ヘルスケア", "Health care", "", ""),
    ("da-nang-urban-infrastructure", "都市インフラ開発", "Urban infrastructure", "鉄道など", "For example railway"),
    ("da-nang-high-tech-agriculture", "ハイテク農業", "High-tech agriculture", "", ""),
)


def load(*, stdout=None):
    """Create or update Da Nang's projects (after the cities app's demo made the city); running it twice changes
    nothing."""
    city = City.objects.get(slug="da-nang")
    for order, (slug, title_ja, title_en, description_ja, description_en) in enumerate(DA_NANG_PROJECTS, start=1):
        Project.objects.update_or_create(
            slug=slug,
            defaults={
                "city": city,
                "title": title_ja,
                "title_ja": title_ja,
                "title_en": title_en,
                "description_ja": description_ja,
                "description_en": description_en,
                "stage": ProjectStage.SEEKING_PARTNERS,
                "order": order * 10,
                "publication_state": PublicationState.PUBLISHED,
            },
        )
