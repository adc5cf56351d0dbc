"""schema.org description of a project's page (JSON-LD), in the active language.

schema.org's ``Project`` (an Organization "planned to achieve a particular aim") fits a cooperation project; it is
still in the pending area, so only properties it inherits from Organization and Thing are used: its name,
description and address, the city where it takes place (``location``), and the organisations taking part
(``member``: the counterpart and the Japanese partners)."""

from django.urls import reverse
from django.utils.translation import gettext

from yport.seo import absolute_url, breadcrumb_list, description_excerpt, without_empty


def project_data(project) -> dict:
    members = [project.counterpart, *project.japanese_partner_list()]
    city = project.city
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Project",
            "name": project.title,
            "description": description_excerpt(project.summary or project.description),
            "url": absolute_url(project.get_absolute_url()),
            "location": without_empty(
                {
                    "@type": "City",
                    "name": city.name,
                    "url": absolute_url(city.get_absolute_url()) if city.is_published_now else None,
                    "containedInPlace": {"@type": "Country", "name": str(city.country.name)} if city.country else None,
                }
            ),
            "member": [{"@type": "Organization", "name": name} for name in members if name],
            "keywords": ", ".join(str(part) for part in (project.field, project.get_stage_display()) if part),
            "foundingDate": project.start_date.isoformat() if project.start_date else None,
            "dissolutionDate": project.end_date.isoformat() if project.end_date else None,
        }
    )


def project_breadcrumbs(project) -> dict:
    return breadcrumb_list(
        (gettext("Projects"), reverse("projects:project_list")),
        (project.title, project.get_absolute_url()),
    )
