from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City, SDGGoal
from editorial.slug_history import SlugHistory
from yport.images import RenditionImageField, validate_pdf_file
from yport.publishing import (
    Publishable,
    PublishableQuerySet,
    published_now_condition,
    published_state_condition,
)
from yport.search_text import Searchable


def affiliation(position, organisation):
    """Position and organisation as each language writes them: 計画投資局副局長 / Deputy Director, Department …"""
    if (get_language() or "ja").startswith("ja"):
        return f"{organisation}{position}"
    return ", ".join(part for part in (position, organisation) if part)


class ConferenceFormat(models.TextChoices):
    ONLINE = "online", pgettext_lazy("conference format", "online")
    ON_SITE = "on_site", pgettext_lazy("conference format", "on site")
    HYBRID = "hybrid", pgettext_lazy("conference format", "hybrid")


class SessionKind(models.TextChoices):
    KEYNOTE = "keynote", pgettext_lazy("session kind", "keynote")
    PLENARY = "plenary", pgettext_lazy("session kind", "plenary session")
    THEMATIC = "thematic", pgettext_lazy("session kind", "thematic session")
    PANEL = "panel", pgettext_lazy("session kind", "panel discussion")
    WORKSHOP = "workshop", pgettext_lazy("session kind", "workshop")
    OTHER = "other", pgettext_lazy("session kind", "other")


class AppearanceRole(models.TextChoices):
    SPEAKER = "speaker", pgettext_lazy("appearance role", "speaker")
    MODERATOR = "moderator", pgettext_lazy("appearance role", "moderator")
    PANELLIST = "panellist", pgettext_lazy("appearance role", "panellist")
    COMMENTATOR = "commentator", pgettext_lazy("appearance role", "commentator")


class ConferenceQuerySet(PublishableQuerySet):
    def latest_published(self):
        return self.published().order_by("-start_date", "-pk").first()


class Conference(SlugHistory, Searchable, Publishable):
    edition = models.PositiveSmallIntegerField(
        verbose_name=_("edition"), unique=True, help_text=_("The conference's number in the series, e.g. 11.")
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True)
    theme = models.CharField(verbose_name=_("main theme"), max_length=300, blank=True)
    description = models.TextField(verbose_name=_("description"), blank=True)
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(verbose_name=_("end date"))
    format = models.CharField(
        verbose_name=_("format"), max_length=10, choices=ConferenceFormat.choices, default=ConferenceFormat.ON_SITE
    )
    venue = models.CharField(verbose_name=_("venue"), max_length=200, blank=True, help_text=_("Empty when online."))
    participants = models.PositiveIntegerField(
        verbose_name=_("approximate participants"), null=True, blank=True, help_text=_("Shown as “about …”.")
    )
    organiser = models.CharField(verbose_name=_("organiser"), max_length=200, blank=True)
    organiser_url = models.URLField(
        verbose_name=_("organiser's website"), blank=True, help_text=_("Search engines read it with the organiser.")
    )
    report_url = models.URLField(verbose_name=_("report link"), blank=True)
    report_pdf = models.FileField(
        verbose_name=_("report PDF"),
        upload_to="conferences/reports/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_file],
    )
    banner = RenditionImageField(
        verbose_name=_("banner image"), upload_to="conferences/", blank=True, widths=(800, 1600)
    )
    banner_alt = models.CharField(verbose_name=_("banner image description"), max_length=250, blank=True)

    objects = ConferenceQuerySet.as_manager()

    search_fields = ("title", "theme", "description", "venue", "organiser")
    slug_routes = ("conferences:conference_detail", "conferences:conference_calendar")  # old slugs lead on
    reserved_slugs = ("feed",)  # /conferences/feed/ (conferences/urls.py)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="conference_end_after_start"
            ),
            Publishable.publication_window_constraint("conference_publish_window_ordered"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conferences:conference_detail", kwargs={"slug": self.slug})

    @classmethod
    def slug_redirect_rows(cls):
        return cls.objects.published()

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                _("The conference cannot end before it starts."), code="end_before_start"
            )
        if self.format == ConferenceFormat.ONLINE and any(getattr(self, name, "") for name in ("venue_ja", "venue_en")):
            errors["format"] = ValidationError(_("An online conference has no venue."), code="online_with_venue")
        if errors:
            raise ValidationError(errors)


