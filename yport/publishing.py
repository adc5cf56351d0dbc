"""Draft/published state shared by the content that staff publish (conferences, cities)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PublicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication state", "draft")
    PUBLISHED = "published", pgettext_lazy("publication state", "published")


def published_condition(prefix="", now=None):
    """Published and inside the optional publish-from / publish-until window; ``prefix`` reaches a related
    Publishable (``"conference__"``)."""
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}publication_state": PublicationState.PUBLISHED})
        & (Q(**{f"{prefix}publish_from__isnull": True}) | Q(**{f"{prefix}publish_from__lte": now}))
        & (Q(**{f"{prefix}publish_until__isnull": True}) | Q(**{f"{prefix}publish_until__gt": now}))
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Rows a visitor may see."""
        return self.filter(published_condition(now=now))

    def needing_approval(self):
        """Rows whose change needs a publisher's approval (editorial.approvals.is_live): published, scheduled or not."""
        return self.filter(publication_state=PublicationState.PUBLISHED)


class Publishable(models.Model):
    publication_state = models.CharField(
        verbose_name=_("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    publish_from = models.DateTimeField(
        verbose_name=_("publish from"), null=True, blank=True, help_text=_("Leave empty to publish at once.")
    )
    publish_until = models.DateTimeField(
        verbose_name=_("publish until"), null=True, blank=True, help_text=_("Leave empty to keep it published.")
    )
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        now = timezone.now()
        return (
            self.publication_state == PublicationState.PUBLISHED
            and (self.publish_from is None or self.publish_from <= now)
            and (self.publish_until is None or self.publish_until > now)
        )

    @classmethod
    def publication_window_constraint(cls, name):
        return models.CheckConstraint(
            condition=Q(publish_from__isnull=True)
            | Q(publish_until__isnull=True)
            | Q(publish_until__gt=models.F("publish_from")),
            name=name,
        )
