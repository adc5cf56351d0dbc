"""A partner city's cooperation and business projects: what stage each is at, how it is financed, who takes part
and, once completed, what it achieved. Published projects of published cities are public."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City, FieldOfCooperation, SDGGoal
from editorial.slug_history import SlugHistory
from yport.images import validate_pdf_file
from yport.publishing import Publishable, PublishableQuerySet, published_now_condition
from yport.search_text import Searchable

# An SDG target as the UN numbers them: the goal, a dot and a number (11.6) or a letter (6.a).
SDG_TARGET = re.compile(r"(?:[1-9]|1[0-7])\.(?:[1-9][0-9]?|[a-z])", re.ASCII)
CURRENCY_CODE = r"^[A-Z]{3}\Z"


class ProjectStage(models.TextChoices):
    IDEA = "idea", pgettext_lazy("project stage", "idea")
    SEEKING_PARTNERS = "seeking_partners", pgettext_lazy("project stage", "seeking partners")
    FEASIBILITY_STUDY = "feasibility_study", pgettext_lazy("project stage", "feasibility study")
    TENDER = "tender", pgettext_lazy("project stage", "tender")
    UNDER_WAY = "under_way", pgettext_lazy("project stage", "under way")
    COMPLETED = "completed", pgettext_lazy("project stage", "completed")


def format_amount(value) -> str:
    """A decimal as the active language writes it, grouped, without ".00" on whole amounts (1,500,000; 2.5)."""
    value = value.normalize() if value == value.to_integral() else value
    places = max(0, -value.as_tuple().exponent)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def sdg_target_codes(text: str) -> list[str]:
    """The target codes of ``text`` (separated by commas or spaces), in their order, without repeats."""
    return list(dict.fromkeys(code for code in re.split(r"[\s,、]+", text or "") if code))


def validate_sdg_targets(text: str):
    wrong = [code for code in sdg_target_codes(text) if not SDG_TARGET.fullmatch(code)]
    if wrong:
        raise ValidationError(
            _("%(codes)s: not an SDG target code; write targets as the UN numbers them, for example 11.6 or 6.a."),
            code="sdg_target_invalid",
            params={"codes": ", ".join(wrong)},
        )


def validate_sdg_targets_within_goals(text: str, goal_numbers) -> None:
    """The targets' own check (``validate_sdg_targets``), then: each target belongs to its goal (11.6 to goal 11), one
    of the project's ``goal_numbers``. Checked where the goals are known with the targets: the admin's form and the
    import (the field's validator alone would come after, and say nothing once this has)."""
    validate_sdg_targets(text)
    goals = {str(number) for number in goal_numbers}
    outside = [code for code in sdg_target_codes(text) if code.split(".")[0] not in goals]
    if outside:
        raise ValidationError(
            _(
                "%(codes)s: the goal of this target is not among the project's SDG goals; add the goal or remove the "
                "target."
            ),
            code="sdg_target_outside_goals",
            params={"codes": ", ".join(outside)},
        )


class FinancingScheme(models.Model):
    """How a project is financed (reference list, editable by staff), e.g. ODA (JICA), JCM, PPP or a city budget."""

    name = models.CharField(verbose_name=_("name"), max_length=150)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("financing scheme")
        verbose_name_plural = _("financing schemes")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name


class ProjectQuerySet(PublishableQuerySet):
    def published(self, now=None):
        """Published projects (publish window included) of published partner cities."""
        return self.filter(published_now_condition(now=now), published_now_condition("city__", now))

    def for_list(self):
        """What a project card shows: its city, field, financing and goals."""
        return self.select_related("city", "field", "financing").prefetch_related("sdg_goals")

    def for_page(self):
        """What the project page shows: the card's, its results and documents."""
        return self.for_list().prefetch_related("results", "documents")

    def stage_counts(self, city_ids) -> dict:
        """{city id: {stage: count}} of these projects of the cities ``city_ids``, in one query."""
        counts = {}
        rows = self.filter(city__in=city_ids).values_list("city_id", "stage").annotate(count=Count("pk")).order_by()
        for city_id, stage, count in rows:
            counts.setdefault(city_id, {})[stage] = count
        return counts

    def for_tidy_rows(self):
        """What ``project_tidy_rows`` reads of these projects (their city and results), in its order."""
        return self.select_related("city").prefetch_related("results").order_by("city__slug", "slug")

    def with_tidy_row_count(self):
        """Each project with ``tidy_row_count``, how many rows ``project_tidy_rows`` makes of it, counted in the
        database: a row for each bound of its size given, and while it is completed (``Project.shows_results``) one
        for each of its results with a value."""
        results = (
            ProjectResult.objects.filter(project=OuterRef("pk"), value__isnull=False)
            .order_by()
            .values("project")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            tidy_row_count=Case(When(size_min__isnull=False, then=1), default=0)
            + Case(When(size_max__isnull=False, then=1), default=0)
            + Case(When(stage=ProjectStage.COMPLETED, then=Coalesce(Subquery(results), 0)), default=0)
        )

    def tidy_rows(self) -> list[dict]:
        """The figures of these projects, one observation per row (``project_tidy_rows``)."""
        return project_tidy_rows(self.for_tidy_rows())


def project_tidy_rows(projects) -> list[dict]:
    """The figures of ``projects``, one observation per row, for the open data (a tidy table): each project's size
    (``<slug>/size_min``, ``<slug>/size_max``, in its currency, for its start year) and its results
    (``<slug>/result-<n>``, in the result's unit and year). Texts are in the active language. As many rows of each
    as ``ProjectQuerySet.with_tidy_row_count`` counts."""
    rows = []
    for project in projects:
        base = {
            "city": project.city.slug,
            "city_name": project.city.name,
            "project": project.slug,
            "project_title": project.title,
            "stage": project.stage,
            "source": project.source_text(),
        }
        year = project.start_date.year if project.start_date else None
        for measure, value, label in (
            ("size_min", project.size_min, _("size (lower bound)")),
            ("size_max", project.size_max, _("size (upper bound)")),
        ):
            if value is not None:
                rows.append(
                    {
                        **base,
                        "code": f"{project.slug}/{measure}",
                        "label": str(label),
                        "year": year,
                        "value": value,
                        "unit": project.currency,
                    }
                )
        for number, result in enumerate(project.results.all(), start=1):
            if result.value is None or not project.shows_results:
                continue
            rows.append(
                {
                    **base,
                    "code": f"{project.slug}/result-{number}",
                    "label": result.label,
                    "year": result.year,
                    "value": result.value,
                    "unit": result.unit,
                }
            )
    return rows


class Project(SlugHistory, Searchable, Publishable):
    """A cooperation or business project of a partner city, e.g. a waste-to-energy plant in a feasibility study."""

    title = models.CharField(verbose_name=_("title"), max_length=200)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True)
    city = models.ForeignKey(City, verbose_name=_("partner city"), on_delete=models.CASCADE, related_name="projects")
    summary = models.TextField(
        verbose_name=_("summary"), blank=True, help_text=_("One or two sentences for the list of projects.")
    )
    description = models.TextField(verbose_name=_("description"), blank=True)
    stage = models.CharField(
        verbose_name=_("stage"),
        max_length=20,
        choices=ProjectStage.choices,
        default=ProjectStage.IDEA,
        db_index=True,
    )
    field = models.ForeignKey(
        FieldOfCooperation,
        verbose_name=_("field of cooperation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    sdg_goals = models.ManyToManyField(SDGGoal, verbose_name=_("SDG goals"), related_name="projects", blank=True)
    sdg_targets = models.CharField(
        verbose_name=_("SDG targets"),
        max_length=200,
        blank=True,
        validators=[validate_sdg_targets],
        help_text=_("Optional, separated by commas, for example 11.6, 6.a."),
    )
    financing = models.ForeignKey(
        FinancingScheme,
        verbose_name=_("financing scheme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    size_min = models.DecimalField(
        verbose_name=_("size from"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The project's size in money; for a single amount leave “size up to” empty."),
    )
    size_max = models.DecimalField(verbose_name=_("size up to"), max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(
        verbose_name=_("currency"),
        max_length=3,
        blank=True,
        validators=[
            RegexValidator(CURRENCY_CODE, _("Write the currency as its ISO 4217 code, for example JPY or USD."))
        ],
        help_text=_("ISO 4217 code, for example JPY, USD or VND."),
    )
    counterpart = models.CharField(
        verbose_name=_("counterpart organisation"),
        max_length=300,
        blank=True,
        help_text=_("The organisation in the partner city that runs the project."),
    )
    japanese_partners = models.TextField(
        verbose_name=_("Japanese partner organisations"),
        blank=True,
        help_text=_("Only those that agreed to be named; one per line."),
    )
    start_date = models.DateField(verbose_name=_("start"), null=True, blank=True)
    end_date = models.DateField(verbose_name=_("end"), null=True, blank=True)
    results_text = models.TextField(
        verbose_name=_("results"), blank=True, help_text=_("Only for a completed project: what it achieved.")
    )
    order = models.PositiveSmallIntegerField(
        verbose_name=_("order"), default=0, help_text=_("The order of the city's projects on its page.")
    )

    objects = ProjectQuerySet.as_manager()

    search_fields = ("title", "summary", "description", "counterpart", "japanese_partners", "results_text")
    slug_routes = ("projects:project_detail",)  # old slugs lead on

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["city", "order", "slug"]
        constraints = [
            Publishable.publication_window_constraint("project_publish_window_ordered"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(size_min__isnull=True) | Q(size_max__isnull=True) | Q(size_max__gt=F("size_min")),
                name="project_size_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(size_min__isnull=True) & Q(size_max__isnull=True)) | ~Q(currency=""),
                name="project_size_has_currency",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})

    @classmethod
    def slug_redirect_rows(cls):
        return cls.objects.published()

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                _("The project cannot end before it starts."), code="dates_not_ordered"
            )
        if self.size_min is not None and self.size_max is not None and self.size_max <= self.size_min:
            errors["size_max"] = ValidationError(
                _("The upper amount must be greater than the lower one."), code="size_not_ordered"
            )
        if (self.size_min is not None or self.size_max is not None) and not self.currency:
            errors["currency"] = ValidationError(_("A size needs its currency."), code="currency_required")
        results = [name for name in ("results_text_ja", "results_text_en") if getattr(self, name, "")]
        if self.stage != ProjectStage.COMPLETED and results:
            # Named by its translated field, which the admin's form has (the untranslated name it has not).
            errors[results[0]] = ValidationError(
                _("Only a completed project has results; set the stage to “completed” or leave the results empty."),
                code="results_not_completed",
            )
        if errors:
            raise ValidationError(errors)

    def search_extra_texts(self):
        """The city's name in every language: ダナン and Da Nang find its projects."""
        return [name for name in (self.city.name_ja, self.city.name_en) if name] if self.city_id else ()

    @property
    def shows_results(self):
        return self.stage == ProjectStage.COMPLETED

    @property
    def is_published_now(self):
        """Visitors see the project: it and its city are published now."""
        return super().is_published_now and self.city.is_published_now

    def target_codes(self):
        return sdg_target_codes(self.sdg_targets)

    def japanese_partner_list(self):
        return [line.strip() for line in (self.japanese_partners or "").splitlines() if line.strip()]

    def has_size(self):
        return self.size_min is not None or self.size_max is not None

    @property
    def size_display(self) -> str:
        """The size as a page shows it: "1,000,000–2,500,000 USD", "from 5,000,000 JPY", "up to 300,000 USD"."""
        low, high = self.size_min, self.size_max
        if low is not None and high is not None:
            amount = f"{format_amount(low)}–{format_amount(high)}"
        elif low is not None:
            amount = format_amount(low)
        elif high is not None:
            amount = gettext("up to %(amount)s") % {"amount": format_amount(high)}
        else:
            return ""
        return f"{amount} {self.currency}".strip()

    def source_text(self):
        """Where the project's figures come from, for the open data: the partner city (and the counterpart)."""
        return " / ".join(part for part in (self.city.name, self.counterpart) if part)


class ProjectResult(models.Model):
    """A figure a completed project achieved, e.g. “CO2 emissions avoided: about 844 t a year (2023)”."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="results")
    label = models.CharField(verbose_name=_("label"), max_length=200)
    value = models.DecimalField(verbose_name=_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    approximate = models.BooleanField(verbose_name=_("approximate"), default=False, help_text=_("Shown as “about”."))
    unit = models.CharField(verbose_name=_("unit"), max_length=50, blank=True, help_text=_("For example t CO2/year."))
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("project result")
        verbose_name_plural = _("project results")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return f"{self.label}: {self.formatted_value}".rstrip(": ")

    @property
    def formatted_value(self) -> str:
        """“about 844 t CO2/year”: the value (if any), with “about” when approximate, and the unit."""
        if self.value is None:
            return ""
        value = f"{format_amount(self.value)} {self.unit}".strip()
        return gettext("about %(value)s") % {"value": value} if self.approximate else value


class ProjectDocument(models.Model):
    """A PDF or a link about a project (a feasibility study, a press release)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    pdf = models.FileField(verbose_name=_("PDF"), upload_to="projects/", blank=True, validators=[validate_pdf_file])
    url = models.URLField(verbose_name=_("link"), blank=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("document or link")
        verbose_name_plural = _("documents and links")
        ordering = ["project", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(pdf="") | ~Q(url=""), name="project_document_has_pdf_or_link"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.pdf and not self.url:
            raise ValidationError(_("Add a PDF or a link."), code="document_empty")
