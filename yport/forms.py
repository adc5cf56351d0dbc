"""What every public form shares: the one-time form token with the time the form was shown (minimum fill time,
expiry), the honeypot, full-width input normalised (NFKC), refused invisible characters, readings in katakana, and
choice widgets rendered once per process. Used by the inquiry and the registration forms."""

import time
import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from yport.kana import characters_not_kana, to_katakana

TOKEN_SALT = "yport.form-token"


def issue_form_token(now: float | None = None) -> str:
    """A signed value holding a fresh one-time token and the time the form was shown."""
    return signing.dumps({"token": uuid.uuid4().hex, "shown": now if now is not None else time.time()}, salt=TOKEN_SALT)


def read_form_token(value: str, *, max_age_seconds: int) -> dict | None:
    """The token's content, or None when it is missing, tampered with or older than ``max_age_seconds``."""
    try:
        content = signing.loads(value, salt=TOKEN_SALT, max_age=max_age_seconds)
        token, shown = uuid.UUID(content["token"]), float(content["shown"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if time.time() - shown > max_age_seconds:
        return None
    return {"token": token, "shown": shown}


def check_honeypot(form, value: str) -> str:
    """The honeypot field's clean: a filled-in honeypot is a form error rather than silently dropped, so that a
    person whose browser filled it in by mistake loses nothing. Returns the cleaned (empty) value."""
    if value:
        form.add_error(
            None,
            ValidationError(
                _("Please leave the field “Leave this field empty” empty and send the form again."), code="honeypot"
            ),
        )
    return ""


def check_form_token(form, value: str, *, max_age_seconds: int, min_fill_seconds: int):
    """The form token field's clean: the one-time token (a UUID), or None with a form error when the token is
    missing, forged or expired (then the form carries a fresh one, so that the next attempt can succeed); a form sent
    back sooner than ``min_fill_seconds`` after it was shown gets a form error too (a bot, or a person who can
    simply send it again)."""
    content = read_form_token(value, max_age_seconds=max_age_seconds)
    if content is None:
        form.data = form.data.copy()
        form.data[form.add_prefix("form_token")] = issue_form_token()
        form.add_error(
            None,
            ValidationError(_("This form has expired. Please check your entries and send it again."), code="expired"),
        )
        return None
    if time.time() - content["shown"] < min_fill_seconds:
        form.add_error(
            None,
            ValidationError(
                _("That was very fast. Please check your entries and send the form again."), code="too_fast"
            ),
        )
    return content["token"]


def honeypot_field() -> forms.CharField:
    """The honeypot (named ``homepage`` in a form): the template hides it from people (CSS class, aria-hidden), it is
    out of the tab order; bots fill it in. Cleaned with check_honeypot."""
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def form_token_field() -> forms.CharField:
    """The signed form token (named ``form_token``): cleaned with check_form_token."""
    return forms.CharField(widget=forms.HiddenInput, required=False)


class PublicFormMixin:
    """What the public forms (a ModelForm each: the inquiry and the registration form) do alike: the honeypot
    (``homepage``) and the form token (``form_token``, issued with the empty form, its limits read from the settings
    named by ``max_age_setting`` and ``min_fill_setting``), no kana readings (``kana_fields``) but in Japanese, the
    one-line fields (``one_line_fields``, those the form has) refusing invisible characters, a field with an error
    described by it for screen readers, and the data sent as the services take it (the submission token with it)."""

    max_age_setting: str
    min_fill_setting: str
    kana_fields = ()
    one_line_fields = ()
    # Fields whose help text the template writes (the consent's link to the privacy notice), described all the same.
    template_help_texts = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if get_language() != "ja":
            # Readings in katakana are a Japanese convention: the English form does not ask for them.
            for name in self.kana_fields:
                del self.fields[name]
        for name in self.one_line_fields:
            if name in self.fields:
                self.fields[name].validators.append(reject_control_characters)
        for name in self.template_help_texts:
            field = self.fields[name]
            field.widget.attrs["aria-describedby"] = f"{field.get_bound_field(self, name).auto_id}_helptext"
        if not self.is_bound:
            self.initial["form_token"] = issue_form_token()

    def full_clean(self):
        super().full_clean()
        self.describe_errors()

    def describe_errors(self):
        """Screen readers announce a field's error with the field (its help text stays described too)."""
        for name in self.errors:
            if name in self.fields:
                described_by = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text or name in self.template_help_texts:
                    described_by.insert(0, f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described_by)

    def clean_homepage(self):
        return check_honeypot(self, self.cleaned_data["homepage"])

    def clean_form_token(self):
        return check_form_token(
            self,
            self.cleaned_data["form_token"],
            max_age_seconds=getattr(settings, self.max_age_setting),
            min_fill_seconds=getattr(settings, self.min_fill_setting),
        )

    def submitted_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}
        data["submission_token"] = self.cleaned_data["form_token"]
        return data


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


def phone_field() -> NFKCPhoneNumberField:
    """The optional phone number of a public form (named ``phone``): Japanese numbers as they are written in Japan,
    others with their country code."""
    field = NFKCPhoneNumberField(
        label=_("Phone number"),
        region="JP",
        required=False,
        max_length=40,
        help_text=_("Numbers outside Japan with the country code, for example +84 236 1234 567."),
    )
    field.widget.attrs["autocomplete"] = "tel"
    return field


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
