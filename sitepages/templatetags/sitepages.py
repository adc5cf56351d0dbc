"""A site page's text as HTML: paragraphs, headings and links, everything else escaped."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join, urlize
from django.utils.safestring import mark_safe

register = template.Library()

BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")


def inline(text):
    # urlize escapes the text itself (autoescape=True) and links web and email addresses (rel="nofollow").
    return mark_safe("<br>".join(urlize(line, autoescape=True) for line in text.split("\n")))  # noqa: S308


@register.filter
def page_body(text):
    """Blocks are separated by a blank line; a block whose first line starts with "## " is a heading (its other
    lines a paragraph after it). No HTML typed in the text is ever interpreted."""
    parts = []
    for block in BLOCK_SEPARATOR.split(str(text).replace("\r\n", "\n").replace("\r", "\n").strip()):
        block = block.strip()
        if not block:
            continue
        if block.startswith("## "):
            heading, _newline, rest = block.partition("\n")
            parts.append(format_html("<h2>{}</h2>", heading[3:].strip()))
            block = rest.strip()
            if not block:
                continue
        parts.append(format_html("<p>{}</p>", inline(block)))
    return format_html_join("\n", "{}", ((conditional_escape(part),) for part in parts))
