"""The business inquiries as a CSV or XLSX file, for the admin's export (export only: inquiries come only from the
public form)."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from inquiries.models import (
    SUBMITTED_FIELDS,
    Inquiry,
    InquiryAttachment,
    InquiryEmail,
    InquiryEmailKind,
    InquiryEmailState,
)
from yport.spreadsheets import SubmissionsResource, local_time

EXPORT_COLUMNS = (
    "reference",
    "created_at",
    "status",
    "assignee",
    "first_answer_due",
    "first_answered_at",
    "reply_count",
    "language",
    *SUBMITTED_FIELDS,
    "attachment_count",
)
REPLY_COUNT_COLUMN = _("replies sent")
ATTACHMENT_COUNT_COLUMN = _("attachments")


class InquiryResource(SubmissionsResource, resources.ModelResource):
    """One row per inquiry, every value as text in the language of the admin; the headers are the fields' names."""

    computed_columns = {"reply_count": REPLY_COUNT_COLUMN, "attachment_count": ATTACHMENT_COUNT_COLUMN}

    reply_count = fields.Field(attribute="reply_count", column_name=REPLY_COUNT_COLUMN, readonly=True)
    attachment_count = fields.Field(attribute="attachment_count", column_name=ATTACHMENT_COUNT_COLUMN, readonly=True)

    class Meta:
        model = Inquiry
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def filter_export(self, queryset, **kwargs):
        sent_replies = (
            InquiryEmail.objects.filter(
                inquiry=OuterRef("pk"), kind=InquiryEmailKind.REPLY, state=InquiryEmailState.SENT
            )
            .order_by()
            .values("inquiry")
            .annotate(count=Count("pk"))
            .values("count")
        )
        attachments = (
            InquiryAttachment.objects.filter(inquiry=OuterRef("pk"))
            .order_by()
            .values("inquiry")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            queryset.select_related("city", "project", "assignee")
            .prefetch_related("fields_of_interest")
            .annotate(
                reply_count=Coalesce(Subquery(sent_replies), 0),
                attachment_count=Coalesce(Subquery(attachments), 0),
            )
        )

    def dehydrate_first_answer_due(self, inquiry):
        return inquiry.first_answer_due.isoformat()

    def dehydrate_first_answered_at(self, inquiry):
        return local_time(inquiry.first_answered_at)

    def dehydrate_reply_count(self, inquiry):
        return str(inquiry.reply_count)

    def dehydrate_assignee(self, inquiry):
        return inquiry.assignee.get_username() if inquiry.assignee else ""

    def dehydrate_fields_of_interest(self, inquiry):
        return ", ".join(str(field) for field in inquiry.fields_of_interest.all())

    def dehydrate_city(self, inquiry):
        return str(inquiry.city) if inquiry.city else ""

    def dehydrate_project(self, inquiry):
        return str(inquiry.project) if inquiry.project else ""
