from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yport.images import RenditionImageField
from yport.publishing import Publishable, PublishableQuerySet


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


class CityQuerySet(PublishableQuerySet):
    pass


class City(Publishable):
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

    objects = CityQuerySet.as_manager()

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
