"""Property-based tests: arbitrary text in any field never gives a server error, and input the form rejects is
never stored."""

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from inquiries.models import SUBMITTED_FIELDS, Inquiry
from tests.helpers import ANY_TEXT, HYPOTHESIS, post_public_form
from tests.inquiries.utils import form_data

pytestmark = pytest.mark.django_db

FIELDS = [*SUBMITTED_FIELDS, "consent", "homepage", "form_token"]


def post(client, language, data):
    with translation.override(language):
        form_url = reverse("inquiries:inquiry_create")
    return post_public_form(client, form_url, data, Inquiry)


@HYPOTHESIS
@given(field=st.sampled_from(FIELDS), value=ANY_TEXT, language=st.sampled_from(["ja", "en"]))
@example(field="message", value="\x00", language="en")
@example(field="company_name", value="<script>alert(1)</script>", language="ja")
@example(field="city", value="\x00", language="ja")
@example(field="fields_of_interest", value="1\x00", language="en")
@example(field="email", value="a@b.c\r\nBcc: x@example.com", language="en")
@example(field="message", value="x" * 5001, language="en")
def test_arbitrary_text_in_any_field_never_errors(client, field, value, language):
    response = post(client, language, form_data(**{field: value}))
    if response.status_code == 302:
        stored = Inquiry.objects.order_by("-id").first()
        if field in ("company_name", "department", "contact_person", "message"):
            assert getattr(stored, field) == value.strip()  # stored verbatim (Django strips surrounding blanks)
        Inquiry.objects.filter(pk=stored.pk).delete()


@HYPOTHESIS
@given(values=st.fixed_dictionaries({name: ANY_TEXT for name in FIELDS}))
def test_arbitrary_text_in_every_field_at_once_never_errors(client, values):
    post(client, "en", values)
    Inquiry.objects.all().delete()


@HYPOTHESIS
@given(slug=ANY_TEXT)
def test_arbitrary_city_parameter_never_errors(client, slug):
    with translation.override("en"):
        response = client.get(reverse("inquiries:inquiry_create"), {"city": slug})
    assert response.status_code == 200


ONE_LINE_FIELDS = ("company_name", "department", "contact_person", "email", "website")
# Control and invisible format characters, line and paragraph separators (surrogates aside, which no client sends).
INVISIBLE = st.characters(categories=("Cc", "Cf", "Zl", "Zp"), exclude_characters="\x00")


@HYPOTHESIS
@given(
    field=st.sampled_from(ONE_LINE_FIELDS),
    before=st.text(max_size=20),
    invisible=INVISIBLE,
    after=st.text(max_size=20),
    language=st.sampled_from(["ja", "en"]),
)
@example(field="contact_person", before="山田", invisible="\u202e", after="花子", language="ja")
@example(field="company_name", before="ACME", invisible="\ufeff", after="", language="en")
def test_one_line_field_with_an_invisible_character_is_refused_and_nothing_stored(
    client, field, before, invisible, after, language
):
    # Between two letters: Django strips the separators and some controls from the ends of a value.
    response = post(client, language, form_data(**{field: f"A{before}{invisible}{after}Z"}))
    assert response.status_code == 200
    codes = [error.code for error in response.context["form"].errors.as_data()[field]]
    assert "control_characters" in codes
