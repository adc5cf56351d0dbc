"""The terms under which the partner cities' open data is published (the catalogue at /<lang>/data/): one row that
staff set in the admin, under the approval rule like every public text. While it names no licence, the catalogue
and every download say to ask the City of Yokohama before reusing the data beyond citation."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OpenDataLicenceQuerySet(models.QuerySet):
    def current(self) -> "OpenDataLicence":
        """The stated licence, or an unsaved empty one (no licence named yet); one query."""
        return self.first() or self.model()


class OpenDataLicence(models.Model):
    name = models.CharField(
        verbose_name=_("licence"),
        max_length=200,
        blank=True,
        help_text=_(
            "For example “CC BY 4.0”. Leave empty until the City of Yokohama has decided: the downloads then ask "
            "users to contact the city before reusing the data."
        ),
    )
    url = models.URLField(verbose_name=_("licence address"), blank=True, help_text=_("The licence's full text."))
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("For example how to credit the data, or what it excludes.")
    )
    # One row only: the database refuses a second.
    singleton = models.BooleanField(verbose_name=_("the one licence"), default=True, editable=False)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = OpenDataLicenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("open data licence")
        verbose_name_plural = _("open data licence")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="open_data_licence_one_row"),
            models.CheckConstraint(condition=Q(singleton=True), name="open_data_licence_singleton_true"),
        ]

    def __str__(self):
        return self.name or str(_("No licence named yet"))

    def get_absolute_url(self):
        return reverse("cities:data_catalogue")

    @property
    def is_stated(self) -> bool:
        return bool(self.name)
