"""Property-based tests of the public registration side: arbitrary text in any field of the form never gives a
server error and what the form refuses is never stored; arbitrary tokens in the signed links are 404, never 500."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from registrations.models import SUBMITTED_FIELDS, Registration
from tests.factories import RegistrationSetupFactory
from tests.helpers import ANY_TEXT, HYPOTHESIS, post_public_form
from tests.registrations.utils import form_data, register_url

pytestmark = pytest.mark.django_db

FIELDS = [*SUBMITTED_FIELDS, "consent", "homepage", "form_token"]


@pytest.fixture
def setup():
    """Open, both modes, every optional question asked."""
    return RegistrationSetupFactory(ask_phone=True, ask_dietary_needs=True, ask_accessibility_needs=True)


def post(client, setup, language, data):
    Registration.objects.all().delete()  # "already registered" and the rate limit's slots: every example afresh
    return post_public_form(client, register_url(setup.conference, language), data, Registration)


@HYPOTHESIS
@given(field=st.sampled_from(FIELDS), value=ANY_TEXT, language=st.sampled_from(["ja", "en"]))
@example(field="name", value="\x00", language="en")
@example(field="name_kana", value="ﾔﾏﾀﾞ ﾊﾅｺ", language="ja")
@example(field="organisation", value="<script>alert(1)</script>", language="ja")
@example(field="email", value="a@b.c\r\nBcc: x@example.com", language="en")
@example(field="mode", value="both", language="en")
@example(field="country", value="\x00", language="ja")
@example(field="phone", value="+81 45-671-4703\x00", language="ja")
@example(field="dietary_needs", value="x" * 501, language="en")
def test_arbitrary_text_in_any_field_never_errors(client, setup, field, value, language):
    response = post(client, setup, language, form_data(**{field: value}))
    if response.status_code == 302 and field in ("name", "organisation", "position"):
        assert getattr(Registration.objects.get(), field) == value.strip()  # stored verbatim, but the ends


@HYPOTHESIS
@given(values=st.fixed_dictionaries({name: ANY_TEXT for name in FIELDS}))
def test_arbitrary_text_in_every_field_at_once_never_errors(client, setup, values):
    post(client, setup, "en", values)


@HYPOTHESIS
@given(token=ANY_TEXT.filter(lambda text: "/" not in text and text.strip()))
@example(token="99999999999999999999999999:x")
@example(token="１２:x")
@example(token="1:" + "a" * 5000)
def test_arbitrary_link_tokens_are_not_found(client, setup, token):
    for name in ("confirm", "manage", "calendar", "cancel"):
        response = client.get(register_url(setup.conference, name=f"registrations:{name}", token=token))
        assert response.status_code == 404, (name, response.status_code)
