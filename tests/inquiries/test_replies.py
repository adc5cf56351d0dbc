import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from inquiries.models import ReplyTemplate
from inquiries.replies import PLACEHOLDERS, fill_placeholders, invalid_placeholders, validate_placeholders

VALUES = {
    "reference": "YP-2026-0007",
    "company": "株式会社ヨコハマ水処理",
    "contact_name": "山田 花子",
    "city": "ダナン市",
    "handler_name": "横浜 太郎",
}


def test_fill_placeholders_fills_every_placeholder():
    text = "{reference} / {company} / {contact_name} / {city} / {handler_name}"
    assert fill_placeholders(text, VALUES) == "YP-2026-0007 / 株式会社ヨコハマ水処理 / 山田 花子 / ダナン市 / 横浜 太郎"
    assert set(PLACEHOLDERS) == set(VALUES)


def test_fill_placeholders_puts_values_in_as_text_only():
    values = {**VALUES, "company": "{reference} {{ x }} <b>"}
    assert fill_placeholders("{company}|{city}", values) == "{reference} {{ x }} <b>|ダナン市"


@pytest.mark.parametrize(
    "text",
    [
        "{{ reference }}",
        "{{reference}}",
        "{% if company %}yes{% endif %}",
        "{reference.__class__}",
        "{reference.__class__.__mro__}",
        "{company[0]}",
        "{reference!r}",
        "{reference:>999999999}",
        "{unknown}",
        "{}",
        "{0}",
        "{ reference }",
        "an unclosed { brace and a } closing one",
        "}{",
    ],
)
def test_fill_placeholders_leaves_everything_else_as_written(text):
    assert fill_placeholders(text, VALUES) == text


def test_fill_placeholders_mixes_known_and_literal_parts():
    text = "{reference}: {{ reference }} {company[0]} {unknown} {reference}"
    assert fill_placeholders(text, VALUES) == "YP-2026-0007: {{ reference }} {company[0]} {unknown} YP-2026-0007"


def test_fill_placeholders_leaves_a_placeholder_without_value_as_written():
    assert fill_placeholders("{reference} {city}", {"reference": "YP-2026-0001"}) == "YP-2026-0001 {city}"


def test_invalid_placeholders_lists_each_unknown_one_once():
    text = "{reference} {company[0]} {{ city }} {% if x %} {unknown} {unknown} {reference.__class__}"
    assert invalid_placeholders(text) == [
        "{company[0]}",
        "{{",
        "}}",
        "{% if x %}",
        "{unknown}",
        "{reference.__class__}",
    ]
    assert invalid_placeholders("{reference} {company} {contact_name} {city} {handler_name}") == []


def messages_of(text, language):
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            validate_placeholders(text)
        return raised.value.messages


def test_validate_placeholders_names_the_allowed_ones():
    assert messages_of("Hello {name}", "en") == [
        "Unknown placeholder or template code: {name}. Only these placeholders can be used: {reference}, {company}, "
        "{contact_name}, {city}, {handler_name}."
    ]
    assert messages_of("{{ reference }}", "ja") == [
        "使用できないプレースホルダーまたはテンプレートコードです：{{ }}。使用できるプレースホルダーは {reference}, "
        "{company}, {contact_name}, {city}, {handler_name} だけです。"
    ]
    validate_placeholders("Hello {contact_name}")  # no error


@pytest.mark.django_db
def test_load_demo_adds_one_valid_reply_template():
    call_command("load_demo")
    call_command("load_demo")
    template = ReplyTemplate.objects.get()
    assert template.name_ja == "お問い合わせへの回答（基本）"
    assert template.name_en == "Answer to an inquiry (basic)"
    template.full_clean()
    for text in (template.subject_ja, template.subject_en, template.body_ja, template.body_en):
        assert invalid_placeholders(text) == []
        assert "{reference}" in text or "{handler_name}" in text
