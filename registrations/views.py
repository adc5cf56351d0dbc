"""The public side of registration: the form, the "check your email" page, the confirm link and the manage page
(signed link, no account) with its actions. Every page here is personal or carries a one-time token: no-store; but
the public participant list, kept in the page cache for a minute at most."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.generic import FormView, TemplateView, View

from conferences import calendars
from conferences.models import Conference
from conferences.views import calendar_response
from pagecache import lifetime
from registrations import links, seats, services, status, tickets
from registrations.forms import ConsentsForm, ModeForm, RegistrationForm
from registrations.models import AttendanceMode, Registration, RegistrationSetup, RegistrationStatus
from yport.client import client_address
from yport.http import no_store, rate_limited_response


class ConferenceRegistrationMixin:
    """The published conference of the address and its registration setup (404 without one)."""

    def dispatch(self, request, *args, **kwargs):
        self.conference = get_object_or_404(Conference.objects.published(), slug=kwargs["slug"])
        self.setup = RegistrationSetup.objects.filter(conference=self.conference).first()
        if self.setup is None:
            raise Http404
        self.setup.conference = self.conference
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conference"], context["setup"] = self.conference, self.setup
        return context


@method_decorator(no_store, name="dispatch")
class RegistrationCreateView(ConferenceRegistrationMixin, FormView):
    form_class = RegistrationForm
    template_name = "registrations/registration_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "setup": self.setup}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = status.registration_state(self.setup, now=timezone.now())
        return context

    def post(self, request, *args, **kwargs):
        if not self.setup.is_open():
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=409)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.register(
                conference=self.conference,
                data=form.submitted_data(),
                language=translation.get_language(),
                client_address=client_address(self.request),
            )
        except services.RegistrationClosed:
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except services.RateLimitExceeded as limited:
            return rate_limited_response(self, form, limited.retry_after)
        # The same page whether this was a new registration or the address had one already (its manage link was
        # mailed again): nobody learns from it who is registered.
        return HttpResponseRedirect(reverse("registrations:register_sent", kwargs={"slug": self.conference.slug}))


@method_decorator(no_store, name="dispatch")
class RegistrationSentView(ConferenceRegistrationMixin, TemplateView):
    template_name = "registrations/registration_sent.html"


class ParticipantListView(ConferenceRegistrationMixin, TemplateView):
    """The public list of participants: name and organisation of the confirmed registrants who agreed to appear
    (404 where the setup publishes none). Not for search engines, not in the sitemap."""

    template_name = "registrations/participant_list.html"

    def get(self, request, *args, **kwargs):
        if not self.setup.participant_list_public:
            raise Http404
        lifetime.keep_page_for(request, status.SHOWN_FOR)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participants"] = list(self.conference.registrations.public_participants())
        context["noindex"] = True
        return context


class SignedLinkMixin:
    """The registration of a signed link (404 for a forged, revoked or anonymised one, or another conference's)."""

    purpose = links.MANAGE

    def dispatch(self, request, *args, **kwargs):
        queryset = Registration.objects.select_related("conference", "conference__registration_setup")
        self.registration = links.registration_from_token(kwargs["token"], self.purpose, queryset)
        if self.registration is None or self.registration.conference.slug != kwargs["slug"]:
            raise Http404
        try:
            self.setup = self.registration.conference.registration_setup
        except RegistrationSetup.DoesNotExist:  # staff removed the setup: the links go nowhere
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def manage_url(self):
        return reverse(
            "registrations:manage",
            kwargs={"slug": self.kwargs["slug"], "token": links.make_token(self.registration, links.MANAGE)},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration"], context["setup"] = self.registration, self.setup
        context["conference"] = self.registration.conference
        context["token"] = self.kwargs["token"]
        return context


@method_decorator(no_store, name="dispatch")
class ConfirmView(SignedLinkMixin, TemplateView):
    """The link in the first mail: a page with a button (a mail scanner that follows links confirms nothing)."""

    purpose = links.CONFIRM
    template_name = "registrations/confirm.html"

    def post(self, request, *args, **kwargs):
        registration = services.confirm_email(registration=self.registration)
        if registration.status == RegistrationStatus.EXPIRED:
            messages.error(request, gettext("This request has expired. Please register again."))
            return HttpResponseRedirect(
                reverse("registrations:register", kwargs={"slug": registration.conference.slug})
            )
        return HttpResponseRedirect(self.manage_url())


@method_decorator(no_store, name="dispatch")
class ManageView(SignedLinkMixin, TemplateView):
    template_name = "registrations/manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        registration, setup = self.registration, self.setup
        context["online_join_url"] = registration.online_join_url(setup=setup, now=now)
        context["online_link_released_at"] = setup.online_link_released_at()
        context["can_change_mode"] = registration.status in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.PENDING_APPROVAL,
        )
        context["other_modes"] = [
            (mode, AttendanceMode(mode).label, seats.may_move_to(setup, registration, mode))
            for mode in setup.modes
            if mode != registration.mode and context["can_change_mode"]
        ]
        context["consents_form"] = ConsentsForm(registration=registration, setup=setup)
        return context


class ManageActionView(SignedLinkMixin, View):
    """A POST from the manage page, then back to it with a message."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            text = self.act(request)
        except services.NoSeatLeft:
            messages.error(request, gettext("Sorry, there is no free seat in that mode. Nothing was changed."))
        except services.NotAllowedNow:
            messages.error(request, gettext("This is not possible for your registration now. Nothing was changed."))
        else:
            if text:
                messages.success(request, text)
        return HttpResponseRedirect(self.manage_url())


@method_decorator(no_store, name="dispatch")
class ChangeModeView(ManageActionView):
    def act(self, request):
        form = ModeForm(request.POST)
        if not form.is_valid():
            raise services.NotAllowedNow
        services.change_mode(registration=self.registration, mode=form.cleaned_data["mode"])
        return gettext("Your attendance mode was changed. We have sent you an email.")


@method_decorator(no_store, name="dispatch")
class AcceptOfferView(ManageActionView):
    def act(self, request):
        registration = services.accept_offer(registration=self.registration)
        if registration.status == RegistrationStatus.EXPIRED:
            return gettext("Sorry, this offer has expired.")
        return gettext("Your seat is confirmed. We have sent you an email with your ticket.")


@method_decorator(no_store, name="dispatch")
class ChangeConsentsView(ManageActionView):
    def act(self, request):
        form = ConsentsForm(request.POST, registration=self.registration, setup=self.setup)
        if not form.is_valid():
            raise services.NotAllowedNow
        services.change_consents(registration=self.registration, consents=form.cleaned_data)
        return gettext("Your choices were saved.")


@method_decorator(no_store, name="dispatch")
class CancelView(SignedLinkMixin, TemplateView):
    """GET: are you sure? POST: cancelled."""

    template_name = "registrations/cancel.html"

    def post(self, request, *args, **kwargs):
        try:
            services.cancel(registration=self.registration)
        except services.NotAllowedNow:
            messages.error(request, gettext("This is not possible for your registration now. Nothing was changed."))
        else:
            messages.success(request, gettext("Your registration is cancelled. We have sent you an email."))
        return HttpResponseRedirect(self.manage_url())


@method_decorator(no_store, name="dispatch")
class EraseView(SignedLinkMixin, TemplateView):
    """GET: what erasing means, are you sure? POST: erased (services.erase); this link stops working, so the answer
    is a page of its own."""

    template_name = "registrations/erase.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancels"] = services.erasing_cancels(self.registration, self.setup, now=timezone.now())
        return context

    def post(self, request, *args, **kwargs):
        services.erase(registration=self.registration)
        return HttpResponseRedirect(reverse("registrations:erased", kwargs={"slug": self.kwargs["slug"]}))


@method_decorator(no_store, name="dispatch")
class ErasedView(ConferenceRegistrationMixin, TemplateView):
    template_name = "registrations/erased.html"


@method_decorator(no_store, name="dispatch")
class CalendarView(SignedLinkMixin, View):
    def get(self, request, *args, **kwargs):
        conference = self.registration.conference
        sessions = conference.sessions.filter(starts_at__isnull=False).order_by("starts_at", "order", "pk")
        return calendar_response(
            calendars.conference_calendar(conference, sessions), calendars.download_name(conference.slug)
        )


@method_decorator(no_store, name="dispatch")
class TicketQRCodeView(SignedLinkMixin, View):
    """The ticket's QR code on the manage page, to show at the door (registrations.tickets): an SVG with no script or
    style, only to a registrant with a door ticket (Registration.has_door_ticket)."""

    def get(self, request, *args, **kwargs):
        if not self.registration.has_door_ticket:
            raise Http404
        return HttpResponse(tickets.ticket_qr_svg(self.registration), content_type="image/svg+xml")
