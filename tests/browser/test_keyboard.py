"""Keyboard only, in a real headless Chromium: a company tabs through the header, the language switcher and the whole
inquiry form, sends it empty with Enter, lands on the error summary, fills it in from the keyboard and sends it with
Space. Every element that takes focus on the way shows it."""

import time

import pytest

from cities.models import FieldOfCooperation
from inquiries.models import Inquiry
from tests.browser.conftest import console_errors, wait_for_url
from tests.factories import CityFactory, FieldOfCooperationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_FIELDS = [
    "id_company_name",
    "id_department",
    "id_country",
    "id_website",
    "id_contact_person",
    "id_email",
    "id_phone",
    "id_fields_of_interest_0",
    "id_city",
    "id_message",
    "id_attachments",
    "id_consent",
]


def describe(element):
    return element.get_attribute("id") or element.get_attribute("href") or element.tag_name


def focus_is_visible(browser, element):
    """The focused element draws an outline or a ring of box-shadow."""
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};",
        element,
    )
    outlined = style["outline"] != "none" and style["width"] not in ("0px", "")
    return outlined or style["shadow"] != "none"


def tab(browser, times=1):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(times):
        ActionChains(browser).send_keys(Keys.TAB).perform()
    return browser.switch_to.active_element


def tab_to(browser, element_id, limit=40):
    """Tab until the element with this id has focus; returns what took focus on the way (each with focus shown)."""
    visited = []
    for _ in range(limit):
        active = tab(browser)
        assert focus_is_visible(browser, active), f"focus not visible on {describe(active)}"
        visited.append(describe(active))
        if active.get_attribute("id") == element_id:
            return visited
    raise AssertionError(f"{element_id} never took focus; focus went to {visited}")


def test_keyboard_user_sends_inquiry_with_focus_always_visible(browser, live_server, settings):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    settings.INQUIRY_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if not FieldOfCooperation.objects.exists():  # the data migration's rows are gone after a transactional test
        FieldOfCooperationFactory(slug="water-environment", name_ja="水環境", name_en="Water environment")
    CityFactory(slug="da-nang", name_ja="ダナン市", name_en="Da Nang")
    browser.set_window_size(1280, 900)

    # The header: skip link, site name, search, the language switcher and the main navigation, in that order.
    browser.get(f"{live_server.url}/ja/inquiry/")
    header = tab_to(browser, "id_company_name")
    assert header[0].endswith("#main")
    assert header[1].endswith("/ja/")
    assert header[2:4] == ["site-search-q", "button"]
    assert header[4].endswith("/en/inquiry/")  # the language switcher's other language
    assert [entry.rsplit("/ja/", 1)[-1] for entry in header[5:10]] == [
        "conferences/",
        "speakers/",
        "cities/",
        "projects/",
        "inquiry/",
    ]
    assert header[-1] == "id_company_name"

    # The language switcher by keyboard: Enter follows it.
    browser.get(f"{live_server.url}/ja/inquiry/")
    switcher = tab(browser, 5)
    assert switcher.get_attribute("hreflang") == "en"
    switcher.send_keys(Keys.ENTER)
    wait_for_url(browser, f"{live_server.url}/en/inquiry/")

    # The whole form, field by field, then its button; Enter sends it empty.
    visited = tab_to(browser, "id_company_name")
    for field_id in FORM_FIELDS[1:]:
        visited = tab_to(browser, field_id, limit=10)
        # Nothing in between but the rest of the checkbox group.
        assert all(entry.startswith("id_fields_of_interest_") for entry in visited[:-1]), visited
    submit = tab(browser)
    if submit.tag_name == "a":  # the privacy notice link after the consent box
        assert focus_is_visible(browser, submit)
        submit = tab(browser)
    assert submit.get_attribute("type") == "submit"
    assert focus_is_visible(browser, submit)
    submit.send_keys(Keys.ENTER)

    # Sent back with errors: focus is on the error summary, whose links lead to the fields.
    summary = browser.switch_to.active_element
    assert "error-summary" in summary.get_attribute("class")
    assert focus_is_visible(browser, summary)
    first_error = tab(browser)
    assert first_error.text == "Company name: This field is required."
    first_error.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "id_company_name"

    # Typed from the keyboard alone: text, the checkbox group and the consent box with Space, the city with arrows.
    ActionChains(browser).send_keys("Yokohama Water Co.").perform()
    tab_to(browser, "id_contact_person")
    ActionChains(browser).send_keys("Hanako Yamada").perform()
    tab_to(browser, "id_email")
    ActionChains(browser).send_keys("hanako@example.co.jp").perform()
    first_field = tab_to(browser, "id_fields_of_interest_0") and browser.switch_to.active_element.get_attribute("value")
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    tab_to(browser, "id_city")
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    tab_to(browser, "id_message")
    ActionChains(browser).send_keys("A question about water supply in Da Nang.").perform()
    tab_to(browser, "id_consent")
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    submit = tab(browser)
    if submit.tag_name == "a":
        submit = tab(browser)
    time.sleep(0.1)
    ActionChains(browser).send_keys(Keys.SPACE).perform()  # a button is pressed with Space as well as Enter

    wait_for_url(browser, f"{live_server.url}/en/inquiry/thanks/")
    inquiry = Inquiry.objects.get()
    assert (inquiry.company_name, inquiry.contact_person, inquiry.email) == (
        "Yokohama Water Co.",
        "Hanako Yamada",
        "hanako@example.co.jp",
    )
    assert [str(field.pk) for field in inquiry.fields_of_interest.all()] == [first_field]
    assert inquiry.city.slug == "da-nang"
    assert console_errors(browser) == []
