"""Placeholders in reply templates and replies: ``{reference}``, ``{company}`` … filled from a fixed mapping.

Nothing in a template's text is ever executed: a placeholder is exactly ``{name}`` with a name of PLACEHOLDERS and
is replaced by its value (a plain string); everything else, including ``{{ … }}``, ``{% … %}``, ``{name.attribute}``,
``{name[0]}``, ``{name!r}``, ``{name:>99}`` and unknown names, stays as it was written. No format specifications,
conversions, attribute or index look-ups, and never Django's template engine."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The placeholders a template may use, with what each stands for (shown as help in the admin).
PLACEHOLDERS = {
    "reference": _("the inquiry's reference number"),
    "company": _("the company's name"),
    "contact_name": _("the contact person's name"),
    "city": _("the partner city of interest, in the reply's language (empty if none)"),
    "handler_name": _("your full name (or user name)"),
}

# "{{" and "}}" first, so that a doubled brace is never read as the start or end of a placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


class PlaceholderValues(dict):
    """The fixed mapping a text is filled from; a name it does not hold stays as written."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill_placeholders(text: str, values: dict) -> str:
    """The text with each ``{name}`` of PLACEHOLDERS replaced by ``values[name]``; everything else unchanged."""
    values = PlaceholderValues({name: str(values[name]) for name in PLACEHOLDERS if name in values})

    def replace(match):
        name = match.group(1)
        if name is None or name not in PLACEHOLDERS:
            return match.group(0)
        return values[name]

    return _TOKEN.sub(replace, text)


def invalid_placeholders(text: str) -> list[str]:
    """What looks like a placeholder or template code in the text but is not one of PLACEHOLDERS, in order."""
    found = []
    for match in _TOKEN.finditer(text or ""):
        name = match.group(1)
        if name is None:
            token = match.group(0)
        elif name in PLACEHOLDERS:
            continue
        else:
            token = match.group(0)
        if token not in found:
            found.append(token)
    return found


def allowed_placeholders() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def validate_placeholders(text: str) -> None:
    invalid = invalid_placeholders(text)
    if invalid:
        raise ValidationError(
            _("Unknown placeholder or template code: %(invalid)s. Only these placeholders can be used: %(allowed)s."),
            code="unknown_placeholder",
            params={"invalid": " ".join(invalid), "allowed": allowed_placeholders()},
        )

