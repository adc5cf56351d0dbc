"""Benchmark content of the projects app, for ``seed_benchmark``: 3 to 8 synthetic projects for each benchmark city
(「ベンチマーク市17 プロジェクト3」 / "Benchmark city 17 project 3") at every stage, with financing, sizes, periods,
SDG goals and targets, partners, and results for the completed ones. Every text says it is synthetic."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cities.models import City, FieldOfCooperation, SDGGoal
from projects.models import FinancingScheme, Project, ProjectResult, ProjectStage
from yport.benchmark import SLUG_PREFIX, SYNTHETIC_EN, SYNTHETIC_JA, NoProgress, bench_slug, bulk_insert, rng_for
from yport.publishing import PublicationState

CURRENCIES = ("USD", "JPY", "VND", "EUR")
STAGES = tuple(ProjectStage)


def project_slug(city_number: int, index: int) -> str:
    return f"{bench_slug('project', city_number)}-{index:02d}"


def build_projects(city: City, number: int, fields, schemes, now: datetime.datetime) -> list[Project]:
    rng = rng_for("projects", number)
    projects = []
    for index in range(1, rng.randint(3, 8) + 1):
        stage = STAGES[(number + index) % len(STAGES)]
        start = datetime.date(2015 + rng.randint(0, 10), rng.randint(1, 12), 1)
        low = Decimal(rng.randint(1, 500) * 100_000)
        has_english = (number + index) % 7 != 0
        title_ja = f"ベンチマーク市{number} プロジェクト{index}"
        title_en = f"Benchmark city {number} project {index}"
        projects.append(
            Project(
                slug=project_slug(number, index),
                city=city,
                title=title_ja,
                title_ja=title_ja,
                title_en=title_en if has_english else "",
                summary_ja=f"{title_ja}の概要。{SYNTHETIC_JA}",
                summary_en=f"Summary of {title_en}. {SYNTHETIC_EN}" if has_english else "",
                description_ja=(f"{title_ja}の説明です。{SYNTHETIC_JA}" * 4),
                description_en=(f"The description of {title_en}. {SYNTHETIC_EN} " * 4).strip() if has_english else "",
                stage=stage,
                field=rng.choice(fields) if fields and index % 4 else None,
                sdg_targets=", ".join(rng.sample(("6.3", "6.a", "7.2", "11.6", "12.5", "13.2"), index % 3)),
                financing=rng.choice(schemes) if schemes and index % 5 else None,
                size_min=low if index % 3 else None,
                size_max=low * 2 if index % 2 else None,
                currency=rng.choice(CURRENCIES) if index % 3 or index % 2 else "",
                counterpart_ja=f"ベンチマーク市{number}の担当部局（架空）",
                counterpart_en=f"Department of benchmark city {number} (synthetic)" if has_english else "",
                japanese_partners_ja="\n".join(
                    f"ベンチマーク企業{number}-{index}-{p}（架空）" for p in range(1, index % 3 + 1)
                ),
                japanese_partners_en="\n".join(
                    f"Benchmark company {number}-{index}-{p} (synthetic)" for p in range(1, index % 3 + 1)
                ),
                start_date=start if stage not in (ProjectStage.IDEA, ProjectStage.SEEKING_PARTNERS) else None,
                end_date=start.replace(year=start.year + 3) if stage == ProjectStage.COMPLETED else None,
                results_text_ja=f"成果の説明（ベンチマーク）。{SYNTHETIC_JA}"
                if stage == ProjectStage.COMPLETED
                else "",
                results_text_en=f"Results (benchmark). {SYNTHETIC_EN}" if stage == ProjectStage.COMPLETED else "",
                order=index * 10,
                publication_state=PublicationState.DRAFT if index == 8 else PublicationState.PUBLISHED,
                publish_until=now - datetime.timedelta(days=1) if index == 7 else None,
                publish_from=now - datetime.timedelta(days=400) if index == 7 else None,
            )
        )
    return projects


def build_results(project: Project, number: int) -> list[ProjectResult]:
    rng = rng_for(f"project-results-{project.slug}", number)
    return [
        ProjectResult(
            project=project,
            label=f"ベンチマーク成果{index}",
            label_ja=f"ベンチマーク成果{index}",
            label_en=f"Benchmark result {index} (synthetic)",
            value=Decimal(rng.randint(10, 5000)),
            approximate=bool(index % 2),
            unit="t CO2/年",
            unit_ja="t CO2/年",
            unit_en="t CO2/year",
            year=2020 + rng.randint(0, 5),
            order=index * 10,
        )
        for index in range(1, rng.randint(1, 3) + 1)
    ]


def benchmark_projects():
    return Project.objects.filter(slug__startswith=SLUG_PREFIX)


def seed(*, progress=NoProgress) -> int:
    """Add projects to the benchmark cities that have none yet; returns how many projects were added. Call inside
    a transaction, after the cities app's ``seed``."""
    now = timezone.now()
    cities = list(
        City.objects.filter(slug__startswith=f"{SLUG_PREFIX}city-", projects__isnull=True).order_by("slug").distinct()
    )
    fields = list(FieldOfCooperation.objects.order_by("order", "slug"))
    schemes = list(FinancingScheme.objects.order_by("order", "slug"))
    goals = list(SDGGoal.objects.order_by("number"))
    projects = []
    numbers = {}
    for city in cities:
        number = int(city.slug.rsplit("-", 1)[1])
        numbers[city.pk] = number
        projects += build_projects(city, number, fields, schemes, now)
    bar = progress("projects", len(projects))
    projects = bulk_insert(Project, projects, progress=bar)
    goal_links, results = [], []
    for project in projects:
        number = numbers[project.city_id]
        rng = rng_for(f"project-goals-{project.slug}", number)
        goal_links += [
            Project.sdg_goals.through(project_id=project.pk, sdggoal_id=goal.pk)
            for goal in rng.sample(goals, min(len(goals), rng.randint(1, 3)))
        ]
        if project.stage == ProjectStage.COMPLETED:
            results += build_results(project, number)
    bulk_insert(Project.sdg_goals.through, goal_links)
    bulk_insert(ProjectResult, results)
    bar.close()
    return len(projects)


def delete() -> int:
    """Delete the benchmark projects (their results cascade); returns how many."""
    count = benchmark_projects().count()
    benchmark_projects().delete()
    return count
