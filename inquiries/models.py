import logging
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from inquiries.replies import validate_placeholders
from inquiries.working_days import today_in_tokyo
from yport.models import EmailState, RecordEmail, SubmissionRecord, sent_has_time
from yport.storage import get_private_storage

logger = logging.getLogger(__name__)


class InquiryStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("inquiry status", "new")
    IN_PROGRESS = "in_progress", pgettext_lazy("inquiry status", "in progress")
    ANSWERED = "answered", pgettext_lazy("inquiry status", "answered")
    CLOSED = "closed", pgettext_lazy("inquiry status", "closed")
    SPAM = "spam", pgettext_lazy("inquiry status", "spam")


# What a company sends through the public form, in the form's order: the form, the service, the admin and the export
# all take this one list.
SUBMITTED_FIELDS = (
    "company_name",
    "company_name_kana",
    "department",
    "contact_person",
    "contact_person_kana",
    "email",
    "phone",
    "country",
    "website",
    "fields_of_interest",
    "city",
    "project",
    "message",
)

# The names that have a reading in katakana (フリガナ), asked for on the Japanese form only: name -> its reading.
KANA_READINGS = {"company_name": "company_name_kana", "contact_person": "contact_person_kana"}

OPEN_STATUSES = (InquiryStatus.NEW, InquiryStatus.IN_PROGRESS)
# The first move to one of these records the time of the first answer (services.change_status).
FIRST_ANSWER_STATUSES = (InquiryStatus.ANSWERED, InquiryStatus.CLOSED)
PURGEABLE_STATUSES = (InquiryStatus.CLOSED, InquiryStatus.SPAM)


class ResponseTarget(models.TextChoices):
    """Where an inquiry stands against its response target (Inquiry.first_answer_due), on a given day in Tokyo."""

    OVERDUE = "overdue", pgettext_lazy("response target", "overdue")
    DUE_TODAY = "due_today", pgettext_lazy("response target", "due today")
    ON_TIME = "on_time", pgettext_lazy("response target", "on time")
    ANSWERED = "answered", pgettext_lazy("response target", "answered")


class InquiryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_first_answer(self):
        """Open inquiries that have not had a first answer yet."""
        return self.open().filter(first_answered_at__isnull=True)

    def overdue(self, today=None):
        """Open inquiries without a first answer whose due date is before ``today`` (Tokyo's date by default): one
        due today is not overdue yet."""
        return self.awaiting_first_answer().filter(first_answer_due__lt=today or today_in_tokyo())

    def response_target(self, target: str, *, today=None):
        """The inquiries in one ResponseTarget on ``today`` (Tokyo's date by default); ValueError for another value."""
        target = ResponseTarget(target)
        today = today or today_in_tokyo()
        if target == ResponseTarget.ANSWERED:
            return self.filter(first_answered_at__isnull=False)
        lookup = {
            ResponseTarget.OVERDUE: "first_answer_due__lt",
            ResponseTarget.DUE_TODAY: "first_answer_due",
            ResponseTarget.ON_TIME: "first_answer_due__gt",
        }[target]
        return self.awaiting_first_answer().filter(**{lookup: today})

    def open_and_overdue_per_assignee(self, *, today=None) -> dict:
        """{assignee id (None: unassigned): (open, overdue)} for every assignee with open inquiries; one query."""
        today = today or today_in_tokyo()
        overdue = Q(first_answered_at__isnull=True, first_answer_due__lt=today)
        rows = (
            self.open()
            .order_by()
            .values_list("assignee")
            .annotate(open_count=Count("id"), overdue_count=Count("id", filter=overdue))
        )
        return {assignee_id: (open_count, overdue_count) for assignee_id, open_count, overdue_count in rows}

    def purgeable(self, *, created_before):
        """Closed and spam inquiries older than the given time whose personal data is still stored."""
        return self.filter(status__in=PURGEABLE_STATUSES, created_at__lt=created_before, anonymised_at__isnull=True)

    def counts_by_status(self) -> dict[str, int]:
        """The number of inquiries of each status (every status, in the order of InquiryStatus)."""
        counts = dict(self.order_by().values_list("status").annotate(count=Count("id")))
        return {status: counts.get(status, 0) for status in InquiryStatus.values}

    def per_month(self) -> list[tuple]:
        """(first day of the month, counts_by_status-like dict) for each month with inquiries, newest first; months
        in the site's time zone."""
        rows = self.order_by().annotate(month=TruncMonth("created_at")).values_list("month", "status")
        months = {}
        for month, status, count in rows.annotate(count=Count("id")):
            months.setdefault(month, dict.fromkeys(InquiryStatus.values, 0))[status] = count
        return sorted(months.items(), reverse=True)


