import re

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView

from inquiries.attachments import AttachmentUploadHandler
from inquiries.forms import FormTokenForm, InquiryForm
from inquiries.models import InquiryEventKind
from inquiries.services.submission import DuplicateSubmission, RateLimitExceeded, submit_inquiry
from pagecache.fragments import kept_fragment, request_fragment_version
from sitepages.models import REGISTRATION_RETENTION_DAYS, SitePageSlug
from sitepages.views import SitePageView
from yport.client import client_address
from yport.http import no_store, rate_limited_response

SESSION_REFERENCE_KEY = "inquiry_reference"
SESSION_ATTACHMENTS_KEY = "inquiry_attachments"  # {"stored": [names], "failed": [names]} of the last inquiry sent
FIELDS_FRAGMENT = "inquiry-form-fields"  # the empty form's fields, cached by inquiry_form.html
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")


# The CSRF check reads the form, which reads the files: it runs inside dispatch, after the upload handler that
# limits the files is in place (as Django's documentation on upload handlers advises).
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(no_store, name="dispatch")
class InquiryCreateView(FormView):
    form_class = InquiryForm
    template_name = "inquiries/inquiry_form.html"
    # A partner city's page and a project's page link here with their slugs, to fill in the form.
    query_parameters = ("city", "project")

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            if content_length(request) > settings.INQUIRY_REQUEST_MAX_BYTES:
                return self.request_too_large()
            request.upload_handlers = [AttachmentUploadHandler(request)]
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        """The empty form: while its fields are cached (the template's ``inquiry-form-fields`` fragment), the page is
        rendered from that fragment and a form that holds only the token (``FormTokenForm``); the CSRF token and the
        form token stay per request."""
        vary_on = (request_fragment_version(request), translation.get_language(), request.get_full_path())
        fields = kept_fragment(FIELDS_FRAGMENT, *vary_on)
        if fields is None:
            return super().get(request, *args, **kwargs)
        # The fragment as this template rendered and escaped it.
        context = self.get_context_data(form=FormTokenForm(), form_fields=mark_safe(fields))  # noqa: S308
        return self.render_to_response(context)

    def request_too_large(self):
        """HTTP 413 before the body is read: the form again (empty; the browser's back button usually keeps what
        was typed) with the limits."""
        context = self.get_context_data(
            form=self.form_class(),
            request_too_large=True,
            request_limit=settings.INQUIRY_REQUEST_MAX_BYTES,
            max_files=settings.INQUIRY_ATTACHMENT_MAX_FILES,
            max_file_size=settings.INQUIRY_ATTACHMENT_MAX_BYTES,
        )
        return self.render_to_response(context, status=413)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        slug = self.request.GET.get("city", "")
        kwargs["city_slug"] = slug if SLUG.match(slug) else None
        project = self.request.GET.get("project", "")
        kwargs["project_slug"] = project if SLUG.match(project) else None
        return kwargs

    def form_valid(self, form):
        try:
            inquiry = submit_inquiry(
                data=form.submitted_data(),
                language=translation.get_language(),
                client_address=client_address(self.request),
                attachments=form.cleaned_data["attachments"],
            )
        except DuplicateSubmission as duplicate:
            inquiry = duplicate.inquiry
        except RateLimitExceeded as limited:
            return rate_limited_response(self, form, limited.retry_after)
        self.request.session[SESSION_REFERENCE_KEY] = inquiry.reference
        self.request.session[SESSION_ATTACHMENTS_KEY] = {
            "stored": list(inquiry.attachments.values_list("original_name", flat=True)),
            "failed": list(
                inquiry.events.filter(kind=InquiryEventKind.ATTACHMENT_FAILED).values_list("detail", flat=True)
            ),
        }
        return HttpResponseRedirect(reverse("inquiries:inquiry_thanks"))


def content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


@method_decorator(no_store, name="dispatch")
class InquiryThanksView(TemplateView):
    template_name = "inquiries/inquiry_thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reference"] = self.request.session.get(SESSION_REFERENCE_KEY, "")
        attachments = self.request.session.get(SESSION_ATTACHMENTS_KEY) or {}
        context["attachment_names"] = attachments.get("stored", [])
        context["failed_attachment_names"] = attachments.get("failed", [])
        return context


class PrivacyNoticeView(SitePageView):
    """The privacy notice as staff last published it (a site page); until one exists, the notice that ships with
    the code, so that the form never asks for consent to a notice nobody can read."""

    page = SitePageSlug.PRIVACY

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            return None  # looked up again on every request until staff write it

    def get_template_names(self):
        return [self.template_name] if self.object is not None else ["inquiries/privacy.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice_version"] = settings.PRIVACY_NOTICE_VERSION
        context["retention_days"] = settings.INQUIRY_RETENTION_DAYS
        context["registration_retention_days"] = REGISTRATION_RETENTION_DAYS
        return context
