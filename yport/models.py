"""The kernel's own records about content of any app: shareable preview links and English texts that may have
fallen behind the Japanese. Both point at their object through the content types framework, so the kernel imports
no app."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PreviewLink(models.Model):
    """A link that shows an unpublished page to someone without an account. Only a hash of its token is kept: the
    link is shown once, when it is made."""

    token_hash = models.CharField(verbose_name=_("token hash"), max_length=64, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(verbose_name=_("language"), max_length=10, choices=settings.LANGUAGES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    revoked_at = models.DateTimeField(verbose_name=_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=("content_type", "object_id"), name="previewlink_object_idx"),)

    def __str__(self):
        return _("Preview link of %(object)s, made %(created)s") % {
            "object": f"{self.content_type_id}:{self.object_id}",
            "created": self.created_at,
        }


class StaleTranslation(models.Model):
    """An English field whose Japanese counterpart changed after the English was last edited."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    field_name = models.CharField(verbose_name=_("field"), max_length=100)
    flagged_at = models.DateTimeField(verbose_name=_("flagged"), auto_now=True)

    class Meta:
        verbose_name = _("possibly out-of-date translation")
        verbose_name_plural = _("possibly out-of-date translations")
        ordering = ("content_type", "object_id", "field_name")
        constraints = (
            models.UniqueConstraint(
                fields=("content_type", "object_id", "field_name"), name="staletranslation_unique_field"
            ),
        )

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field_name}"
