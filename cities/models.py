from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from cities.formatting import format_figure
from cities.licence import OpenDataLicence  # noqa: F401 - this app's model, in a module of its own
from editorial.slug_history import SlugHistory
from yport.images import RenditionImageField, validate_pdf_file
from yport.languages import language_codes
from yport.publishing import Publishable, PublishableQuerySet
from yport.search_text import Searchable


class SDGGoal(models.Model):
    """One of the 17 Sustainable Development Goals (reference data, loaded by a data migration)."""

    number = models.PositiveSmallIntegerField(verbose_name=_("number"), unique=True)
    short_name = models.CharField(verbose_name=_("short name"), max_length=100)
    colour = models.CharField(verbose_name=_("colour"), max_length=7, help_text=_("The UN's colour, as #RRGGBB."))

    class Meta:
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=17), name="sdg_goal_number_1_to_17"),
        ]

    def __str__(self):
        return _("Goal %(number)s: %(name)s") % {"number": self.number, "name": self.short_name}

    @property
    def text_colour(self):
        """Black or white, whichever reads better on the goal's colour."""
        red, green, blue = (int(self.colour[index : index + 2], 16) for index in (1, 3, 5))
        return "#000000" if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "#ffffff"


class FieldOfCooperation(models.Model):
    """A field the programme cooperates in (reference list), e.g. solid waste management or energy."""

    name = models.CharField(verbose_name=_("name"), max_length=150)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("field of cooperation")
        verbose_name_plural = _("fields of cooperation")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name


# The projects app's reverse relation, as the city page and the API list a city's projects.
PUBLIC_PROJECTS = (("projects", ("field",)),)


class CityQuerySet(PublishableQuerySet):
    def with_list_figures(self):
        """Prefetch the few key figures a city card shows, as ``city.list_figures``."""
        return self.prefetch_related(
            Prefetch(
                "key_figures",
                queryset=KeyFigure.objects.filter(kind__in=LIST_FIGURE_KINDS).order_by("order", "pk"),
                to_attr="list_figures",
            )
        )

    def with_public_connections(self):
        """Prefetch the public sessions, speakers and projects that other apps link to each city, as
        ``city.public_sessions``, ``city.public_speakers`` and ``city.public_projects``. Reached through the reverse
        relations, so this app imports none of them."""
        return self._with_public_related((("sessions", ("conference",)), ("speakers", ()), *PUBLIC_PROJECTS))

    def with_public_projects(self):
        """Prefetch the city's published projects (with their fields of cooperation) as ``city.public_projects``."""
        return self._with_public_related(PUBLIC_PROJECTS)

    def _with_public_related(self, relations):
        lookups = []
        for relation, related_lookups in relations:
            try:
                related_model = self.model._meta.get_field(relation).related_model
            except FieldDoesNotExist:
                continue
            related = related_model.objects.published().select_related(*related_lookups)
            lookups.append(Prefetch(relation, queryset=related, to_attr=f"public_{relation}"))
        return self.prefetch_related(*lookups)

    def with_open_data(self):
        """Prefetch the key figures and SDG self-evaluations (with their indicators), the city's open data."""
        return self.prefetch_related("key_figures").with_sdg_evaluations()

    def with_sdg_evaluations(self):
        """Prefetch the SDG self-evaluations with their indicators and the indicators' goals."""
        return self.prefetch_related(
            Prefetch(
                "sdg_evaluations",
                queryset=SDGEvaluation.objects.prefetch_related(
                    Prefetch("indicators", queryset=SDGIndicator.objects.select_related("goal"))
                ),
            ),
        )

    def with_profile(self):
        """Prefetch everything the city page shows."""
        return self.with_open_data().prefetch_related(
            "vlrs",
            Prefetch("cooperations", queryset=CityCooperation.objects.select_related("field")),
        )


