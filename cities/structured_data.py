"""schema.org descriptions of a partner city's page and of the open-data page (JSON-LD), in the active language."""

from django.urls import reverse
from django.utils.translation import get_language, gettext

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


def data_catalogue(datasets, licence) -> dict:
    """The open-data page as a schema.org DataCatalog of its datasets, each with its CSV and JSON downloads and the
    licence the city states (none while it states none)."""
    publisher = {"@type": "GovernmentOrganization", "name": gettext("City of Yokohama")}
    language = get_language()
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "name": gettext("Open data"),
        "url": absolute_url(reverse("cities:data_catalogue")),
        "publisher": publisher,
        "dataset": [
            without_empty(
                {
                    "@type": "Dataset",
                    "name": str(dataset.title),
                    "description": str(dataset.description),
                    "inLanguage": language,
                    "isAccessibleForFree": True,
                    "license": licence.url or None,
                    "publisher": publisher,
                    "distribution": [
                        {
                            "@type": "DataDownload",
                            "encodingFormat": encoding,
                            "contentUrl": absolute_url(reverse(url_name, kwargs={"dataset": dataset.slug})),
                        }
                        for url_name, encoding in (
                            ("cities:dataset_csv", "text/csv"),
                            ("cities:dataset_json", "application/json"),
                        )
                    ],
                }
            )
            for dataset in datasets
        ],
    }
