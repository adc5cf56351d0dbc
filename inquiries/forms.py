import time
import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from cities.models import City, FieldOfCooperation
from inquiries.attachments import RECHOOSE_FILES, validate_attachments
from inquiries.kana import characters_not_kana, to_katakana
from inquiries.models import KANA_READINGS, SUBMITTED_FIELDS, Inquiry
from pagecache.fragments import fragment_version
from projects.models import Project

TOKEN_SALT = "inquiries.form-token"
MESSAGE_MAX_LENGTH = 5000


def issue_form_token(now: float | None = None) -> str:
    """A signed value holding a fresh one-time token and the time the form was shown."""
    return signing.dumps({"token": uuid.uuid4().hex, "shown": now if now is not None else time.time()}, salt=TOKEN_SALT)


def read_form_token(value: str) -> dict | None:
    """The token's content, or None when it is missing, tampered with or too old."""
    try:
        content = signing.loads(value, salt=TOKEN_SALT, max_age=settings.INQUIRY_FORM_MAX_AGE_SECONDS)
        token, shown = uuid.UUID(content["token"]), float(content["shown"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if time.time() - shown > settings.INQUIRY_FORM_MAX_AGE_SECONDS:
        return None
    return {"token": token, "shown": shown}


class NFKCMixin:
    """Full-width letters, digits and signs (ｔａｒｏ＠example．com, ０４５) are normal input in Japan: they are
    normalised to their plain forms (NFKC) before the field validates them."""

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
        return super().to_python(value)


class NFKCEmailField(NFKCMixin, forms.EmailField):
    pass


class NFKCURLField(NFKCMixin, forms.URLField):
    pass


class NFKCPhoneNumberField(NFKCMixin, PhoneNumberField):
    pass


# What a visitor may not type (NUL has its own error from Django). A one-line field (a name, an address) refuses
# the control characters (Unicode category Cc), the invisible format characters (Cf: the bidirectional controls that
# reorder what staff see, zero-width spaces, the byte order mark, soft hyphens, and the zero-width joiner that emoji
# sequences use) and the line and paragraph separators (Zl, Zp). The message keeps tab, line breaks, U+2028/U+2029
# and the invisible characters that pasted text and emoji contain, but refuses the other control characters and the
# bidirectional embeddings, overrides and isolates, which could make a message read differently in the admin.
ONE_LINE_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
MESSAGE_LINE_CONTROLS = frozenset("\t\n\r")
BIDIRECTIONAL_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def refused_characters(value: str, *, multi_line: bool = False) -> list[str]:
    """The characters of ``value`` that a one-line (or, with ``multi_line``, a multi-line) field refuses, each once
    and in the order they appear."""
    refused = []
    for character in dict.fromkeys(value):
        category = unicodedata.category(character)
        if character == "\x00":
            continue
        if multi_line:
            control = category == "Cc" and character not in MESSAGE_LINE_CONTROLS
            refuse = control or character in BIDIRECTIONAL_CONTROLS
        else:
            refuse = category in ONE_LINE_REFUSED_CATEGORIES
        if refuse:
            refused.append(character)
    return refused


class RefuseInvisibleCharacters:
    """The validator of what a visitor types: see ``refused_characters``. The error names the characters by their
    code points (they cannot be seen)."""

    message = _("Please remove the control or invisible characters from this field: %(characters)s.")

    def __init__(self, *, multi_line: bool = False):
        self.multi_line = multi_line

    def __call__(self, value):
        refused = refused_characters(str(value), multi_line=self.multi_line)
        if refused:
            raise ValidationError(
                self.message,
                code="control_characters",
                params={"characters": " ".join(printable(character) for character in refused[:10])},
            )


reject_control_characters = RefuseInvisibleCharacters()
reject_message_control_characters = RefuseInvisibleCharacters(multi_line=True)


def printable(character: str) -> str:
    """A character as an error message can show it: control and invisible ones by their code point."""
    if unicodedata.category(character)[0] in "CZ" and character != " ":
        return f"U+{ord(character):04X}"
    return character


class KanaField(forms.CharField):
    """A reading in katakana (フリガナ): hiragana and half-width kana are accepted and stored as full-width
    katakana; anything but kana, ー, ・ and spaces is refused."""

    def to_python(self, value):
        value = super().to_python(value)
        return to_katakana(value) if value else value

    def validate(self, value):
        super().validate(value)
        not_kana = characters_not_kana(value)
        if not_kana:
            raise ValidationError(
                _(
                    "Please write the reading in katakana or hiragana only (ー, ・ and spaces are fine). Not "
                    "allowed: %(characters)s"
                ),
                code="not_kana",
                # The first few are enough to see what is meant (a pasted paragraph would name hundreds).
                params={"characters": " ".join(printable(character) for character in not_kana[:10])},
            )


class RenderedOnceMixin:
    """A choice widget rendered once per language, value, attributes and ``version()`` in each process instead of
    on every request: its options are many and change only with a deploy or, for rows, with the content."""

    MAX_RENDERED = 2000  # past it, rendered each time and not kept

    def version(self):
        return None

    def render(self, name, value, attrs=None, renderer=None):
        version = self.version()
        store = type(self).rendered
        if store.get("version") != version:
            store.clear()
            store["version"] = version
        final_attrs = self.build_attrs(self.attrs, attrs)
        key = (get_language(), name, tuple(self.format_value(value)), tuple(sorted(final_attrs.items())))
        html = store.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(store) < self.MAX_RENDERED:
                store[key] = html
        return html


class CountrySelect(RenderedOnceMixin, forms.Select):
    """The ~250 countries, translated and sorted once per language."""

    rendered = {}


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


class InquiryForm(forms.ModelForm):
    """The public business inquiry form, with its spam protection: a honeypot field, a signed form token that
    carries the time the form was shown (minimum fill time) and a one-time token (no second inquiry on a reload)."""

    phone = NFKCPhoneNumberField(
        label=_("Phone number"),
        region="JP",
        required=False,
        max_length=40,
        help_text=_("Numbers outside Japan with the country code, for example +84 236 1234 567."),
    )
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
    # The honeypot: hidden from people (CSS class, aria-hidden, out of the tab order), filled in by bots.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

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
        if get_language() != "ja":
            # Readings in katakana are a Japanese convention: the English form does not ask for them.
            for name in KANA_READINGS.values():
                del self.fields[name]
        for name in ("company_name", "contact_person", "email"):
            self.fields[name].required = True
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        for name in ("company_name", "department", "contact_person", "email", "website"):
            self.fields[name].validators.append(reject_control_characters)
        self.fields["consent"].widget.attrs["aria-describedby"] = "id_consent_helptext"
        self.fields["attachments"].help_text = gettext(
            "Up to %(count)d PDF files of at most %(size)s each, for example a company profile or a "
            "proposal. Choose them together (hold Ctrl or ⌘ to select several)."
        ) % {
            "count": settings.INQUIRY_ATTACHMENT_MAX_FILES,
            "size": filesizeformat(settings.INQUIRY_ATTACHMENT_MAX_BYTES),
        }
        self.fields["country"].initial = "JP"
        self.fields["city"].queryset = City.objects.published().order_by("name")
        self.fields["project"].queryset = Project.objects.published().select_related("city")
        self.fields["fields_of_interest"].queryset = FieldOfCooperation.objects.order_by("order", "slug")
        if not self.is_bound:
            self.initial["form_token"] = issue_form_token()
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
        # Screen readers announce a field's error with the field (its help text stays described too).
        for name in self.errors:
            if name in self.fields:
                described_by = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text or name == "consent":
                    described_by.insert(0, f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described_by)

    def clean_homepage(self):
        # Reported as a form error rather than silently dropped: a person whose browser filled it in by mistake
        # must not lose the inquiry.
        if self.cleaned_data["homepage"]:
            self.add_error(
                None,
                ValidationError(
                    _("Please leave the field “Leave this field empty” empty and send the form again."), code="honeypot"
                ),
            )
        return ""

    def clean_form_token(self):
        content = read_form_token(self.cleaned_data["form_token"])
        if content is None:
            # A fresh token, so that the next attempt can succeed.
            self.data = self.data.copy()
            self.data[self.add_prefix("form_token")] = issue_form_token()
            self.add_error(
                None,
                ValidationError(
                    _("This form has expired. Please check your entries and send it again."), code="expired"
                ),
            )
            return None
        if time.time() - content["shown"] < settings.INQUIRY_MIN_FILL_SECONDS:
            self.add_error(
                None,
                ValidationError(
                    _("That was very fast. Please check your entries and send the form again."), code="too_fast"
                ),
            )
        return content["token"]

    def submitted_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["submission_token"] = self.cleaned_data["form_token"]
        return data
