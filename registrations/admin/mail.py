"""A message to every confirmed registrant of one attendance mode of a conference
(/<lang>/admin/registrations/registration/mail/, wired by RegistrationAdmin): staff write it in both languages,
preview exactly what goes out and to how many people in each language, then queue it in the outbox; each
registrant gets it in their own language. Nothing is queued before the preview was seen and confirmed."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registrations.checkin import ConferenceChoiceField
from registrations.models import AttendanceMode, RegistrationSetup
from registrations.staff_services import mail_registrants, message_recipients
from yport.forms import reject_control_characters, reject_message_control_characters
from yport.http import row_id

MAIL_PERMISSION = "registrations.mail_registrants"
SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20000


class MailRegistrantsForm(forms.Form):
    conference = ConferenceChoiceField(
        RegistrationSetup.objects.select_related("conference").order_by("-conference__start_date", "-id"),
        label=gettext_lazy("conference"),
        to_field_name="conference_id",
    )
    mode = forms.ChoiceField(
        choices=AttendanceMode.choices,
        label=gettext_lazy("to the confirmed registrants attending"),
        widget=forms.RadioSelect,
    )
    preview_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("subject (%(language)s)") % {"language": _(name)},
                max_length=SUBJECT_MAX_LENGTH,
                validators=[reject_control_characters],
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("text (%(language)s)") % {"language": _(name)},
                max_length=BODY_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
                validators=[reject_message_control_characters],
                help_text=_("Plain text, sent exactly as written."),
            )
        # The key last: after the texts in the form.
        self.fields["preview_key"] = self.fields.pop("preview_key")

    def clean(self):
        cleaned = super().clean()
        setup, mode = cleaned.get("conference"), cleaned.get("mode")
        if setup is not None and mode and mode not in setup.modes:
            self.add_error(
                "mode",
                forms.ValidationError(
                    _("%(conference)s has no %(mode)s attendance."),
                    code="mode_not_offered",
                    params={"conference": setup.conference, "mode": AttendanceMode(mode).label},
                ),
            )
        return cleaned

    def language_fields(self):
        return [(self[f"subject_{code}"], self[f"body_{code}"]) for code, _name in settings.LANGUAGES]

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {code: (data[f"subject_{code}"], data[f"body_{code}"]) for code, _name in settings.LANGUAGES}

    def mail_key(self) -> str:
        """A signature of exactly what would be sent and to whom; the preview carries it, the send must match it."""
        data = self.cleaned_data
        parts = [str(data["conference"].conference_id), data["mode"]]
        for subject, body in self.texts().values():
            parts += [subject, body]
        return salted_hmac("registrations.mail-preview", "\0".join(parts)).hexdigest()

    def previewed(self) -> bool:
        return constant_time_compare(self.cleaned_data.get("preview_key") or "", self.mail_key())


def recipients_per_language(setup, mode):
    counts = {code: 0 for code, _name in settings.LANGUAGES}
    for language in message_recipients(conference=setup.conference, mode=mode).values_list("language", flat=True):
        counts[language] = counts.get(language, 0) + 1
    return counts


def mail_registrants_page(model_admin, request):
    """Write, preview, then queue exactly what was previewed."""
    if not request.user.has_perm(MAIL_PERMISSION):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Mail the registrants of a mode"),
        "opts": model_admin.opts,
    }
    if request.method == "POST":
        form = MailRegistrantsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            setup, mode = data["conference"], data["mode"]
            if "_send" in request.POST and form.previewed():
                queued = mail_registrants(conference=setup.conference, mode=mode, texts=form.texts(), by=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d email queued: the email worker sends it within a minute.",
                        "%(count)d emails queued: the email worker sends them within a minute.",
                        queued,
                    )
                    % {"count": queued},
                )
                return HttpResponseRedirect(
                    f"{reverse('admin:registrations_registration_changelist')}"
                    f"?conference__id__exact={setup.conference_id}"
                )
            language_names = dict(settings.LANGUAGES)
            counts = recipients_per_language(setup, mode)
            context.update(
                changed_since_preview="_send" in request.POST,
                preview=[
                    (language_names[code], counts.get(code, 0), subject, body)
                    for code, (subject, body) in form.texts().items()
                ],
                recipient_count=sum(counts.values()),
                preview_setup=setup,
                preview_mode=AttendanceMode(mode).label,
            )
            form = MailRegistrantsForm(initial={**data, "preview_key": form.mail_key()})
    else:
        conference = request.GET.get("conference", "")
        form = MailRegistrantsForm(initial={"conference": conference} if row_id(conference) else {})
    context["form"] = form
    return TemplateResponse(request, "admin/registrations/registration/mail.html", context)
