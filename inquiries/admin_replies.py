"""Answering a company from the admin: the reply page of an inquiry and the reply templates handlers keep."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from inquiries import services
from inquiries.forms import reject_message_control_characters
from inquiries.models import InquiryEmail, InquiryEmailKind, InquiryEmailState, InquiryStatus, ReplyTemplate
from inquiries.replies import PLACEHOLDERS

REPLY_PERMISSION = "inquiries.reply_inquiry"
REPLY_MAX_LENGTH = 20000


def placeholder_help() -> str:
    return render_to_string("admin/inquiries/placeholder_help.html", {"placeholders": PLACEHOLDERS.items()})


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(TabbedTranslationAdmin):
    list_display = ("name", "subject")
    search_fields = ("name_ja", "name_en", "subject_ja", "subject_en", "body_ja", "body_en")
    # The description is rendered when the page is, in the language of the request.
    fieldsets = ((None, {"fields": ("name", "subject", "body"), "description": lazy(placeholder_help, str)()}),)


class UseTemplateForm(forms.Form):
    """Put a reply template's text, filled in, into the reply form (a GET: nothing is changed)."""

    template = forms.ModelChoiceField(ReplyTemplate.objects.all(), label=_("reply template"))
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("language"))


class ReplyForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("language"))
    subject = forms.CharField(
        label=_("subject"),
        max_length=250,
        required=False,
        help_text=_("The reference number is added if it is missing; left empty, a standard subject is used."),
    )
    body = forms.CharField(
        label=_("text"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 80}),
        validators=[reject_message_control_characters],
        help_text=_("Plain text, sent exactly as written."),
    )
    status = forms.ChoiceField(
        choices=InquiryStatus.choices, initial=InquiryStatus.ANSWERED, label=_("status after sending")
    )
    preview_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, inquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.inquiry = inquiry

    def clean(self):
        cleaned = super().clean()
        if "subject" in cleaned and "language" in cleaned:
            cleaned["subject"] = services.reply_subject(
                inquiry=self.inquiry, subject=cleaned["subject"], language=cleaned["language"]
            )
        return cleaned

    def mail_key(self) -> str:
        """A signature of exactly what would be sent; the preview carries it, the send must match it."""
        data = self.cleaned_data
        content = "\0".join((str(self.inquiry.pk), data["language"], data["subject"], data["body"], data["status"]))
        return salted_hmac("inquiries.reply-preview", content).hexdigest()

    def previewed(self) -> bool:
        return constant_time_compare(self.cleaned_data.get("preview_key") or "", self.mail_key())


def delivery_state(email: InquiryEmail) -> str:
    if email.state == InquiryEmailState.SENT:
        return _("sent")
    if email.state == InquiryEmailState.FAILED:
        return _("failed, waiting for retry")
    return _("waiting to be sent")


def writer_name(user) -> str:
    if user is None:
        return _("(deleted user)")
    return user.get_full_name() or user.get_username()


class InquiryReplyMixin:
    """The Reply page of InquiryAdmin (/admin/inquiries/inquiry/<id>/reply/) and the replies on the change page."""

    def has_reply_permission(self, request, obj=None):
        return request.user.has_perm(REPLY_PERMISSION) and self.has_view_or_change_permission(request, obj)

    def can_reply(self, request, obj):
        return obj is not None and obj.anonymised_at is None and self.has_reply_permission(request, obj)

    def get_urls(self):
        reply = path(
            "<path:object_id>/reply/", self.admin_site.admin_view(self.reply_view), name="inquiries_inquiry_reply"
        )
        return [reply, *super().get_urls()]

    @admin.display(description=_("replies sent from the portal"))
    def replies_display(self, obj):
        replies = (
            obj.emails.filter(kind=InquiryEmailKind.REPLY).select_related("created_by").order_by("created_at", "id")
            if obj
            else ()
        )
        rows = [(reply, delivery_state(reply), writer_name(reply.created_by)) for reply in replies]
        return render_to_string("admin/inquiries/inquiry/replies.html", {"replies": rows})

    def send_reply(self, request, inquiry, data):
        change_url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
        params = {"reference": inquiry.reference}
        try:
            email = services.send_reply(
                inquiry=inquiry,
                subject=data["subject"],
                body=data["body"],
                language=data["language"],
                status=data["status"],
                by=request.user,
            )
        except services.ReplyNotPossible:
            messages.error(request, _("%(reference)s can no longer be answered: its personal data is erased.") % params)
            return HttpResponseRedirect(change_url)
        # Sent right after the commit (outside a request-wide transaction, that is now); otherwise the worker retries.
        email.refresh_from_db(fields=["state"])
        if email.state == InquiryEmailState.SENT:
            messages.success(request, _("The reply to %(reference)s was sent.") % params)
        else:
            messages.warning(
                request,
                _("The reply to %(reference)s is saved but could not be sent yet; the email worker tries again.")
                % params,
            )
        return HttpResponseRedirect(change_url)

    def reply_view(self, request, object_id):
        if not self.has_reply_permission(request):
            raise PermissionDenied
        inquiry = self.get_object(request, unquote(object_id))
        if inquiry is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_reply_permission(request, inquiry):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reply to %(reference)s") % {"reference": inquiry.reference},
            "opts": self.opts,
            "original": inquiry,
            "anonymised": inquiry.anonymised_at is not None,
        }
        if inquiry.anonymised_at is not None:
            return TemplateResponse(request, "admin/inquiries/inquiry/reply.html", context)
        template_form = UseTemplateForm(initial={"language": inquiry.language}, prefix="use")
        if template_form.add_prefix("template") in request.GET:
            template_form = UseTemplateForm(request.GET, prefix="use")
        initial = {
            "language": inquiry.language,
            "subject": services.reply_subject(inquiry=inquiry, subject="", language=inquiry.language),
            "status": InquiryStatus.ANSWERED,
        }
        if request.method == "POST":
            form = ReplyForm(request.POST, inquiry=inquiry)
            if form.is_valid():
                data = form.cleaned_data
                if "_send" in request.POST and form.previewed():
                    return self.send_reply(request, inquiry, data)
                context["changed_since_preview"] = "_send" in request.POST
                context["preview"] = services.render_reply(
                    InquiryEmail(
                        inquiry=inquiry, kind=InquiryEmailKind.REPLY, subject=data["subject"], body=data["body"]
                    )
                )
                context["preview_status"] = InquiryStatus(data["status"]).label
                form = ReplyForm(initial={**data, "preview_key": form.mail_key()}, inquiry=inquiry)
        else:
            if template_form.is_bound and template_form.is_valid():
                language = template_form.cleaned_data["language"]
                subject, body = services.fill_template(
                    template=template_form.cleaned_data["template"], inquiry=inquiry, language=language, by=request.user
                )
                initial.update(
                    language=language,
                    subject=services.reply_subject(inquiry=inquiry, subject=subject, language=language),
                    body=body,
                )
            form = ReplyForm(initial=initial, inquiry=inquiry)
        context.update(form=form, template_form=template_form)
        return TemplateResponse(request, "admin/inquiries/inquiry/reply.html", context)
