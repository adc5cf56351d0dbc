"""The accessibility audit's machinery, shared by the browser tests and ``make a11y-report``: every public page and
state of the portal in both languages, axe-core run on each in a real Chromium, and the reflow measurements.

axe-core is the npm package pinned in package.json (``npm ci`` puts it in node_modules; ``make test`` does that). Its
script is injected with WebDriver's ``execute_script``, which the page's Content Security Policy does not govern, so
the site's policy stays as strict as in production."""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.conftest import DRAFT_SLUG, STAFF_PASSWORD, STAFF_USERNAME, sign_in_to_admin, wait_for_url
from yport.public_pages import PUBLIC_PATHS

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_DIR = PROJECT_DIR / "node_modules" / "axe-core"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("ja", "en")
DESKTOP = (1280, 900)
PHONE_WIDTH = 375


def axe_version():
    return json.loads((AXE_DIR / "package.json").read_text())["version"]


def axe_source():
    return (AXE_DIR / "axe.min.js").read_text()


# --- Pages and states ----------------------------------------------------------------------------------------------
# Each is a name (in test ids and the report) and either a path or a function that brings the browser to the state.


def fill_inquiry_form(browser):
    from selenium.webdriver.common.by import By

    browser.find_element(By.ID, "id_company_name").send_keys("株式会社ヨコハマ水処理")
    browser.find_element(By.ID, "id_contact_person").send_keys("Hanako Yamada")
    browser.find_element(By.ID, "id_email").send_keys("hanako@example.co.jp")
    browser.find_element(By.ID, "id_message").send_keys("ダナン市の水環境分野で協力したい。")
    browser.find_element(By.ID, "id_consent").click()


def submit_inquiry_form(browser):
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "form.inquiry-form button[type=submit]").click()


def inquiry_with_errors(browser, base, language):
    browser.get(f"{base}/{language}/inquiry/")
    submit_inquiry_form(browser)
    wait_for_selector(browser, ".error-summary")


def inquiry_rate_limited(browser, base, language):
    browser.get(f"{base}/{language}/inquiry/")
    fill_inquiry_form(browser)
    from django.test.utils import override_settings

    with override_settings(INQUIRY_RATE_LIMIT=0):  # a limit of 0 accepts nothing: the 429 page
        submit_inquiry_form(browser)
        wait_for_selector(browser, "#rate-limited-heading")


def inquiry_thanks(browser, base, language):
    browser.get(f"{base}/{language}/inquiry/")
    fill_inquiry_form(browser)
    submit_inquiry_form(browser)
    wait_for_url(browser, f"{base}/{language}/inquiry/thanks/")


def staff_draft_preview(browser, base, language):
    sign_in_to_admin(browser, base, STAFF_USERNAME, STAFF_PASSWORD, language)
    browser.get(f"{base}/{language}/conferences/{DRAFT_SLUG}/")
    wait_for_selector(browser, ".draft-notice, .preview-notice, main h1")


