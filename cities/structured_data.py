"""schema.org description of a partner city's page (JSON-LD), in the active language."""

from django.urls import reverse
from django.utils.translation import gettext

from yport.seo import absolute_url, breadcrumb_list, description_excerpt, without_empty


def city_place(city) -> dict:
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "City",
            "name": city.name,
            "description": description_excerpt(city.summary),
            "containedInPlace": {"@type": "Country", "name": str(city.country.name)} if city.country else None,
            "image": absolute_url(city.hero_image.rendition(1200)) if city.hero_image else None,
            "url": absolute_url(city.get_absolute_url()),
        }
    )


def city_breadcrumbs(city) -> dict:
    return breadcrumb_list(
        (gettext("Partner cities"), reverse("cities:city_list")),
        (city.name, city.get_absolute_url()),
    )
