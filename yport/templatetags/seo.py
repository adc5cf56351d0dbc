"""Canonical links, Open Graph and JSON-LD for the templates: ``{% load seo %}``."""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from yport import seo
from yport.languages import language_codes

register = template.Library()


@register.filter
def absolute(url):
    """``url`` (a path or an absolute address) on the site's address: ``{{ speaker.photo|rendition:480|absolute }}``."""
    return seo.absolute_url(str(url or ""))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's canonical address: its path and the valid parameters it understands (``seo.page_query``)."""
    return seo.canonical_url(context["request"])


@register.simple_tag
def open_graph_locales():
    """og:locale for the current language and og:locale:alternate for the others."""
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    others = [code for code in language_codes() if code != current]
    return format_html(
        '<meta property="og:locale" content="{}">{}',
        seo.OPEN_GRAPH_LOCALES.get(current, current),
        format_html_join(
            "",
            '\n  <meta property="og:locale:alternate" content="{}">',
            ((seo.OPEN_GRAPH_LOCALES.get(c, c),) for c in others),
        ),
    )


@register.simple_tag
def json_ld(data):
    return seo.json_ld(data)


@register.simple_tag(takes_context=True)
def list_breadcrumbs_json_ld(context, title):
    """A BreadcrumbList for a page one step below the home page (a list)."""
    return seo.json_ld(seo.breadcrumb_list((title, context["request"].path)))
