from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cities.models import City, FieldOfCooperation
from inquiries.attachments import RECHOOSE_FILES, validate_attachments
from inquiries.models import KANA_READINGS, SUBMITTED_FIELDS, Inquiry
from pagecache.fragments import fragment_version
from projects.models import Project
from yport.forms import (
    CountrySelect,
    KanaField,
    NFKCEmailField,
    NFKCURLField,
    PublicFormMixin,
    RenderedOnceMixin,
    form_token_field,
    honeypot_field,
    issue_form_token,
    phone_field,
    reject_message_control_characters,
)

MESSAGE_MAX_LENGTH = 5000


class CitySelect(RenderedOnceMixin, forms.Select):
    """The published partner cities: rendered again after a content change (and each minute, as publish windows
    open and close)."""

    rendered = {}

    def version(self):
        return fragment_version()


class FieldsCheckboxes(RenderedOnceMixin, forms.CheckboxSelectMultiple):
    """The fields of cooperation, rendered again after a content change."""

    rendered = {}

    def version(self):
        return fragment_version()


def choice_querysets() -> dict:
    """The rows the form offers, as of now: published cities and projects, the fields of cooperation."""
    return {
        "city": City.objects.published().order_by("name"),
        "project": Project.objects.published().select_related("city"),
        "fields_of_interest": FieldOfCooperation.objects.order_by("order", "slug"),
    }


_unbound_querysets = {}


def unbound_choice_querysets() -> dict:
    """``choice_querysets()`` for the empty form, built once per ``fragment_version()`` in each process, the version
    its rendered widgets follow (building the publish-window conditions cost a fifth of the form page). Never
    evaluated here: each form field takes a copy. A form sent is checked against querysets built as it arrives."""
    version = fragment_version()
    kept = _unbound_querysets.get("querysets")
    if kept is None or kept[0] != version:
        kept = (version, choice_querysets())
        _unbound_querysets["querysets"] = kept
    return kept[1]


class FormTokenForm:
    """The empty inquiry form while its fields are cached (``InquiryCreateView.get``): what inquiry_form.html reads of
    a form outside that fragment, without building the form's seventeen fields or rendering the token's hidden input
    through the widget templates: no errors, not bound, and the form token, issued anew as ``InquiryForm`` issues it
    and rendered as its ``HiddenInput`` renders it."""

    is_bound = False
    errors = {}

    def __init__(self):
        self.token = issue_form_token()

    @property
    def form_token(self):
        return format_html('<input type="hidden" name="form_token" value="{}" id="id_form_token">', self.token)


class ProjectChoiceField(forms.ModelChoiceField):
    """The project a company asks about, by slug (``?project=`` from a project's page): a slug that names no
    published project (unknown, a draft, junk) is dropped rather than refused, so the inquiry is sent all the same."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class MultiplePDFInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files in one input (the form then says if there are too many); cleaned to a list, empty when
    none were chosen."""

    widget = MultiplePDFInput

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, (list, tuple)) else [data]) if file]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        files = [super(AttachmentsField, self).clean(file, initial) for file in files]
        validate_attachments(files)
        return files


class InquiryForm(PublicFormMixin, forms.ModelForm):
    """The public business inquiry form, with its spam protection (PublicFormMixin): a honeypot field, a signed form
    token that carries the time the form was shown (minimum fill time) and a one-time token (no second inquiry on a
    reload)."""

    max_age_setting = "INQUIRY_FORM_MAX_AGE_SECONDS"
    min_fill_setting = "INQUIRY_MIN_FILL_SECONDS"
    kana_fields = tuple(KANA_READINGS.values())
    one_line_fields = ("company_name", "department", "contact_person", "email", "website")
    template_help_texts = ("consent",)

    phone = phone_field()
    website = NFKCURLField(
        label=_("Company website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("For example https://www.example.co.jp/"),
    )
    fields_of_interest = forms.ModelMultipleChoiceField(
        label=_("Fields of interest"),
        queryset=FieldOfCooperation.objects.all(),
        required=False,
        widget=FieldsCheckboxes,
        help_text=_("Choose any that apply."),
    )
    city = forms.ModelChoiceField(
        label=_("Partner city of interest"),
        queryset=City.objects.none(),
        required=False,
        widget=CitySelect,
        empty_label=_("No particular city"),
        help_text=_("A partner city your business is about."),
    )
    project = ProjectChoiceField(
        label=_("Project of interest"),
        queryset=Project.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[reject_message_control_characters],
        help_text=_("What your company offers or is looking for, and any questions (up to 5,000 characters)."),
    )
    attachments = AttachmentsField(
        label=_("Attachments (PDF)"),
        required=False,
        widget=MultiplePDFInput(attrs={"accept": "application/pdf,.pdf", "multiple": True}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is stored for handling this inquiry."),
        required=True,
        error_messages={"required": _("Please agree to the privacy notice, or we cannot store your inquiry.")},
    )
    homepage = honeypot_field()
    form_token = form_token_field()

    class Meta:
        model = Inquiry
        fields = SUBMITTED_FIELDS
        field_classes = {"email": NFKCEmailField, **dict.fromkeys(KANA_READINGS.values(), KanaField)}
        labels = {
            "company_name": _("Company name"),
            "company_name_kana": _("Company name (kana)"),
            "department": _("Department"),
            "contact_person": _("Contact person"),
            "contact_person_kana": _("Contact person (kana)"),
            "email": _("Email address"),
            "country": _("Country"),
        }
        help_texts = {
            "company_name_kana": _("In katakana, for example カブシキガイシャヨコハマ. Hiragana is converted."),
            "department": _("For example Overseas Business Department."),
            "contact_person_kana": _("In katakana, for example ヤマダ ハナコ. Hiragana is converted."),
            "email": _("We send a confirmation and our answer to this address."),
            "country": _("Where your company is based."),
        }
        widgets = {
            "country": CountrySelect,
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_person": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, city_slug=None, project_slug=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("company_name", "contact_person", "email"):
            self.fields[name].required = True
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.fields["attachments"].help_text = gettext(
            "Up to %(count)d PDF files of at most %(size)s each, for example a company profile or a "
            "proposal. Choose them together (hold Ctrl or ⌘ to select several)."
        ) % {
            "count": settings.INQUIRY_ATTACHMENT_MAX_FILES,
            "size": filesizeformat(settings.INQUIRY_ATTACHMENT_MAX_BYTES),
        }
        self.fields["country"].initial = "JP"
        for name, queryset in (choice_querysets() if self.is_bound else unbound_choice_querysets()).items():
            self.fields[name].queryset = queryset
        if not self.is_bound:
            if city_slug:
                self.initial["city"] = self.fields["city"].queryset.filter(slug=city_slug).first()
            if project_slug:
                project = self.fields["project"].queryset.filter(slug=project_slug).first()
                if project is not None:
                    self.initial["project"] = project
                    self.initial.setdefault("city", project.city)

    @property
    def chosen_project(self):
        """The published project the inquiry is about, if any (for the form to name it)."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("project")
        return self.initial.get("project")

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors and "attachments" not in self.errors and self.cleaned_data.get("attachments"):
            # The form is shown again for another field; the files chosen are not in it any more.
            self.add_error("attachments", ValidationError(RECHOOSE_FILES, code="choose_again"))
            self.describe_errors()