class City(SlugHistory, Searchable, Publishable):
    name = models.CharField(verbose_name=_("name"), max_length=150)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True)
    country = CountryField(verbose_name=_("country"))
    summary = models.TextField(verbose_name=_("summary"), blank=True)
    vision = models.TextField(
        verbose_name=_("long-term vision"), blank=True, help_text=_("For example the city's VISION 2045.")
    )
    cooperation_since = models.DateField(
        verbose_name=_("cooperation since"),
        null=True,
        blank=True,
        help_text=_("Only the month and year are shown; enter the first day of the month."),
    )
    agreement_name = models.CharField(verbose_name=_("agreement"), max_length=300, blank=True)
    hero_image = RenditionImageField(verbose_name=_("hero image"), upload_to="cities/", blank=True, widths=(480, 1200))
    hero_image_alt = models.CharField(verbose_name=_("hero image description"), max_length=250, blank=True)
    development_sectors = models.TextField(
        verbose_name=_("development sectors"), blank=True, help_text=_("One sector per line.")
    )
    fields_of_cooperation = models.ManyToManyField(
        FieldOfCooperation,
        verbose_name=_("fields of cooperation"),
        through="CityCooperation",
        related_name="cities",
        blank=True,
    )

    objects = CityQuerySet.as_manager()

    search_fields = ("name", "summary", "vision", "agreement_name", "development_sectors")
    slug_routes = (
        "cities:city_detail",
        "cities:city_data_csv",
        "cities:city_data_json",
        "cities:city_goal",
    )  # old slugs lead on
    reserved_slugs = ("compare",)  # /cities/compare/ (cities/urls.py)

    class Meta:
        verbose_name = _("partner city")
        verbose_name_plural = _("partner cities")
        ordering = ["name"]
        constraints = [
            Publishable.publication_window_constraint("city_publish_window_ordered"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:city_detail", kwargs={"slug": self.slug})

    @classmethod
    def slug_redirect_rows(cls):
        return cls.objects.published()

    def search_extra_texts(self):
        """The country's name in every language: ベトナム and Viet Nam find the Vietnamese cities."""
        names = []
        for code in language_codes():
            with translation.override(code):
                names.append(str(self.country.name))
        return names

    def development_sector_list(self):
        return [line.strip() for line in (self.development_sectors or "").splitlines() if line.strip()]


class KeyFigureKind(models.TextChoices):
    POPULATION = "population", _("population")
    AREA = "area", _("area")
    COASTLINE = "coastline", _("coastline")
    HOSPITALS = "hospitals", _("hospitals")
    COMMERCIAL_FACILITIES = "commercial_facilities", _("commercial facilities")
    DEVELOPMENT_INVESTMENT = "development_investment", _("total development investment")
    GRDP = "grdp", _("gross regional domestic product (GRDP)")
    GRDP_GROWTH = "grdp_growth", _("GRDP growth")
    OTHER = "other", pgettext_lazy("key figure kind", "other")


class KeyFigureUnit(models.TextChoices):
    NUMBER = "number", pgettext_lazy("key figure unit", "number")
    PEOPLE = "people", _("people")
    KM = "km", _("kilometres")
    KM2 = "km2", _("square kilometres")
    USD = "usd", _("US dollars")
    PERCENT = "percent", _("per cent")


DEFAULT_UNITS = {
    KeyFigureKind.POPULATION: KeyFigureUnit.PEOPLE,
    KeyFigureKind.AREA: KeyFigureUnit.KM2,
    KeyFigureKind.COASTLINE: KeyFigureUnit.KM,
    KeyFigureKind.DEVELOPMENT_INVESTMENT: KeyFigureUnit.USD,
    KeyFigureKind.GRDP: KeyFigureUnit.USD,
    KeyFigureKind.GRDP_GROWTH: KeyFigureUnit.PERCENT,
}

# The figures a city card in a list shows, in this order.
LIST_FIGURE_KINDS = (KeyFigureKind.POPULATION, KeyFigureKind.AREA, KeyFigureKind.GRDP)


class KeyFigure(models.Model):
    """One figure of a city's profile, e.g. its population; a range (9–10 %) has a ``value_max``."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="key_figures")
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=KeyFigureKind.choices)
    label = models.CharField(
        verbose_name=_("label"),
        max_length=150,
        blank=True,
        help_text=_("Needed for the kind “other”; otherwise leave empty to use the kind's name."),
    )
    value = models.DecimalField(verbose_name=_("value"), max_digits=20, decimal_places=4)
    value_max = models.DecimalField(
        verbose_name=_("upper value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for a range, e.g. 10 for a growth of 9–10 %."),
    )
    unit = models.CharField(
        verbose_name=_("unit"),
        max_length=10,
        choices=KeyFigureUnit.choices,
        blank=True,
        help_text=_("Leave empty to use the usual unit of the kind."),
    )
    reference_year = models.PositiveSmallIntegerField(verbose_name=_("reference year"), null=True, blank=True)
    source = models.CharField(verbose_name=_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)
    # The open-data catalogue's ``modified`` follows it. Empty where django-reversion restored a version recorded
    # before the field was added (a restore writes the fields a version holds, and no others).
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True, null=True)

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["city", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gt=F("value")),
                name="key_figure_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["city", "kind", "reference_year"],
                condition=~Q(kind="other"),
                name="key_figure_unique_kind_per_city_and_year",
            ),
        ]

    def __str__(self):
        return f"{self.city}: {self.display_label} {self.formatted_value}"

    def clean(self):
        if not self.unit:
            self.unit = DEFAULT_UNITS.get(self.kind, KeyFigureUnit.NUMBER)
        if self.kind == KeyFigureKind.OTHER and not self.label:
            raise ValidationError({"label": _("A figure of the kind “other” needs a label.")}, code="label_required")
        if self.value_max is not None and self.value is not None and self.value_max <= self.value:
            raise ValidationError(
                {"value_max": _("The upper value must be greater than the value.")}, code="range_not_ordered"
            )

    @property
    def display_label(self):
        # The kind's name from the enum: get_kind_display() hashes (so translates) every choice on each call, which
        # the open-data downloads would pay for every figure.
        return self.label or (KeyFigureKind(self.kind).label if self.kind in KeyFigureKind.values else self.kind)

    @property
    def formatted_value(self):
        return format_figure(self.value, self.unit or DEFAULT_UNITS.get(self.kind, ""), value_max=self.value_max)


class RatingLevel(models.TextChoices):
    HIGH = "high", pgettext_lazy("SDG rating", "high")
    MEDIUM = "medium", pgettext_lazy("SDG rating", "medium")
    LOW = "low", pgettext_lazy("SDG rating", "low")


class SDGEvaluation(models.Model):
    """A city's own review of its SDG progress: how many goals it rates high, medium and low."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="sdg_evaluations")
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), null=True, blank=True)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    method = models.TextField(verbose_name=_("method"), blank=True)
    goals_assessed = models.PositiveSmallIntegerField(verbose_name=_("number of goals assessed"))
    high_count = models.PositiveSmallIntegerField(verbose_name=_("goals rated high"), default=0)
    medium_count = models.PositiveSmallIntegerField(verbose_name=_("goals rated medium"), default=0)
    low_count = models.PositiveSmallIntegerField(verbose_name=_("goals rated low"), default=0)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True, null=True)  # as KeyFigure's

    class Meta:
        verbose_name = _("SDG self-evaluation")
        verbose_name_plural = _("SDG self-evaluations")
        ordering = ["city", F("year").desc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goals_assessed=F("high_count") + F("medium_count") + F("low_count")),
                name="sdg_evaluation_counts_add_up",
            ),
            models.UniqueConstraint(fields=["city", "year"], name="sdg_evaluation_one_per_city_and_year"),
        ]

    def __str__(self):
        return f"{self.city}: {self.title}"

    def clean(self):
        counts = (self.high_count, self.medium_count, self.low_count)
        if self.goals_assessed is not None and None not in counts and sum(counts) != self.goals_assessed:
            raise ValidationError(
                {
                    "goals_assessed": ValidationError(
                        _(
                            "The goals rated high, medium and low add up to %(total)s, "
                            "but %(assessed)s goals were assessed."
                        ),
                        code="counts_do_not_add_up",
                        params={"total": sum(counts), "assessed": self.goals_assessed},
                    )
                }
            )

    def count_for(self, rating):
        return {
            RatingLevel.HIGH: self.high_count,
            RatingLevel.MEDIUM: self.medium_count,
            RatingLevel.LOW: self.low_count,
        }[rating]

    def rating_counts(self):
        """(rating, label, count) for each level, highest first."""
        return [(level, level.label, self.count_for(level)) for level in RatingLevel]


