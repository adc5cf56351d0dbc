from django import template

from yport.accessibility import latest_results

register = template.Library()


@register.simple_tag
def accessibility_results():
    """``{% accessibility_results as results %}``: the latest published test results, or None."""
    return latest_results()
