"""The published accessibility test results: ``make a11y-report`` runs the browser checks (tests/browser) and writes
them to ACCESSIBILITY_RESULTS_FILE, which the accessibility page reads when it renders. Nothing here runs a check."""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from yport.languages import language_names

# The pages and states the browser checks visit (tests/browser/accessibility.py has the same keys), named for people.
AUDITED_PAGES = {
    "home": _("Home page"),
    "conference list": _("Conference list"),
    "conference list, year 2022": _("Conference list, filtered by year"),
    "conference list, a year without conferences": _("Conference list, a year without conferences"),
    "conference list, junk year": _("Conference list, an invalid filter"),
    "conference": _("Conference"),
    "session": _("Session"),
    "speaker list": _("Speaker list"),
    "speaker list, by city": _("Speaker list, filtered by city"),
    "speaker list, junk city": _("Speaker list, an invalid filter"),
    "speaker": _("Speaker"),
    "city list": _("Partner city list"),
    "city list, by country": _("Partner city list, filtered by country"),
    "city list, junk country": _("Partner city list, an invalid filter"),
    "city": _("Partner city"),
    "open data": _("Open data"),
    "city SDG goal": _("Partner city, one SDG goal"),
    "city comparison": _("Partner cities compared"),
    "city comparison, chosen and junk": _("Partner cities compared, a choice with an unknown city"),
    "project list": _("Project list"),
    "project list, by city": _("Project list, filtered by city"),
    "project list, a stage without projects": _("Project list, a stage without projects"),
    "project list, junk goal": _("Project list, an invalid filter"),
    "project": _("Project"),
    "inquiry form about a project": _("Inquiry form, about a project"),
    "search, empty": _("Search, before searching"),
    "search, results": _("Search, with results"),
    "search, no results": _("Search, without results"),
    "search, too long": _("Search, a query too long"),
    "inquiry form": _("Inquiry form"),
    "inquiry form with errors": _("Inquiry form with errors"),
    "inquiry form, rate limited": _("Inquiry form, not sent (too many inquiries)"),
    "inquiry thanks": _("Inquiry sent"),
    "privacy notice": _("Privacy notice"),
    "accessibility": _("Accessibility policy"),
    "about": _("About Y-PORT"),
    "terms of use": _("Terms of use"),
    "page not found": _("Page not found"),
    "API reference": _("API reference"),
    "staff draft preview": _("Draft preview for staff"),
}


@lru_cache(maxsize=4)
def _read(path: str, modified_ns: int):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def latest_results():
    """The results file's content, read again only when the file changes; None while there is none (or it is
    unreadable): the page then says so instead of failing."""
    path = Path(settings.ACCESSIBILITY_RESULTS_FILE)
    try:
        results = _read(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return None
    counts = (results.get(key) for key in ("pages_tested", "violations")) if isinstance(results, dict) else [None]
    if not all(isinstance(count, int) for count in counts):
        return None  # not a results file of ours
    languages = language_names()
    rows = [
        {
            **page,
            "label": AUDITED_PAGES.get(page["page"], page["page"]),
            "language_name": languages.get(page["language"], page["language"]),
        }
        for page in results.get("pages", [])
    ]
    return {**results, "pages": rows}