def indicator_rating_errors(evaluation, ratings):
    """Errors if the itemised indicators (their ``ratings``) contradict the evaluation's counts."""
    errors = []
    ratings = list(ratings)
    for level in RatingLevel:
        itemised = ratings.count(level)
        if itemised > evaluation.count_for(level):
            errors.append(
                ValidationError(
                    _(
                        "%(itemised)s indicators are rated “%(rating)s”, but the evaluation counts only "
                        "%(count)s goals rated “%(rating)s”."
                    ),
                    code="more_indicators_than_counted",
                    params={"itemised": itemised, "rating": level.label, "count": evaluation.count_for(level)},
                )
            )
    return errors


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class SDGIndicatorQuerySet(models.QuerySet):
    def of_published_cities(self):
        return self.filter(evaluation__city__in=City.objects.published())

    def in_series_order(self):
        """Oldest evaluation first, the goal's indicators together: the order a trend is read in."""
        return self.select_related("goal", "evaluation").order_by(
            F("evaluation__year").asc(nulls_first=True), "evaluation__pk", "order", "pk"
        )

    def for_tidy_rows(self):
        """What ``cities.sdg.tidy_row`` reads of an indicator: its goal, evaluation and city."""
        return self.select_related("goal", "evaluation__city")

    def tidy_rows(self):
        """One observation per row, for the open data (``cities.sdg.tidy_row``); indicators without a value too."""
        from cities.sdg import tidy_row  # the series logic lives beside the trend; it needs this module

        return [tidy_row(indicator) for indicator in self.for_tidy_rows()]


