import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.generic import FormView, TemplateView

from inquiries.forms import InquiryForm
from inquiries.models import Inquiry
from inquiries.services import DuplicateSubmission, RateLimitExceeded, submit_inquiry
from yport.client import client_address

SESSION_REFERENCE_KEY = "inquiry_reference"
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")


class InquiryCreateView(FormView):
    form_class = InquiryForm
    template_name = "inquiries/inquiry_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        slug = self.request.GET.get("city", "")
        kwargs["city_slug"] = slug if SLUG.match(slug) else None
        return kwargs

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        token = form.used_token
        if token is not None:
            first = Inquiry.objects.filter(submission_token=token).first()
            if first is not None:
                return self.thanks(first)
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            inquiry = submit_inquiry(
                data=form.submitted_data(),
                language=translation.get_language(),
                client_address=client_address(request),
            )
        except DuplicateSubmission as duplicate:
            return self.thanks(duplicate.inquiry)
        except RateLimitExceeded:
            return render(request, "inquiries/rate_limited.html", status=429)
        return self.thanks(inquiry)

    def thanks(self, inquiry):
        self.request.session[SESSION_REFERENCE_KEY] = inquiry.reference
        return HttpResponseRedirect(reverse("inquiries:inquiry_thanks"))


class InquiryThanksView(TemplateView):
    template_name = "inquiries/inquiry_thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reference"] = self.request.session.get(SESSION_REFERENCE_KEY, "")
        return context


class PrivacyNoticeView(TemplateView):
    template_name = "inquiries/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice_version"] = settings.PRIVACY_NOTICE_VERSION
        context["retention_days"] = settings.INQUIRY_RETENTION_DAYS
        context["rate_window_minutes"] = settings.INQUIRY_RATE_WINDOW_SECONDS // 60
        return context