class Inquiry(SubmissionRecord):
    """A business inquiry sent by a company through the public form. Personal data: see the privacy notice."""

    reference = models.CharField(verbose_name=_("reference number"), max_length=20, unique=True, editable=False)
    submission_token = models.UUIDField(
        verbose_name=_("submission token"),
        unique=True,
        editable=False,
        help_text=_("One per shown form, so sending the same form twice creates one inquiry."),
    )
    company_name = models.CharField(verbose_name=_("company name"), max_length=200, blank=True)
    company_name_kana = models.CharField(
        verbose_name=_("company name (kana)"),
        max_length=200,
        blank=True,
        help_text=_("The reading of the company name in katakana, as the company gave it on the Japanese form."),
    )
    department = models.CharField(verbose_name=_("department"), max_length=200, blank=True)
    contact_person = models.CharField(verbose_name=_("contact person"), max_length=150, blank=True)
    contact_person_kana = models.CharField(
        verbose_name=_("contact person (kana)"),
        max_length=150,
        blank=True,
        help_text=_("The reading of the contact person's name in katakana, as given on the Japanese form."),
    )
    email = models.EmailField(verbose_name=_("email address"), max_length=254, blank=True)
    phone = PhoneNumberField(verbose_name=_("phone number"), blank=True)
    country = CountryField(verbose_name=_("country"))
    website = models.URLField(verbose_name=_("company website"), max_length=300, blank=True)
    fields_of_interest = models.ManyToManyField(
        "cities.FieldOfCooperation",
        verbose_name=_("fields of interest"),
        related_name="inquiries",
        blank=True,
    )
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("partner city of interest"),
        related_name="inquiries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project of interest"),
        related_name="inquiries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The project whose page the company asked from."),
    )
    message = models.TextField(verbose_name=_("message"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("received"), auto_now_add=True, db_index=True)
    first_answer_due = models.DateField(
        verbose_name=_("first answer due"),
        editable=False,
        db_index=True,
        help_text=_("The last working day for the first answer to the company."),
    )
    first_answered_at = models.DateTimeField(
        verbose_name=_("first answered"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the inquiry was first marked as answered or closed."),
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        related_name="assigned_inquiries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True, "is_active": True},
    )
    internal_notes = models.TextField(verbose_name=_("internal notes"), blank=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("business inquiry")
        verbose_name_plural = _("business inquiries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False)
                | (~Q(company_name="") & ~Q(contact_person="") & ~Q(email="") & ~Q(message="")),
                name="inquiry_personal_data_present_unless_anonymised",
            ),
            models.CheckConstraint(condition=Q(status__in=InquiryStatus.values), name="inquiry_status_valid"),
        ]
        indexes = [models.Index(fields=["client_network", "created_at"], name="inquiry_network_received")]
        permissions = [
            ("reply_inquiry", _("Can reply to the company from the portal")),
            ("erase_inquiry", _("Can erase an inquiry's personal data on request")),
        ]

    def __str__(self):
        if self.anonymised_at:
            return self.reference
        return f"{self.reference} {self.company_name}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def response_target(self, *, today=None) -> str | None:
        """The inquiry's ResponseTarget on ``today`` (Tokyo's date by default); None for one closed or marked as
        spam without an answer."""
        if self.first_answered_at is not None:
            return ResponseTarget.ANSWERED
        if not self.is_open:
            return None
        today = today or today_in_tokyo()
        if self.first_answer_due < today:
            return ResponseTarget.OVERDUE
        if self.first_answer_due == today:
            return ResponseTarget.DUE_TODAY
        return ResponseTarget.ON_TIME


class InquiryReferenceCounter(models.Model):
    """The last reference number given out in a year; its row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(verbose_name=_("year"), unique=True)
    last_number = models.PositiveIntegerField(verbose_name=_("last number"), default=0)

    class Meta:
        verbose_name = _("reference number counter")
        verbose_name_plural = _("reference number counters")
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class InquiryEventKind(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("inquiry event", "submitted")
    STATUS_CHANGED = "status_changed", pgettext_lazy("inquiry event", "status changed")
    ASSIGNED = "assigned", pgettext_lazy("inquiry event", "assigned")
    NOTE = "note", pgettext_lazy("inquiry event", "notes changed")
    VIEWED = "viewed", pgettext_lazy("inquiry event", "viewed")
    EMAIL_SENT = "email_sent", pgettext_lazy("inquiry event", "email sent")
    EMAIL_FAILED = "email_failed", pgettext_lazy("inquiry event", "email failed")
    ANONYMISED = "anonymised", pgettext_lazy("inquiry event", "anonymised")
    REPLIED = "replied", pgettext_lazy("inquiry event", "replied")
    ATTACHMENT_FAILED = "attachment_failed", pgettext_lazy("inquiry event", "attachment not stored")
    DOWNLOADED = "downloaded", pgettext_lazy("inquiry event", "attachment downloaded")


class InquiryEvent(models.Model):
    """One line of an inquiry's history: who did what, when."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), related_name="events", on_delete=models.CASCADE)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=InquiryEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="inquiry_events",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(verbose_name=_("when"), auto_now_add=True, db_index=True)
    old_status = models.CharField(
        verbose_name=_("old status"), max_length=20, choices=InquiryStatus.choices, blank=True
    )
    new_status = models.CharField(
        verbose_name=_("new status"), max_length=20, choices=InquiryStatus.choices, blank=True
    )
    detail = models.TextField(verbose_name=_("detail"), blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.inquiry.reference} {self.get_kind_display()}"


def attachment_file_name(instance, filename):
    """A random name: nothing the sender chose reaches the storage (their file name is kept in original_name)."""
    return f"inquiries/{uuid.uuid4().hex}.pdf"


class InquiryAttachment(models.Model):
    """A PDF file a company sent with its inquiry, kept in the private storage (no address reaches it); handlers
    download it through the admin. Deleted with the inquiry's personal data."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("inquiry"), related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(
        verbose_name=_("file"), upload_to=attachment_file_name, storage=get_private_storage, max_length=100
    )
    original_name = models.CharField(verbose_name=_("file name"), max_length=100)
    size = models.PositiveIntegerField(verbose_name=_("size in bytes"))
    sha256 = models.CharField(verbose_name=_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["inquiry", "id"]

    def __str__(self):
        return self.original_name


class InquiryEmailKind(models.TextChoices):
    NOTIFICATION = "notification", _("notification to staff")
    ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement to the company")
    REPLY = "reply", _("reply to the company")


InquiryEmailState = EmailState  # the outbox's states (yport.models), under the name the inquiry code knows


class InquiryEmail(RecordEmail):
    """One email about an inquiry, a part of its record: its delivery state (the outbox's, see RecordEmail, so the
    email worker sends it with every other email) and each attempt in the inquiry's history. The notification and
    the acknowledgement are rendered from templates when they are sent; a reply's text is what the handler wrote,
    stored here. Every email gets its Message-ID when it is queued, so that replies can point at the
    acknowledgement (In-Reply-To)."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), related_name="emails", on_delete=models.CASCADE)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=InquiryEmailKind.choices)
    language = models.CharField(verbose_name=_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)

    outbox_record = "inquiry"
    outbox_select_related = ("inquiry",)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["inquiry", "kind"]
        constraints = [
            # One notification and one acknowledgement per inquiry; replies as many as the handlers write.
            models.UniqueConstraint(
                fields=["inquiry", "kind"], condition=~Q(kind="reply"), name="inquiry_email_one_per_kind"
            ),
            sent_has_time("inquiry_email_sent_has_time"),
        ]

    def __str__(self):
        return f"{self.inquiry.reference} {self.get_kind_display()} ({self.get_state_display()})"

    def build_message(self):
        from inquiries.services.outbox import render_email  # the services build on these models

        return render_email(self)

    def record_attempt(self) -> None:
        sent = self.state == EmailState.SENT
        if not sent:
            logger.warning("Inquiry %s: %s email failed: %s", self.inquiry.reference, self.kind, self.error)
        InquiryEvent.objects.create(
            inquiry=self.inquiry,
            kind=InquiryEventKind.EMAIL_SENT if sent else InquiryEventKind.EMAIL_FAILED,
            detail=f"{self.get_kind_display()}: {self.error}".rstrip(": "),
        )


class ReplyTemplate(models.Model):
    """A canned reply that handlers start their answer from, in Japanese and English. Its subject and text may hold
    the placeholders of inquiries.replies.PLACEHOLDERS; nothing else in them is interpreted."""

    name = models.CharField(verbose_name=_("name"), max_length=100)
    subject = models.CharField(
        verbose_name=_("subject"), max_length=200, blank=True, validators=[validate_placeholders]
    )
    body = models.TextField(verbose_name=_("text"), validators=[validate_placeholders])

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