PAGES = {
    "home": PUBLIC_PATHS["home"],
    "conference list": PUBLIC_PATHS["conference_list"],
    "conference list, year 2022": "/{lang}/conferences/?year=2022",
    "conference list, a year without conferences": "/{lang}/conferences/?year=1999",
    "conference list, junk year": "/{lang}/conferences/?year=abc",
    "conference": "/{lang}/conferences/ascc-2022/",
    "session": "/{lang}/conferences/ascc-2022/sessions/sdgs-vlr-well-being/",
    "speaker list": PUBLIC_PATHS["speaker_list"],
    "speaker list, by city": "/{lang}/speakers/?city=da-nang",
    "speaker list, junk city": "/{lang}/speakers/?city=%21%21",
    "speaker": "/{lang}/speakers/le-minh-tuong/",
    "city list": PUBLIC_PATHS["city_list"],
    "city list, by country": "/{lang}/cities/?country=VN",
    "city list, junk country": "/{lang}/cities/?country=xx",
    "city": "/{lang}/cities/da-nang/",
    "open data": PUBLIC_PATHS["data_catalogue"],
    "city SDG goal": "/{lang}/cities/da-nang/sdgs/11/",
    "city comparison": PUBLIC_PATHS["city_compare"],
    "city comparison, chosen and junk": "/{lang}/cities/compare/?city=da-nang&city=nowhere",
    "project list": PUBLIC_PATHS["project_list"],
    "project list, by city": "/{lang}/projects/?city=da-nang",
    "project list, a stage without projects": "/{lang}/projects/?stage=completed",
    "project list, junk goal": "/{lang}/projects/?sdg=abc",
    "project": "/{lang}/projects/da-nang-urban-infrastructure/",
    "inquiry form about a project": PUBLIC_PATHS["inquiry_form"] + "?project=da-nang-tourism",
    "search, empty": "/{lang}/search/",
    "search, results": "/{lang}/search/?q=Da+Nang",
    "search, no results": "/{lang}/search/?q=zzzqqq",
    "search, too long": "/{lang}/search/?q=" + "x" * 101,
    "inquiry form": PUBLIC_PATHS["inquiry_form"] + "?city=da-nang",
    "inquiry form with errors": inquiry_with_errors,
    "inquiry form, rate limited": inquiry_rate_limited,
    "inquiry thanks": inquiry_thanks,
    "privacy notice": PUBLIC_PATHS["privacy"],
    "accessibility": "/{lang}/accessibility/",
    "about": "/{lang}/about/",
    "terms of use": "/{lang}/terms/",
    "page not found": "/{lang}/no-such-page/",
    "API reference": "/{lang}/api-reference/",
    "staff draft preview": staff_draft_preview,
}


def wait_for_selector(browser, selector):
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, selector)  # the implicit wait covers a navigation still under way


# --- The audit -----------------------------------------------------------------------------------------------------


