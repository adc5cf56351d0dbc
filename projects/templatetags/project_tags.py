from django import template

from projects import structured_data
from yport.seo import json_ld

register = template.Library()


@register.simple_tag
def project_json_ld(project):
    """The project page's schema.org Project and breadcrumbs, as JSON-LD data blocks."""
    return json_ld(structured_data.project_data(project)) + json_ld(structured_data.project_breadcrumbs(project))
