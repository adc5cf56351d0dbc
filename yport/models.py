"""The kernel's one table: the former slugs of the content that has public addresses, so that an old address still
arrives (yport.redirects)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OldSlug(models.Model):
    """A slug that a row (a conference, session, speaker or city) had before. ``scope`` is the row that the slug is
    unique within (a session's conference), 0 for slugs unique in their table."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    scope = models.PositiveBigIntegerField(verbose_name=_("scope"), default=0)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80)
    changed_at = models.DateTimeField(verbose_name=_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        ordering = ["content_type", "scope", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "scope", "slug"], name="old_slug_unique_in_scope"),
        ]

    def __str__(self):
        return self.slug
