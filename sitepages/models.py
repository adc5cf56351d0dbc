"""The site's own pages (about, accessibility policy, privacy notice, terms of use) and the redirects staff keep for
addresses that no longer exist. Both are edited in the admin; the page cache drops its pages after every change."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.redirects import StaffRedirect


class SitePageSlug(models.TextChoices):
    ABOUT = "about", _("About Y-PORT")
    ACCESSIBILITY = "accessibility", _("Accessibility policy")
    PRIVACY = "privacy", _("Privacy notice")
    TERMS = "terms", _("Terms of use")


# Each page's public address (URL name). The privacy notice keeps the inquiry app's address, which the form and
# the acknowledgement emails link to.
URL_NAMES = {
    SitePageSlug.ABOUT: "sitepages:about",
    SitePageSlug.ACCESSIBILITY: "sitepages:accessibility",
    SitePageSlug.PRIVACY: "inquiries:privacy",
    SitePageSlug.TERMS: "sitepages:terms",
}


# What the privacy notice says about conference registrations by default: their personal data is erased this many
# days after the conference ends (the default of a registration setup's retention; no content app imports the
# registrations app, so a test keeps the two equal).
REGISTRATION_RETENTION_DAYS = 180


class SitePageQuerySet(models.QuerySet):
    def privacy_notice_version(self) -> str:
        """The version of the privacy notice now published, recorded with every consent: the notice's revision
        (``r3``) and the date of that revision; the PRIVACY_NOTICE_VERSION setting while no notice page exists."""
        page = self.filter(slug=SitePageSlug.PRIVACY).only("revision", "updated_at").first()
        return settings.PRIVACY_NOTICE_VERSION if page is None else page.version


class SitePage(models.Model):
    slug = models.CharField(verbose_name=_("page"), max_length=20, choices=SitePageSlug.choices, unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=150)
    body = models.TextField(
        verbose_name=_("text"),
        help_text=_(
            "Plain text. A blank line starts a new paragraph; a line starting with “## ” is a heading. Web and "
            "email addresses become links. HTML is shown as typed, never interpreted."
        ),
    )
    revision = models.PositiveIntegerField(
        verbose_name=_("revision"),
        default=1,
        editable=False,
        help_text=_("Counts the saved changes of the text; part of the privacy notice's version."),
    )
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"), default=timezone.now, editable=False, help_text=_("When the text last changed.")
    )

    objects = SitePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["slug"]

    def __str__(self):
        return self.get_slug_display()

    def get_absolute_url(self):
        return reverse(URL_NAMES[self.slug])

    @property
    def version(self) -> str:
        return f"r{self.revision} ({timezone.localtime(self.updated_at):%Y-%m-%d})"


def validate_local_path(value):
    """Only an address on this site: an absolute path, never another host (``//host``, ``/\\host``, a scheme)."""
    if not value.startswith("/") or value.startswith(("//", "/\\")) or any(char in value for char in "\\\r\n\t "):
        raise ValidationError(
            _("Enter an address on this site starting with “/”, such as /ja/cities/da-nang/."),
            code="not_local_path",
            params={"value": value},
        )


class Redirect(StaffRedirect, models.Model):
    old_path = models.CharField(
        verbose_name=_("old address"),
        max_length=300,
        unique=True,
        validators=[validate_local_path],
        help_text=_("The path that no longer exists, as visitors ask for it, such as /partner/danang.html."),
    )
    new_path = models.CharField(
        verbose_name=_("new address"),
        max_length=300,
        validators=[validate_local_path],
        help_text=_("A path on this site, such as /en/cities/da-nang/. Visitors are sent there permanently (301)."),
    )
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(old_path__startswith="/")
                & ~models.Q(old_path__startswith="//")
                & models.Q(new_path__startswith="/")
                & ~models.Q(new_path__startswith="//")
                & ~models.Q(new_path__startswith="/\\"),
                name="redirect_paths_are_local",
            ),
            models.CheckConstraint(condition=~models.Q(old_path=models.F("new_path")), name="redirect_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    @classmethod
    def redirect_target(cls, path):
        if "\x00" in path or len(path) > cls._meta.get_field("old_path").max_length:
            return None  # no such redirect can exist (and PostgreSQL refuses a NUL byte outright)
        return cls.objects.filter(old_path=path).values_list("new_path", flat=True).first()

    def clean(self):
        if self.old_path and self.old_path == self.new_path:
            raise ValidationError({"new_path": _("The new address must differ from the old one.")}, code="loop")
