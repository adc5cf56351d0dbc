from django import template

from cities.charts import sdg_chart_context

register = template.Library()


@register.inclusion_tag("cities/includes/sdg_chart.html")
def sdg_chart(evaluation):
    """The evaluation as an inline SVG bar chart with its numbers as a table: ``{% sdg_chart evaluation %}``."""
    return sdg_chart_context(evaluation)


@register.filter
def rendition(image, width):
    """URL of the picture's rendition at ``width`` pixels: ``{{ city.hero_image|rendition:1200 }}``."""
    return image.rendition(int(width)) if image else ""