class SDGIndicator(models.Model):
    """An itemised indicator of an evaluation, e.g. “share of poor households”, rated high; with a value (and
    baseline and target) where the city gives one. The same indicator in a city's evaluations of other years (the
    same ``code``, else the same goal and Japanese text) makes a series."""

    evaluation = models.ForeignKey(
        SDGEvaluation, verbose_name=_("SDG self-evaluation"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(
        verbose_name=_("code"),
        max_length=40,
        blank=True,
        help_text=_(
            "Optional, stable across years (e.g. 11-green-space): the same code in another year's evaluation "
            "is the same indicator."
        ),
    )
    text = models.CharField(verbose_name=_("indicator"), max_length=300)
    goal = models.ForeignKey(
        SDGGoal,
        verbose_name=_("SDG goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="city_indicators",
    )
    rating = models.CharField(verbose_name=_("rating"), max_length=10, choices=RatingLevel.choices)
    value = models.DecimalField(verbose_name=_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(
        verbose_name=_("unit"), max_length=40, blank=True, help_text=_("For example %, m² per person or t CO2 a year.")
    )
    year = models.PositiveSmallIntegerField(
        verbose_name=_("year of the value"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it is the evaluation's year."),
    )
    direction = models.CharField(
        verbose_name=_("direction"), max_length=10, choices=IndicatorDirection.choices, blank=True
    )
    source = models.CharField(verbose_name=_("source"), max_length=300, blank=True)
    source_url = models.URLField(verbose_name=_("link to the source"), blank=True)
    baseline_year = models.PositiveSmallIntegerField(verbose_name=_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        verbose_name=_("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(verbose_name=_("target year"), null=True, blank=True)
    target_value = models.DecimalField(
        verbose_name=_("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True, null=True)  # as KeyFigure's

    objects = SDGIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")
        ordering = ["evaluation", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True, baseline_value__isnull=True)
                | Q(baseline_year__isnull=False, baseline_value__isnull=False),
                name="sdg_indicator_baseline_complete",
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True, target_value__isnull=True)
                | Q(target_year__isnull=False, target_value__isnull=False),
                name="sdg_indicator_target_complete",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(year__isnull=True) | Q(baseline_year__lte=F("year")),
                name="sdg_indicator_baseline_not_after_value",
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(year__isnull=True) | Q(target_year__gte=F("year")),
                name="sdg_indicator_target_not_before_value",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gt=F("baseline_year")),
                name="sdg_indicator_target_after_baseline",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "code"], condition=~Q(code=""), name="sdg_indicator_code_once_per_evaluation"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        for prefix in ("baseline", "target"):
            year, value = getattr(self, f"{prefix}_year"), getattr(self, f"{prefix}_value")
            if (year is None) != (value is None):
                missing = f"{prefix}_value" if value is None else f"{prefix}_year"
                errors[missing] = ValidationError(
                    _("A baseline or target needs both a year and a value."), code=f"{prefix}_incomplete"
                )
        year = self.value_year
        if self.baseline_year and year and self.baseline_year > year:
            errors.setdefault(
                "baseline_year",
                ValidationError(
                    _("The baseline year %(baseline)s is after the value's year %(year)s."),
                    code="baseline_after_value",
                    params={"baseline": self.baseline_year, "year": year},
                ),
            )
        if self.target_year and year and self.target_year < year:
            errors.setdefault(
                "target_year",
                ValidationError(
                    _("The target year %(target)s is before the value's year %(year)s."),
                    code="target_before_value",
                    params={"target": self.target_year, "year": year},
                ),
            )
        if self.baseline_year and self.target_year and self.target_year <= self.baseline_year:
            errors.setdefault(
                "target_year",
                ValidationError(
                    _("The target year must be after the baseline year."), code="target_not_after_baseline"
                ),
            )
        if self.value is None and (self.unit or self.year):
            errors["value"] = ValidationError(_("A unit or year of the value needs the value."), code="value_missing")
        if errors:
            raise ValidationError(errors)

    @property
    def value_year(self):
        """The year the value is of: its own, else its evaluation's."""
        if self.year or not self.evaluation_id:
            return self.year
        return self.evaluation.year


class VLRState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("VLR state", "planned")
    IN_PREPARATION = "in_preparation", pgettext_lazy("VLR state", "in preparation")
    PUBLISHED = "published", pgettext_lazy("VLR state", "published")


class VoluntaryLocalReview(models.Model):
    """A city's Voluntary Local Review (VLR) of its progress toward the SDGs."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="vlrs")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), null=True, blank=True)
    state = models.CharField(verbose_name=_("state"), max_length=20, choices=VLRState.choices, default=VLRState.PLANNED)
    url = models.URLField(verbose_name=_("link"), blank=True)
    pdf = models.FileField(verbose_name=_("PDF"), upload_to="cities/vlr/", blank=True, validators=[validate_pdf_file])

    class Meta:
        verbose_name = _("Voluntary Local Review")
        verbose_name_plural = _("Voluntary Local Reviews")
        ordering = ["city", F("year").desc(nulls_first=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | ~Q(url="") | ~Q(pdf=""),
                name="vlr_published_has_link_or_pdf",
            ),
        ]

    def __str__(self):
        return f"{self.city}: {self.title}"

    def clean(self):
        if self.state == VLRState.PUBLISHED and not self.url and not self.pdf:
            raise ValidationError(
                {
                    "state": ValidationError(
                        _("A published review needs a link or a PDF."), code="published_without_document"
                    )
                }
            )


class CityCooperation(models.Model):
    """A field in which the city cooperates with Yokohama, over a period."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="cooperations")
    field = models.ForeignKey(
        FieldOfCooperation,
        verbose_name=_("field of cooperation"),
        on_delete=models.PROTECT,
        related_name="cooperations",
    )
    start_year = models.PositiveSmallIntegerField(verbose_name=_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(verbose_name=_("until (year)"), null=True, blank=True)
    note = models.TextField(verbose_name=_("note"), blank=True)

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperation")
        ordering = ["city", "field__order", "field__slug"]
        constraints = [
            models.UniqueConstraint(fields=["city", "field"], name="city_cooperation_one_per_field"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="city_cooperation_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.city}: {self.field}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The period cannot end before it starts.")}, code="period_not_ordered")
