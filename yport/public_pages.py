"""The public pages that are not rows of content (the home page, the lists, the inquiry form, the privacy notice),
listed once.

The sitemap and ``benchmark_pages`` reverse their URL names; ``make bench`` (scripts/bench.py), ``make
screenshots`` (scripts/screenshots.py) and the accessibility audit (tests/browser/accessibility.py) load their
paths. Plain data, so that the scripts import it without setting Django up; tests/yport/test_public_pages.py checks
each path against the URL patterns in both languages.
"""

from typing import NamedTuple


class PublicPage(NamedTuple):
    name: str  # the scripts' --pages
    url_name: str
    path: str  # {lang} for the language


PUBLIC_PAGES = (
    PublicPage("home", "home", "/{lang}/"),
    PublicPage("conference_list", "conferences:conference_list", "/{lang}/conferences/"),
    PublicPage("speaker_list", "conferences:speaker_list", "/{lang}/speakers/"),
    PublicPage("city_list", "cities:city_list", "/{lang}/cities/"),
    PublicPage("data_catalogue", "cities:data_catalogue", "/{lang}/data/"),
    PublicPage("city_compare", "cities:city_compare", "/{lang}/cities/compare/"),
    PublicPage("project_list", "projects:project_list", "/{lang}/projects/"),
    PublicPage("inquiry_form", "inquiries:inquiry_create", "/{lang}/inquiry/"),
    PublicPage("privacy", "inquiries:privacy", "/{lang}/privacy/"),
)
PUBLIC_PATHS = {page.name: page.path for page in PUBLIC_PAGES}
