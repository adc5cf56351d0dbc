"""The check-in page at the door (/<lang>/admin/registrations/registration/check-in/, wired by RegistrationAdmin):
staff with the check-in permission choose the conference, then type or scan a ticket code (a scanner types it and
presses Enter) or find a person by name, reading, organisation or email and check them in. Made for a phone: one
column, large targets, no JavaScript; every check-in is a POST followed by a redirect (the message says what
happened, a second check-in when the first was).

A ticket's QR code encodes this page's address with the conference and the ticket code (registrations.tickets), so a
phone's camera opens the page on the person: a GET shows who it is and one button checks them in (a GET never
does). A scanner that types the whole address into the ticket code field is understood too."""

import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.models import Registration, RegistrationSetup
from registrations.staff_services import CheckInOutcome, check_in, check_in_refused
from yport.http import row_id
from yport.kana import HIRAGANA_TO_KATAKANA

CHECK_IN_PERMISSION = "registrations.check_in_registration"
MAX_RESULTS = 20
# Long enough for the check-in address a scanner types from a ticket's QR code (registrations.tickets).
MAX_TICKET_INPUT = 300


def check_in_url(conference_id, q="", ticket_code=""):
    """The page's address (in the active language) for a conference, with a search or a ticket to show."""
    query = {"conference": conference_id, "q": q, "ticket_code": ticket_code}
    query = {name: value for name, value in query.items() if value}
    return f"{reverse('admin:registrations_registration_check_in')}?{urlencode(query)}"


def language_neutral(path: str) -> str:
    """An address of the site reversed in its default language, without the language prefix: LocaleMiddleware sends
    whoever opens it to the page in their language (their language cookie, else their browser's, else the site's)."""
    return path.removeprefix(f"/{settings.LANGUAGE_CODE}")


def check_in_paths() -> set[str]:
    """The page's path in every language, and without a language prefix."""
    paths = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.add(reverse("admin:registrations_registration_check_in"))
    with translation.override(settings.LANGUAGE_CODE):
        paths.add(language_neutral(reverse("admin:registrations_registration_check_in")))
    return paths


def ticket_code_in_address(text: str) -> str:
    """The ticket code of a check-in address (a ticket's QR code, typed whole by a scanner, in whatever case its
    keyboard setting gives): the ``ticket_code`` of this page's address in any language or none, on any host; any
    other text is given back as it is."""
    try:
        parts = urlsplit(text.strip().lower())
    except ValueError:  # "http://[" and the like
        return text
    values = parse_qs(parts.query).get("ticket_code", []) if parts.path in check_in_paths() else []
    return values[0] if len(values) == 1 else text


def normalise_ticket_code(value: str) -> str:
    """As typed on any keyboard: full-width letters made plain (NFKC), upper case, spaces and hyphens left out; the
    code alone when a scanner typed the check-in address of the ticket's QR code."""
    value = unicodedata.normalize("NFKC", value)
    value = ticket_code_in_address(value).upper()
    return "".join(character for character in value if character not in " -")


class ConferenceChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # A lookup through a foreign key does not guard against a number out of the database's range (a 500).
        if value not in self.empty_values and row_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

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
        max_length=MAX_TICKET_INPUT,
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


def local_time(value) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


def already_checked_in(registration) -> str:
    """What the page says of a registration checked in before: who, and when."""
    params = {
        "name": registration.name,
        "code": registration.ticket_code,
        "time": local_time(registration.checked_in_at),
    }
    return _("%(name)s (%(code)s) was already checked in at %(time)s.") % params


def report(request, result):
    """The message after a check-in: done, already done (and when), or refused (and why)."""
    registration = result.registration
    params = {"name": registration.name, "code": registration.ticket_code, "mode": registration.get_mode_display()}
    if result.outcome == CheckInOutcome.CHECKED_IN:
        params["time"] = local_time(result.checked_in_at)
        messages.success(request, _("Checked in: %(name)s (%(code)s, %(mode)s) at %(time)s.") % params)
    elif result.outcome == CheckInOutcome.ALREADY:
        messages.warning(request, already_checked_in(registration))
    else:
        params["status"] = registration.get_status_display()
        messages.error(request, _("%(name)s (%(code)s) is not checked in: the registration is %(status)s.") % params)


def registration_for_code(conference_id, code):
    """The registration of the conference with the ticket code, and "" - or None and why there is none to check in
    (no such code, its personal data deleted, another conference's)."""
    registration = Registration.objects.select_related("conference").filter(ticket_code=code).first()
    if registration is None:
        message = _("No registration has the ticket code %(code)s. Check the code and type it again.")
    elif registration.anonymised_at is not None:
        message = _("The registration with the ticket code %(code)s was anonymised: it cannot be checked in.")
    elif registration.conference_id != conference_id:
        message = _("Ticket %(code)s is for another conference: %(conference)s.")
    else:
        return registration, ""
    conference = registration.conference if registration else ""
    return None, message % {"code": code, "conference": conference}


@dataclass
class Scan:
    """What the page shows for the ticket code of its address: the registration, or why there is none."""

    registration: Registration | None = None
    error: str = ""
    notice: str = ""  # why the registration cannot be checked in now: already checked in (when), not confirmed


def scanned(conference_id, text: str) -> Scan:
    form = TicketCodeForm({"ticket_code": text})
    if not form.is_valid():
        return Scan(error=" ".join(form.errors["ticket_code"]))
    registration, error = registration_for_code(conference_id, form.cleaned_data["ticket_code"])
    if registration is None:
        return Scan(error=error)
    refused = check_in_refused(registration)
    if refused == CheckInOutcome.ALREADY:
        notice = already_checked_in(registration)
    elif refused == CheckInOutcome.NOT_CONFIRMED:
        notice = _("Only confirmed registrations can be checked in.")
    else:
        notice = ""
    return Scan(registration=registration, notice=notice)


def handle_post(request, setup):
    """Check in the registration named by a ticket code or picked from the search results; back to the page."""
    q = request.POST.get("q", "")[:100]
    registrations = Registration.objects.not_anonymised().filter(conference_id=setup.conference_id)
    if "registration" in request.POST:
        pk = row_id(request.POST["registration"])
        registration = registrations.filter(pk=pk).first() if pk else None
        if registration is None:
            messages.error(request, _("This registration is not one of this conference's."))
            return HttpResponseRedirect(check_in_url(setup.conference_id, q)), None
    else:
        form = TicketCodeForm(request.POST)
        if not form.is_valid():
            return None, form
        registration, message = registration_for_code(setup.conference_id, form.cleaned_data["ticket_code"])
        if registration is None:
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
    scan = None
    if setup is not None and request.method == "GET" and request.GET.get("ticket_code"):
        scan = scanned(setup.conference_id, request.GET["ticket_code"])
    typed = "" if scan and scan.registration else request.GET.get("ticket_code", "")[:MAX_TICKET_INPUT]
    ticket_form = TicketCodeForm(initial={"ticket_code": typed})
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
        "scan": scan,
        "ticket_form": ticket_form,
        "search_form": search_form,
        "q": q,
        "results": search(setup.conference_id, q) if setup and q else [],
        "searched": bool(q),
        "max_results": MAX_RESULTS,
    }
    return TemplateResponse(request, "admin/registrations/registration/check_in.html", context)
