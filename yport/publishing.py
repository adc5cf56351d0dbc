"""Draft/published state shared by the content that staff publish (conferences, cities).

"Published" means one of two rules, each written once here, in SQL and in Python:
- published now: the state is published and now is inside the optional publish-from / publish-until window. What a
  visitor may see: ``published_now_condition()``, ``PublishableQuerySet.published()``, ``is_published_now()``.
- published state: the state is published, whatever the window says. What a publisher's approval guards (a
  scheduled item goes live unseen otherwise): ``published_state_condition()``,
  ``PublishableQuerySet.with_published_state()``, ``has_published_state()``.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PublicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication state", "draft")
    PUBLISHED = "published", pgettext_lazy("publication state", "published")


def published_state_condition(prefix="") -> Q:
    """The state is published, whatever the window; ``prefix`` reaches a related Publishable (``"conference__"``)."""
    return Q(**{f"{prefix}publication_state": PublicationState.PUBLISHED})


def published_now_condition(prefix="", now=None) -> Q:
    """Published and ``now`` inside the optional publish-from / publish-until window: what a visitor may see.
    ``prefix`` reaches a related Publishable (``"conference__"``). ``is_published_now()`` is the same rule in
    Python."""
    now = now or timezone.now()
    return (
        published_state_condition(prefix)
        & (Q(**{f"{prefix}publish_from__isnull": True}) | Q(**{f"{prefix}publish_from__lte": now}))
        & (Q(**{f"{prefix}publish_until__isnull": True}) | Q(**{f"{prefix}publish_until__gt": now}))
    )


def has_published_state(obj) -> bool:
    """The state is published, whatever the window (``published_state_condition()`` in Python); also for an object
    not saved, such as a version restored from the history. False for anything without a publication state."""
    return getattr(obj, "publication_state", None) == PublicationState.PUBLISHED


def is_published_now(obj, now=None) -> bool:
    """Published and ``now`` inside the window (``published_now_condition()`` in Python)."""
    now = now or timezone.now()
    return (
        has_published_state(obj)
        and (obj.publish_from is None or obj.publish_from <= now)
        and (obj.publish_until is None or obj.publish_until > now)
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Rows a visitor may see: published now (``published_now_condition``)."""
        return self.filter(published_now_condition(now=now))

    def with_published_state(self):
        """Rows whose state is published, scheduled or not (``published_state_condition``)."""
        return self.filter(published_state_condition())

    def needing_approval(self):
        """Rows whose change needs a publisher's approval (editorial.approvals.is_live): published, scheduled or not."""
        return self.with_published_state()


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
    def is_published_now(self):
        """``is_published_now(self)``, for templates."""
        return is_published_now(self)

    @classmethod
    def publication_window_constraint(cls, name):
        return models.CheckConstraint(
            condition=Q(publish_from__isnull=True)
            | Q(publish_until__isnull=True)
            | Q(publish_until__gt=models.F("publish_from")),
            name=name,
        )
