"""Answering a company from the admin: the Reply page of an inquiry (/admin/inquiries/inquiry/<id>/reply/, wired by
InquiryAdmin.get_urls), who may use it, and the replies as the change page lists them."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from inquiries.models import InquiryEmail, InquiryEmailKind, InquiryEmailState, InquiryStatus, ReplyTemplate
from inquiries.services.outbox import render_reply
from inquiries.services.replies import ReplyNotPossible, fill_template, reply_subject, send_reply
from yport.forms import reject_message_control_characters

REPLY_PERMISSION = "inquiries.reply_inquiry"
REPLY_MAX_LENGTH = 20000


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
            cleaned["subject"] = reply_subject(
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


def has_reply_permission(model_admin, request, obj=None) -> bool:
    return request.user.has_perm(REPLY_PERMISSION) and model_admin.has_view_or_change_permission(request, obj)


def can_reply(model_admin, request, obj) -> bool:
    """Whether the change page shows the Reply link: the permission, and personal data still there to answer."""
    return obj is not None and obj.anonymised_at is None and has_reply_permission(model_admin, request, obj)


def replies_html(obj) -> str:
    """The replies sent from the portal for an inquiry, oldest first, with their state and writer."""
    replies = (
        obj.emails.filter(kind=InquiryEmailKind.REPLY).select_related("created_by").order_by("created_at", "id")
        if obj
        else ()
    )
    rows = [(reply, delivery_state(reply), writer_name(reply.created_by)) for reply in replies]
    return render_to_string("admin/inquiries/inquiry/replies.html", {"replies": rows})


def send_and_report(request, inquiry, data):
    """Send the previewed reply, then back to the change page with a message saying whether it left."""
    change_url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    params = {"reference": inquiry.reference}
    try:
        email = send_reply(
            inquiry=inquiry,
            subject=data["subject"],
            body=data["body"],
            language=data["language"],
            status=data["status"],
            by=request.user,
        )
    except ReplyNotPossible:
        messages.error(request, _("%(reference)s can no longer be answered: its personal data is erased.") % params)
        return HttpResponseRedirect(change_url)
    # Sent right after the commit (outside a request-wide transaction, that is now); otherwise the worker retries.
    email.refresh_from_db(fields=["state"])
    if email.state == InquiryEmailState.SENT:
        messages.success(request, _("The reply to %(reference)s was sent.") % params)
    else:
        messages.warning(
            request,
            _("The reply to %(reference)s is saved but could not be sent yet; the email worker tries again.") % params,
        )
    return HttpResponseRedirect(change_url)


def reply(model_admin, request, object_id):
    """The Reply page: write (or start from a template), preview, then send exactly what was previewed."""
    if not has_reply_permission(model_admin, request):
        raise PermissionDenied
    inquiry = model_admin.get_object(request, unquote(object_id))
    if inquiry is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    if not has_reply_permission(model_admin, request, inquiry):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Reply to %(reference)s") % {"reference": inquiry.reference},
        "opts": model_admin.opts,
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
        "subject": reply_subject(inquiry=inquiry, subject="", language=inquiry.language),
        "status": InquiryStatus.ANSWERED,
    }
    if request.method == "POST":
        form = ReplyForm(request.POST, inquiry=inquiry)
        if form.is_valid():
            data = form.cleaned_data
            if "_send" in request.POST and form.previewed():
                return send_and_report(request, inquiry, data)
            context["changed_since_preview"] = "_send" in request.POST
            context["preview"] = render_reply(
                InquiryEmail(inquiry=inquiry, kind=InquiryEmailKind.REPLY, subject=data["subject"], body=data["body"])
            )
            context["preview_status"] = InquiryStatus(data["status"]).label
            form = ReplyForm(initial={**data, "preview_key": form.mail_key()}, inquiry=inquiry)
    else:
        if template_form.is_bound and template_form.is_valid():
            language = template_form.cleaned_data["language"]
            subject, body = fill_template(
                template=template_form.cleaned_data["template"], inquiry=inquiry, language=language, by=request.user
            )
            initial.update(
                language=language,
                subject=reply_subject(inquiry=inquiry, subject=subject, language=language),
                body=body,
            )
        form = ReplyForm(initial=initial, inquiry=inquiry)
    context.update(form=form, template_form=template_form)
    return TemplateResponse(request, "admin/inquiries/inquiry/reply.html", context)
