from django import template

from cities import structured_data
from cities.charts import sdg_chart_context, sparkline_context
from cities.formatting import format_figure
from cities.sdg import TREND_HELP, goal_summaries
from yport.seo import json_ld

register = template.Library()


@register.inclusion_tag("cities/includes/sdg_chart.html")
def sdg_chart(evaluation):
    """The evaluation as an inline SVG bar chart with its numbers as a table: ``{% sdg_chart evaluation %}``."""
    return sdg_chart_context(evaluation)


@register.inclusion_tag("cities/includes/key_figures.html")
def key_figure_table(figures):
    """The key figures as a table; a source or year shared by every figure is said once, under the table."""
    figures = list(figures)
    sources = {figure.source or "" for figure in figures}
    years = {figure.reference_year for figure in figures}
    return {
        "figures": figures,
        "source_column": len(sources) > 1,
        "year_column": len(years) > 1,
        "common_source": next(iter(sources)) if len(sources) == 1 else None,
        "common_year": next(iter(years)) if len(years) == 1 else None,
    }


@register.simple_tag
def city_json_ld(city):
    """The city page's schema.org City and breadcrumbs, as JSON-LD data blocks."""
    return json_ld(structured_data.city_place(city)) + json_ld(structured_data.city_breadcrumbs(city))


@register.simple_tag
def data_catalogue_json_ld(datasets, licence):
    """The open-data page's schema.org DataCatalog, as a JSON-LD data block."""
    return json_ld(structured_data.data_catalogue(datasets, licence))


@register.inclusion_tag("cities/includes/sdg_sparkline.html")
def sdg_sparkline(series):
    """An indicator's values over the years as a small SVG line with its text alternative (nothing for fewer than
    two values): ``{% sdg_sparkline series %}``."""
    return sparkline_context(series)


@register.simple_tag
def sdg_goal_summaries(city):
    """Per goal the city's indicators touch, its rating and indicator series (``cities.sdg.goal_summaries``), from
    the city's prefetched evaluations: ``{% sdg_goal_summaries city as summaries %}``."""
    return goal_summaries(city)


@register.simple_tag
def sdg_trend_help():
    return TREND_HELP


@register.filter
def indicator_number(value):
    """An indicator's value as the page writes it: thousands separated, no trailing zeros."""
    return format_figure(value, "")
