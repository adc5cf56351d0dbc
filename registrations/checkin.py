"""The check-in page at the door (/<lang>/admin/registrations/registration/check-in/, wired by RegistrationAdmin):
staff with the check-in permission choose the conference, then type or scan a ticket code (a scanner types it and
presses Enter) or find a person by name, reading, organisation or email and check them in. Made for a phone: one
column, large targets, no JavaScript; every check-in is a POST followed by a redirect (the message says what
happened, a second check-in when the first was)."""

import unicodedata
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.models import Registration, RegistrationSetup
from registrations.staff_services import CheckInOutcome, check_in
from yport.kana import HIRAGANA_TO_KATAKANA

CHECK_IN_PERMISSION = "registrations.check_in_registration"
MAX_RESULTS = 20


def normalise_ticket_code(value: str) -> str:
    """As typed on any keyboard: full-width letters made plain (NFKC), upper case, spaces and hyphens left out."""
    value = unicodedata.normalize("NFKC", value).upper()
    return "".join(character for character in value if character not in " -")


class ConferenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.conference} ({formats.date_format(obj.conference.start_date, 'SHORT_DATE_FORMAT')})"


class ConferenceForm(forms.Form):
    conference = ConferenceChoiceField(
        RegistrationSetup.objects.select_related("conference").order_by("-conference__start_date", "-id"),
        label=gettext_lazy("conference"),
        to_field_name="conference_id",
        empty_label=None,
    )


class TicketCodeForm(forms.Form):
    ticket_code = forms.CharField(
        label=gettext_lazy("ticket code"),
        max_length=40,
        help_text=gettext_lazy("Type it, or scan the QR code of the ticket with a scanner that types it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_ticket_code(self):
        code = normalise_ticket_code(self.cleaned_data["ticket_code"])
        if not code:
            raise forms.ValidationError(_("Enter a ticket code."), code="empty")
        return code


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("name, reading, organisation, email or ticket code"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def default_setup(setups):
    """The conference on today (Tokyo), else the next one, else the latest."""
    today = timezone.localdate()
    setups = list(setups)
    for setup in setups:
        if setup.conference.start_date <= today <= setup.conference.end_date:
            return setup
    upcoming = [setup for setup in setups if setup.conference.start_date > today]
    if upcoming:
        return min(upcoming, key=lambda setup: setup.conference.start_date)
    return setups[0] if setups else None


def search(conference_id, text):
    """The registrations of the conference (with their personal data) that match ``text``, best first."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return []
    in_katakana = text.translate(HIRAGANA_TO_KATAKANA)
    matches = (
        Q(name__icontains=text)
        | Q(name_kana__icontains=in_katakana)
        | Q(organisation__icontains=text)
        | Q(email__icontains=text)
        | Q(ticket_code=normalise_ticket_code(text))
    )
    return list(
        Registration.objects.not_anonymised()
        .filter(matches, conference_id=conference_id)
        .order_by("name_kana", "name", "id")[:MAX_RESULTS]
    )


def check_in_url(conference_id, q=""):
    query = {"conference": conference_id, **({"q": q} if q else {})}
    return f"{reverse('admin:registrations_registration_check_in')}?{urlencode(query)}"


def local_time(value) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


def report(request, result):
    """The message after a check-in: done, already done (and when), or refused (and why)."""
    registration = result.registration
    params = {"name": registration.name, "code": registration.ticket_code, "mode": registration.get_mode_display()}
    if result.outcome == CheckInOutcome.CHECKED_IN:
        params["time"] = local_time(result.checked_in_at)
        messages.success(request, _("Checked in: %(name)s (%(code)s, %(mode)s) at %(time)s.") % params)
    elif result.outcome == CheckInOutcome.ALREADY:
        params["time"] = local_time(result.checked_in_at)
        messages.warning(request, _("%(name)s (%(code)s) was already checked in at %(time)s.") % params)
    else:
        params["status"] = registration.get_status_display()
        messages.error(request, _("%(name)s (%(code)s) is not checked in: the registration is %(status)s.") % params)


def handle_post(request, setup):
    """Check in the registration named by a ticket code or picked from the search results; back to the page."""
    q = request.POST.get("q", "")[:100]
    registrations = Registration.objects.not_anonymised().filter(conference_id=setup.conference_id)
    if "registration" in request.POST:
        pk = request.POST["registration"]
        registration = registrations.filter(pk=pk).first() if pk.isdigit() else None
        if registration is None:
            messages.error(request, _("This registration is not one of this conference's."))
            return HttpResponseRedirect(check_in_url(setup.conference_id, q)), None
    else:
        form = TicketCodeForm(request.POST)
        if not form.is_valid():
            return None, form
        code = form.cleaned_data["ticket_code"]
        registration = registrations.filter(ticket_code=code).first()
        if registration is None:
            other = Registration.objects.filter(ticket_code=code).select_related("conference").first()
            if other is not None:
                message = _("Ticket %(code)s is for another conference: %(conference)s.") % {
                    "code": code,
                    "conference": other.conference,
                }
            else:
                message = _("No registration has the ticket code %(code)s. Check the code and type it again.") % {
                    "code": code
                }
            form.add_error("ticket_code", forms.ValidationError(message, code="unknown"))
            return None, form
    report(request, check_in(registration=registration, by=request.user))
    return HttpResponseRedirect(check_in_url(setup.conference_id, q)), None


def check_in_page(model_admin, request):
    if not request.user.has_perm(CHECK_IN_PERMISSION):
        raise PermissionDenied
    setups = ConferenceForm.base_fields["conference"].queryset.all()  # a fresh copy: the class keeps its own
    conference_form = ConferenceForm(request.POST or request.GET or None)
    if conference_form.is_bound and conference_form.is_valid():
        setup = conference_form.cleaned_data["conference"]
    else:
        setup = default_setup(setups)
        conference_form = ConferenceForm(initial={"conference": setup.conference_id if setup else None})
    search_form = SearchForm(request.GET)
    q = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    ticket_form = TicketCodeForm(initial={"ticket_code": request.GET.get("ticket_code", "")[:40]})
    if request.method == "POST" and setup is not None:
        redirect, ticket_form_with_errors = handle_post(request, setup)
        if redirect is not None:
            return redirect
        ticket_form = ticket_form_with_errors
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Check-in"),
        "opts": model_admin.opts,
        "setup": setup,
        "conference_form": conference_form,
        "ticket_form": ticket_form,
        "search_form": search_form,
        "q": q,
        "results": search(setup.conference_id, q) if setup and q else [],
        "searched": bool(q),
        "max_results": MAX_RESULTS,
    }
    return TemplateResponse(request, "admin/registrations/registration/check_in.html", context)
