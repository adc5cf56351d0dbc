from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.models import CONSENT_FIELDS, OPTIONAL_QUESTIONS, SUBMITTED_FIELDS, AttendanceMode, Registration
from yport.forms import (
    CountrySelect,
    KanaField,
    NFKCEmailField,
    PublicFormMixin,
    form_token_field,
    honeypot_field,
    phone_field,
)

# The consents' boxes, on the registration form and on the manage page (ConsentsForm).
CONSENT_LABELS = {
    "list_publicly": _("Show my name and organisation on the public list of participants"),
    "news_opt_in": _("Send me news about future conferences"),
}


class RegistrationForm(PublicFormMixin, forms.ModelForm):
    """The public registration form of one conference (its setup decides the modes and the optional questions),
    with the inquiry form's protection (PublicFormMixin): honeypot, signed form token with the time shown, one-time
    token."""

    max_age_setting = "REGISTRATION_FORM_MAX_AGE_SECONDS"
    min_fill_setting = "REGISTRATION_MIN_FILL_SECONDS"
    kana_fields = ("name_kana",)
    one_line_fields = ("name", "organisation", "position", "email", "dietary_needs", "accessibility_needs")
    template_help_texts = ("consent",)

    mode = forms.ChoiceField(label=_("How will you attend?"), widget=forms.RadioSelect, choices=())
    phone = phone_field()
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is stored for handling this registration."),
        required=True,
        error_messages={"required": _("Please agree to the privacy notice, or we cannot store your registration.")},
    )
    homepage = honeypot_field()
    form_token = form_token_field()

    class Meta:
        model = Registration
        fields = SUBMITTED_FIELDS
        field_classes = {"email": NFKCEmailField, "name_kana": KanaField}
        labels = {
            "name": _("Name"),
            "name_kana": _("Name (kana)"),
            "organisation": _("Organisation"),
            "position": _("Position"),
            "country": _("Country"),
            "email": _("Email address"),
            "dietary_needs": _("Dietary needs"),
            "accessibility_needs": _("Accessibility needs"),
            **CONSENT_LABELS,
        }
        help_texts = {
            "name_kana": _("In katakana, for example ヤマダ ハナコ. Hiragana is converted."),
            "email": _("We send a link to this address: your place is held once you follow it."),
            "dietary_needs": _("For example vegetarian, halal, allergies."),
            "accessibility_needs": _("For example wheelchair access, sign language, captions."),
        }
        widgets = {
            "country": CountrySelect,
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, setup, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup = setup
        asked = {*setup.optional_fields(), *setup.consent_fields()}
        for name in (*OPTIONAL_QUESTIONS.values(), *CONSENT_FIELDS):
            if name not in asked:
                del self.fields[name]
        for name in ("name", "email", "country"):
            self.fields[name].required = True
        self.fields["mode"].choices = [(mode, AttendanceMode(mode).label) for mode in setup.modes]
        self.fields["mode"].initial = setup.modes[0]
        self.fields["country"].initial = "JP"

    def _post_clean(self):
        # The registration is built by services.register, not by the ModelForm (its constraints need the
        # conference and the normalised address, which the service sets).
        pass


class ModeForm(forms.Form):
    mode = forms.ChoiceField(label=_("Attendance mode"), widget=forms.RadioSelect, choices=AttendanceMode.choices)


class ConsentsForm(forms.Form):
    """The manage page's boxes for the consents the registrant may change now (Registration.changeable_consents),
    ticked as they stand."""

    list_publicly = forms.BooleanField(label=CONSENT_LABELS["list_publicly"], required=False)
    news_opt_in = forms.BooleanField(label=CONSENT_LABELS["news_opt_in"], required=False)

    def __init__(self, *args, registration, setup, **kwargs):
        super().__init__(*args, **kwargs)
        changeable = registration.changeable_consents(setup=setup)
        for name in CONSENT_FIELDS:
            if name in changeable:
                self.fields[name].initial = getattr(registration, name)
            else:
                del self.fields[name]