@dataclass
class Audit:
    """One Chromium on one live server: ``visit`` brings it to a page in a language; the checks measure that page."""

    browser: object
    base: str
    results: dict = field(default_factory=dict)
    needs_review: int | None = None

    def visit(self, name, language, width=DESKTOP[0]):
        self.browser.delete_all_cookies()
        self.set_width(width)
        page = PAGES[name]
        if callable(page):
            page(self.browser, self.base, language)
        else:
            self.browser.get(self.base + page.format(lang=language))
        return self.browser.current_url.removeprefix(self.base)

    def set_width(self, width):
        # Exactly this many CSS pixels of viewport, whatever the window's frame takes.
        self.browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": DESKTOP[1], "deviceScaleFactor": 1, "mobile": width < 600},
        )

    def axe(self):
        """axe-core's violations of the WCAG 2.0 and 2.1 A and AA rules, every rule of those tags enabled."""
        if not self.browser.execute_script("return typeof window.axe !== 'undefined'"):
            self.browser.execute_script(axe_source())
        result = self.browser.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
              .then(result => done({violations: result.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})),
                incomplete: result.incomplete.length}))
              .catch(error => done({error: String(error)}));
            """,
            AXE_TAGS,
        )
        assert "error" not in result, result
        self.needs_review = result["incomplete"]  # what axe could not decide (a person checks it): told, not failed
        return result["violations"]

    def horizontal_overflow(self):
        """What makes the page scroll sideways or cuts text off: the document wider than the viewport, and elements
        whose content is wider than their box while they hide or scroll the rest."""
        return self.browser.execute_script(
            """
            const root = document.documentElement;
            const problems = [];
            if (root.scrollWidth > root.clientWidth) {
              problems.push(`document: ${root.scrollWidth}px wide in a ${root.clientWidth}px viewport`);
            }
            for (const element of document.body.querySelectorAll('*')) {
              const style = getComputedStyle(element);
              if (style.display === 'none' || style.visibility === 'hidden') continue;
              // Hidden on purpose from sight (a 1 px box: .visually-hidden, the form's trap field) or from everyone.
              if (element.closest('[aria-hidden="true"]') || element.getBoundingClientRect().width <= 1) continue;
              // A data table that needs its two dimensions (WCAG 1.4.10's exception: the comparison's 17 goals) in
              // a labelled region that the keyboard scrolls: it scrolls sideways on purpose, the page does not.
              if (element.closest('.table-scroll[data-wide-table][role="region"][tabindex="0"]')) continue;
              // A text field scrolls its own long value, as text fields do: not cut off.
              const clips = style.overflowX !== 'visible' && !element.matches('input, textarea, select');
              const right = element.getBoundingClientRect().right;
              const classes = typeof element.className === 'string' ? element.className.trim() : '';
              const describe = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                + (classes ? '.' + classes.split(/\\s+/).join('.') : '');
              if (clips && element.scrollWidth > element.clientWidth + 1) {
                problems.push(`${describe}: content ${element.scrollWidth}px in a ${element.clientWidth}px box`);
              } else if (right > root.clientWidth + 1) {
                problems.push(`${describe}: reaches ${Math.round(right)}px in a ${root.clientWidth}px viewport`);
              }
            }
            return problems;
            """
        )

    def broken_references(self):
        """ARIA attributes naming an id that is not in the page (axe only flags these for a person to review)."""
        return self.browser.execute_script(
            """
            const problems = [];
            for (const attribute of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-owns']) {
              for (const element of document.querySelectorAll(`[${attribute}]`)) {
                for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
                  const name = element.id || element.tagName;
                  if (!document.getElementById(id)) problems.push(`${name}: ${attribute} ${id}`);
                }
              }
            }
            return problems;
            """
        )

    def double_text_size(self):
        """200 % text: the root font size doubled (as the browser's text-size setting does; every size in site.css
        is in rem or em, so all text follows)."""
        self.browser.execute_script("document.documentElement.style.fontSize = '200%'")


def chromium_version(browser):
    return browser.capabilities.get("browserVersion", "")


def write_report(results, *, chromium, directory):
    """``results.json`` (what the accessibility page shows) and ``results.md`` from {(name, language): result}."""
    directory.mkdir(parents=True, exist_ok=True)
    order = list(PAGES)
    pages = [
        {"page": name, "language": language, **result}
        for (name, language), result in sorted(results.items(), key=lambda item: (order.index(item[0][0]), item[0][1]))
    ]
    data = {
        "date": time.strftime("%Y-%m-%d"),
        "tool": "axe-core",
        "tool_version": axe_version(),
        "browser": "Chromium",
        "browser_version": chromium,
        "rules": AXE_TAGS,
        "pages_tested": len(pages),
        "violations": sum(page["violations"] or 0 for page in pages),
        "pages": pages,
    }
    (directory / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def mark(value):
        return {True: "pass", False: "fail", None: "not run"}[value]

    lines = [
        "# Accessibility test results",
        "",
        f"Tested {data['date']} by `make a11y-report`: axe-core {data['tool_version']} in Chromium {chromium}, every "
        f"rule tagged {', '.join(AXE_TAGS)}; {data['pages_tested']} pages (each page and state in Japanese and in "
        f"English); {data['violations']} violations. The accessibility page (/ja/accessibility/) shows these results.",
        "",
        "| Page | Language | Path | Violations | Needs review | 375 px: no sideways scrolling "
        "| 200 % text: nothing cut off |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page in pages:
        cells = [page["page"], page["language"], f"`{page['path']}`", page["violations"], page.get("needs_review")]
        cells += [mark(page.get("reflow_375px")), mark(page.get("text_200_percent"))]
        lines.append("| " + " | ".join("—" if cell is None else str(cell) for cell in cells) + " |")
    (directory / "results.md").write_text("\n".join(lines) + "\n")
    return data