class SessionQuerySet(models.QuerySet):
    def published(self, now=None):
        """Sessions of published conferences."""
        return self.filter(published_now_condition("conference__", now))


class Session(SlugHistory, Searchable):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(verbose_name=_("title"), max_length=250)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, help_text=_("Unique within the conference."))
    kind = models.CharField(
        verbose_name=_("kind"), max_length=12, choices=SessionKind.choices, default=SessionKind.THEMATIC
    )
    summary = models.TextField(verbose_name=_("summary"), blank=True)
    starts_at = models.DateTimeField(verbose_name=_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(verbose_name=_("ends at"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)
    cities = models.ManyToManyField(City, verbose_name=_("related partner cities"), related_name="sessions", blank=True)
    sdg_goals = models.ManyToManyField(
        SDGGoal, verbose_name=_("related SDG goals"), related_name="sessions", blank=True
    )
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    search_fields = ("title", "summary")
    # Old slugs lead on (editorial.slug_history): the slug is unique within the conference.
    slug_routes = ("conferences:session_detail", "conferences:session_calendar")
    slug_scope_field = "conference_id"
    slug_scope_argument = "conference_slug"

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["conference", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="session_slug_unique_in_conference"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="session_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "conferences:session_detail", kwargs={"conference_slug": self.conference.slug, "slug": self.slug}
        )


class SpeakerQuerySet(models.QuerySet):
    def published(self, now=None):
        """Speakers with at least one appearance in a published conference."""
        return self.filter(
            Exists(
                Appearance.objects.filter(speaker=OuterRef("pk")).filter(
                    published_now_condition("session__conference__", now)
                )
            )
        )

    def needing_approval(self):
        """Speakers whose change needs a publisher's approval (editorial.approvals.is_live): those in a published
        conference, scheduled or not."""
        return self.filter(published_state_condition("appearances__session__conference__")).distinct()


class Speaker(SlugHistory, Searchable):
    name = models.CharField(verbose_name=_("name"), max_length=150)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True)
    position = models.CharField(verbose_name=_("position"), max_length=200, blank=True)
    organisation = models.CharField(verbose_name=_("organisation"), max_length=200, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("partner city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
    )
    photo = RenditionImageField(verbose_name=_("photo"), upload_to="speakers/", blank=True, widths=(160, 480))
    biography = models.TextField(verbose_name=_("short biography"), blank=True)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = SpeakerQuerySet.as_manager()

    search_fields = ("name", "position", "organisation", "biography")
    slug_routes = ("conferences:speaker_detail",)  # old slugs lead on

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conferences:speaker_detail", kwargs={"slug": self.slug})

    @classmethod
    def slug_redirect_rows(cls):
        return cls.objects.published()

    @property
    def affiliation(self):
        return affiliation(self.position, self.organisation)


class Appearance(models.Model):
    """A speaker in a session, with the position and organisation the person held at that conference."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="appearances"
    )
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="appearances"
    )
    role = models.CharField(
        verbose_name=_("role"), max_length=12, choices=AppearanceRole.choices, default=AppearanceRole.SPEAKER
    )
    presentation_title = models.CharField(verbose_name=_("presentation title"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)
    position = models.CharField(
        verbose_name=_("position at the time"),
        max_length=200,
        blank=True,
        help_text=_("Left empty, it is copied from the speaker."),
    )
    organisation = models.CharField(
        verbose_name=_("organisation at the time"),
        max_length=200,
        blank=True,
        help_text=_("Left empty, it is copied from the speaker."),
    )

    class Meta:
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="appearance_order_unique_in_session"),
            models.UniqueConstraint(fields=["session", "speaker", "role"], name="appearance_speaker_role_unique"),
        ]

    def __str__(self):
        return _("%(speaker)s in %(session)s") % {"speaker": self.speaker, "session": self.session}

    @property
    def affiliation(self):
        """The position and organisation the speaker held at this conference."""
        return affiliation(self.position, self.organisation)
