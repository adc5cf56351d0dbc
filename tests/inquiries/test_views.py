import re
import time
import unicodedata

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cities.models import FieldOfCooperation
from inquiries.forms import FormTokenForm
from inquiries.models import Inquiry, InquiryEmailState, InquiryEventKind, InquiryStatus
from tests.conftest import INLINE_SCRIPT, INLINE_STYLE, assert_page_shell
from tests.factories import CityFactory, InquiryFactory
from tests.inquiries.utils import form_data
from yport.forms import issue_form_token, read_form_token
from yport.outbox import send_due_emails
from yport.publishing import PublicationState

pytestmark = pytest.mark.django_db


def url(name, language):
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize(
    ("language", "heading", "thanks"),
    [
        ("ja", "ビジネスのお問い合わせ", "お問い合わせありがとうございます"),
        ("en", "Business inquiry", "Thank you for your inquiry"),
    ],
)
def test_inquiry_happy_path_in_each_language(client, language, heading, thanks):
    city = CityFactory(slug="da-nang", name_ja="ダナン市", name_en="Da Nang")
    fields = list(FieldOfCooperation.objects.filter(slug__in=["water-environment", "energy"]))
    page = client.get(url("inquiries:inquiry_create", language) + "?city=da-nang")
    assert page.status_code == 200
    assert_page_shell(page, language)
    assert heading in page.content.decode()
    assert page.context["form"].initial["city"] == city
    assert "no-store" in page["Cache-Control"]

    data = form_data(city=str(city.pk), fields_of_interest=[str(field.pk) for field in fields])
    response = client.post(url("inquiries:inquiry_create", language), data)

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert mail.outbox == []  # the email worker sends them, not the request
    assert send_due_emails() == (2, 0)
    assert response["Location"] == url("inquiries:inquiry_thanks", language)
    inquiry = Inquiry.objects.get()
    assert inquiry.reference.startswith("YP-20")
    assert inquiry.language == language
    assert inquiry.company_name == "株式会社ヨコハマ水処理"
    assert inquiry.city == city
    assert set(inquiry.fields_of_interest.all()) == set(fields)
    assert str(inquiry.phone) == "+81456714703"
    assert inquiry.status == InquiryStatus.NEW
    assert inquiry.privacy_notice_version == "2026-11"
    assert inquiry.client_network == "127.0.0.0/24"
    assert [event.kind for event in inquiry.events.all()] == [
        InquiryEventKind.SUBMITTED,
        InquiryEventKind.EMAIL_SENT,
        InquiryEventKind.EMAIL_SENT,
    ]
    assert set(inquiry.emails.values_list("state", flat=True)) == {InquiryEmailState.SENT}

    assert len(mail.outbox) == 2
    notification, acknowledgement = sorted(mail.outbox, key=lambda message: message.to != ["staff@example.com"])
    assert notification.to == ["staff@example.com"]
    assert notification.reply_to == ["hanako@example.co.jp"]
    assert notification.subject == f"[Y-PORT] 新しいビジネスのお問い合わせ {inquiry.reference}"
    assert "株式会社ヨコハマ水処理" in notification.body
    assert acknowledgement.to == ["hanako@example.co.jp"]
    assert inquiry.reference in acknowledgement.subject
    assert inquiry.reference in acknowledgement.body
    if language == "ja":
        assert acknowledgement.subject == f"[Y-PORT] お問い合わせを受け付けました（{inquiry.reference}）"
    else:
        assert acknowledgement.subject == f"[Y-PORT] We have received your inquiry ({inquiry.reference})"
    # The acknowledgement goes to any address someone typed in: it repeats nothing they typed (no spam relay).
    for typed in ("ダナン市の水環境分野", "山田", "株式会社ヨコハマ水処理", "海外事業部"):
        assert typed not in acknowledgement.body

    thanks_page = client.get(response["Location"])
    assert thanks_page.status_code == 200
    assert "no-store" in thanks_page["Cache-Control"]
    assert_page_shell(thanks_page, language)
    html = thanks_page.content.decode()
    assert thanks in html
    assert f'<strong class="inquiry-reference">{inquiry.reference}</strong>' in html


def test_inquiry_form_marks_required_fields_and_has_hidden_honeypot(client):
    html = client.get(url("inquiries:inquiry_create", "en")).content.decode()
    assert html.count('<span class="field-badge field-badge-required">Required</span>') == 6
    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="homepage"' in html and 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert "Leave this field empty" in html
    assert 'name="form_token"' in html
    assert 'href="/en/privacy/"' in html


def test_inquiry_form_unknown_or_junk_city_slug_is_ignored(client):
    CityFactory(slug="draft-city", publication_state=PublicationState.DRAFT)
    for slug in ("nowhere", "draft-city", "%00", "<script>", "a" * 500, "da nang"):
        response = client.get(url("inquiries:inquiry_create", "ja"), {"city": slug})
        assert response.status_code == 200
        assert response.context["form"].initial.get("city") is None


def test_inquiry_form_offers_only_published_cities(client):
    published = CityFactory()
    draft = CityFactory(publication_state=PublicationState.DRAFT)
    response = client.get(url("inquiries:inquiry_create", "en"))
    assert list(response.context["form"].fields["city"].queryset) == [published]
    rejected = client.post(url("inquiries:inquiry_create", "en"), form_data(city=str(draft.pk)))
    assert rejected.status_code == 200
    assert "city" in rejected.context["form"].errors
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"company_name": ""}, "company_name", "This field is required."),
        ({"contact_person": ""}, "contact_person", "This field is required."),
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"message": ""}, "message", "This field is required."),
        ({"message": "x" * 5001}, "message", "Ensure this value has at most 5000 characters (it has 5001)."),
        ({"company_name": "x" * 201}, "company_name", "Ensure this value has at most 200 characters (it has 201)."),
        (
            {"phone": "12"},
            "phone",
            "Enter a valid phone number (e.g. 03-1234-5678) or a number with an international call prefix.",
        ),
        ({"website": "not a url"}, "website", "Enter a valid URL."),
        ({"country": "XX"}, "country", "Select a valid choice. XX is not one of the available choices."),
        ({"consent": None}, "consent", "Please agree to the privacy notice, or we cannot store your inquiry."),
        (
            {"fields_of_interest": ["999999"]},
            "fields_of_interest",
            "Select a valid choice. 999999 is not one of the available choices.",
        ),
        ({"city": "abc"}, "city", "Select a valid choice. That choice is not one of the available choices."),
        (
            {"company_name": "ACME\x07"},
            "company_name",
            "Please remove the control or invisible characters from this field: U+0007.",
        ),
        (
            {"message": "Hello\x1b[31m"},
            "message",
            "Please remove the control or invisible characters from this field: U+001B.",
        ),
        ({"contact_person": "Null\x00byte"}, "contact_person", "Null characters are not allowed."),
        ({"message": "Null\x00byte"}, "message", "Null characters are not allowed."),
    ],
)
def test_inquiry_form_rejects_invalid_input_with_field_error(client, overrides, field, message):
    response = client.post(url("inquiries:inquiry_create", "en"), form_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert '<div class="error-summary" role="alert"' in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    assert Inquiry.objects.count() == 0


def test_inquiry_form_keeps_typed_values_when_shown_again(client):
    response = client.post(url("inquiries:inquiry_create", "ja"), form_data(email="broken", message="<b>本文</b>"))
    html = response.content.decode()
    assert 'value="株式会社ヨコハマ水処理"' in html
    assert 'value="broken"' in html
    assert "&lt;b&gt;本文&lt;/b&gt;</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html


def test_inquiry_message_keeps_newlines_tabs_html_and_other_scripts_verbatim(client):
    message = "<script>alert(1)</script>\n\tСпасибо — 谢谢 — شكرا — 🙏"
    response = client.post(
        url("inquiries:inquiry_create", "en"), form_data(message=message, company_name="<i>ACME</i>")
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.message == message
    assert inquiry.company_name == "<i>ACME</i>"


INVISIBLE_CHARACTERS_ERROR = {
    "en": "Please remove the control or invisible characters from this field: %s.",
    "ja": "この項目から制御文字または目に見えない文字を取り除いてください：%s",
}


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("character", "code_point"),
    [
        ("\u202e", "U+202E"),  # right-to-left override: makes the name read backwards in the admin
        ("\u200b", "U+200B"),  # zero-width space
        ("\u2028", "U+2028"),  # line separator
        ("\u2029", "U+2029"),  # paragraph separator
        ("\ufeff", "U+FEFF"),  # byte order mark (zero-width no-break space)
    ],
)
def test_inquiry_name_with_an_invisible_character_gives_a_translated_error_and_stores_nothing(
    client, language, character, code_point
):
    data = form_data(contact_person=f"山田{character}花子", company_name=f"AC{character}{character}ME")
    response = client.post(url("inquiries:inquiry_create", language), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["contact_person"] == [INVISIBLE_CHARACTERS_ERROR[language] % code_point]
    assert errors["company_name"] == [INVISIBLE_CHARACTERS_ERROR[language] % code_point]  # named once
    assert 'id="id_contact_person_error"' in response.content.decode()
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "code_points"),
    [
        ("department", "海外\u2066事業部\u2069", "U+2066 U+2069"),
        ("website", "https://exa\u200bmple.com/", "U+200B"),
        ("contact_person", "Hanako \U0001f469\u200d\U0001f4bb", "U+200D"),  # an emoji ZWJ sequence: not a name
        ("message", "Invoice for \u202egnp.exe\u202c attached", "U+202E U+202C"),
    ],
)
def test_inquiry_one_line_fields_and_the_message_refuse_bidirectional_controls(client, field, value, code_points):
    response = client.post(url("inquiries:inquiry_create", "en"), form_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [INVISIBLE_CHARACTERS_ERROR["en"] % code_points]
    assert Inquiry.objects.count() == 0


def test_inquiry_names_in_japanese_and_vietnamese_and_a_message_with_emoji_and_line_separators_are_kept(client):
    vietnamese = unicodedata.normalize("NFD", "Nguyễn Thị Minh Khai")  # combining marks (Mn), not invisible
    message = "Xin chào 👩\u200d💻 👍🏽\u2028次の行\u2029段落\u200b"  # ZWJ, skin tone, separators, zero-width space
    company = "株式会社　ヨコハマ"  # an ideographic space (Zs) is an ordinary space
    data = form_data(contact_person=vietnamese, company_name=company, message=message)
    response = client.post(url("inquiries:inquiry_create", "ja"), data)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.contact_person, inquiry.company_name, inquiry.message) == (vietnamese, company, message)


def test_inquiry_honeypot_filled_stores_nothing(client):
    response = client.post(url("inquiries:inquiry_create", "en"), form_data(homepage="http://spam.example"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please leave the field “Leave this field empty” empty and send the form again."
    ]
    assert Inquiry.objects.count() == 0


def test_inquiry_sent_faster_than_minimum_fill_time_stores_nothing(client):
    response = client.post(url("inquiries:inquiry_create", "en"), form_data(form_token=issue_form_token()))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "That was very fast. Please check your entries and send the form again."
    ]
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize("token", ["", "forged", issue_form_token(now=time.time() - 60) + "x"])
def test_inquiry_with_missing_or_tampered_token_is_shown_again_with_a_fresh_token(client, token):
    response = client.post(url("inquiries:inquiry_create", "en"), form_data(form_token=token))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This form has expired. Please check your entries and send it again."
    ]
    assert response.context["form"]["form_token"].value() != token
    assert Inquiry.objects.count() == 0


def test_inquiry_expired_token_is_rejected(client, settings):
    settings.INQUIRY_FORM_MAX_AGE_SECONDS = 10
    response = client.post(url("inquiries:inquiry_create", "en"), form_data())  # shown 60 s ago
    assert response.context["form"].non_field_errors() == [
        "This form has expired. Please check your entries and send it again."
    ]
    assert Inquiry.objects.count() == 0


def test_inquiry_double_post_creates_one_row_and_redirects_to_first(client):
    data = form_data()
    first = client.post(url("inquiries:inquiry_create", "en"), data)
    second = client.post(url("inquiries:inquiry_create", "en"), data)
    assert first.status_code == second.status_code == 302
    assert Inquiry.objects.count() == 1
    reference = Inquiry.objects.get().reference
    other_browser = type(client)()
    third = other_browser.post(url("inquiries:inquiry_create", "en"), data)
    assert third.status_code == 302
    assert reference in other_browser.get(third["Location"]).content.decode()
    assert Inquiry.objects.count() == 1


def test_inquiry_sent_again_with_other_content_is_kept_as_its_own_inquiry(client):
    """Back, edit, send again: the same form token with other content is a new inquiry, and its sender sees its
    own reference number, never the first one's."""
    data = form_data()
    client.post(url("inquiries:inquiry_create", "en"), data)
    first = Inquiry.objects.get()
    response = client.post(url("inquiries:inquiry_create", "en"), {**data, "message": "A second question."})
    assert response.status_code == 302
    second = Inquiry.objects.exclude(pk=first.pk).get()
    assert second.message == "A second question."
    html = client.get(response["Location"]).content.decode()
    assert f'<strong class="inquiry-reference">{second.reference}</strong>' in html
    assert first.reference not in html


def test_inquiry_rate_limit_answers_429_keeping_everything_typed(client, settings):
    settings.INQUIRY_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(url("inquiries:inquiry_create", "en"), form_data()).status_code == 302
    # The next address in the same /24 network shares the limit.
    data = form_data(message="<b>三通目</b>のお問い合わせ", department="営業部")
    response = client.post(url("inquiries:inquiry_create", "ja"), data, REMOTE_ADDR="127.0.0.2")
    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "短時間に多くのお問い合わせ" in html
    assert "ki-yport@city.yokohama.jp" in html and "045-671-4703" in html
    assert 'value="営業部"' in html
    assert "&lt;b&gt;三通目&lt;/b&gt;のお問い合わせ</textarea>" in html
    assert f'value="{data["form_token"]}"' in html
    assert_page_shell(response, "ja")
    assert Inquiry.objects.count() == 2
    # Another network has its own limit, and the kept form goes through from there.
    assert client.post(url("inquiries:inquiry_create", "en"), data, REMOTE_ADDR="192.0.2.7").status_code == 302
    assert Inquiry.objects.filter(department="営業部").count() == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ({"email": "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ"}, {"email": "taro@example.com"}),
        ({"phone": "０４５－６７１－４７０３"}, {"phone": "+81456714703"}),
        (
            {"website": "ｈｔｔｐｓ：／／ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏ．ｊｐ／"},
            {"website": "https://www.example.co.jp/"},
        ),
    ],
)
def test_inquiry_full_width_email_phone_and_url_are_normalised(client, typed, stored):
    response = client.post(url("inquiries:inquiry_create", "ja"), form_data(**typed))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert {name: str(getattr(inquiry, name)) for name in stored} == stored


def test_inquiry_nul_character_error_says_what_is_wrong_in_japanese(client):
    response = client.post(url("inquiries:inquiry_create", "ja"), form_data(contact_person="Null\x00byte"))
    assert response.context["form"].errors["contact_person"] == [
        "NUL 文字（制御文字）は使えません。取り除いてから送信してください。"
    ]


def test_inquiry_rate_limit_ignores_rejected_submissions(client, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    for _ in range(3):
        client.post(url("inquiries:inquiry_create", "en"), form_data(email="bad"))
    assert client.post(url("inquiries:inquiry_create", "en"), form_data()).status_code == 302


def test_thanks_page_without_a_submission_shows_no_reference(client):
    response = client.get(url("inquiries:inquiry_thanks", "en"))
    assert response.status_code == 200
    assert_page_shell(response, "en")
    assert "inquiry-reference" not in response.content.decode()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_privacy_page_tells_what_why_how_long_and_whom(client, language, settings):
    settings.INQUIRY_RETENTION_DAYS = 730
    response = client.get(url("inquiries:privacy", language))
    assert response.status_code == 200
    assert_page_shell(response, language)
    html = response.content.decode()
    assert "2026-11" in html
    assert "730" in html


def test_inquiry_form_query_count_is_the_same_for_one_and_many_choices(client, django_assert_num_queries):
    CityFactory()
    with django_assert_num_queries(2):  # fields of cooperation, published cities
        client.get(url("inquiries:inquiry_create", "en"))
    CityFactory.create_batch(10)
    InquiryFactory.create_batch(5)
    with django_assert_num_queries(2):
        client.get(url("inquiries:inquiry_create", "en"))


def test_thanks_and_privacy_query_counts(client, django_assert_num_queries):
    client.post(url("inquiries:inquiry_create", "en"), form_data())
    with django_assert_num_queries(1):  # the session
        client.get(url("inquiries:inquiry_thanks", "en"))
    InquiryFactory.create_batch(5)
    with django_assert_num_queries(1):
        client.get(url("inquiries:inquiry_thanks", "en"))
    with django_assert_num_queries(1):  # the notice's site page (none: the notice that ships with the code)
        client.get(url("inquiries:privacy", "en"))


def test_inquiry_junk_post_never_errors(client):
    for data in ({}, {"form_token": "\x00"}, {"fields_of_interest": "\x00"}, {"city": "\x00", "country": "\x00"}):
        response = client.post(url("inquiries:inquiry_create", "en"), data)
        assert response.status_code == 200
    assert Inquiry.objects.count() == 0


def test_inquiry_form_fields_are_rendered_once_and_never_with_what_someone_typed(client, django_assert_num_queries):
    form_url = url("inquiries:inquiry_create", "en")
    first = client.get(form_url)
    with django_assert_num_queries(0):
        again = client.get(form_url)
    assert "includes/form_field.html" in {template.name for template in first.templates}
    assert "includes/form_field.html" not in {template.name for template in again.templates}
    assert form_token(again) != form_token(first)
    assert again.content.decode().count('name="form_token"') == 1
    rejected = client.post(form_url, form_data(company_name="Secret Works", email="not an address"))
    assert rejected.status_code == 200 and "Secret Works" in rejected.content.decode()
    assert "Secret Works" not in client.get(form_url).content.decode()


def form_token(response):
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def without_tokens(html):
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]*"', r'name="\1"', html)


@pytest.mark.parametrize("query", ["", "?city=da-nang"])
def test_empty_form_is_rendered_from_its_cached_fields_with_tokens_of_its_own(client, query):
    """While the fields are cached the view builds no inquiry form, only its token (FormTokenForm): the same page,
    a new CSRF token and form token, and a token the form accepts."""
    CityFactory(slug="da-nang", name_en="Da Nang")
    form_url = url("inquiries:inquiry_create", "en") + query
    first = client.get(form_url)
    again = client.get(form_url)
    assert isinstance(again.context["form"], FormTokenForm)
    assert without_tokens(again.content.decode()) == without_tokens(first.content.decode())
    token = form_token(again)
    assert token == again.context["form"].token != form_token(first)
    assert f'<input type="hidden" name="form_token" value="{token}" id="id_form_token">' in again.content.decode()
    assert bool(re.search(r'<option value="[^"]+" selected>Da Nang</option>', again.content.decode())) == bool(query)
    assert read_form_token(token, max_age_seconds=60) is not None


def field_labels(html):
    """(label, badge) of each field of the inquiry form, in order."""
    return re.findall(
        r'<(?:label for="id_\w+"(?: class="inline-label")?|legend class="field-label")>([^<]+?) '
        r'<span class="field-badge field-badge-(?:required|optional)">([^<]+)</span></(?:label|legend)>',
        html,
    )


def test_japanese_form_says_required_or_optional_beside_every_field_and_asks_for_kana(client):
    html = client.get(url("inquiries:inquiry_create", "ja")).content.decode()
    assert field_labels(html) == [
        ("会社名", "必須"),
        ("会社名（フリガナ）", "任意"),
        ("部署", "任意"),
        ("国", "必須"),
        ("会社のウェブサイト", "任意"),
        ("担当者名", "必須"),
        ("担当者名（フリガナ）", "任意"),
        ("メールアドレス", "必須"),
        ("電話番号", "任意"),
        ("関心のある分野", "任意"),
        ("関心のあるパートナー都市", "任意"),
        ("お問い合わせ内容", "必須"),
        ("添付ファイル（PDF）", "任意"),
        ("個人情報の取扱いを読み、このお問い合わせへの対応のために入力内容が保存されることに同意します。", "必須"),
    ]
    assert "placeholder" not in html
    assert (
        '<input type="text" name="contact_person_kana" maxlength="150" '
        'aria-describedby="id_contact_person_kana_helptext" id="id_contact_person_kana">' in html
    )
    assert (
        '<span class="helptext" id="id_contact_person_kana_helptext">カタカナで入力してください（例：ヤマダ ハナコ）。'
        "ひらがなはカタカナに変換します。</span>" in html
    )


def test_english_form_says_required_or_optional_and_has_no_kana(client):
    html = client.get(url("inquiries:inquiry_create", "en")).content.decode()
    labels = field_labels(html)
    assert [badge for _label, badge in labels] == [
        "Required", "Optional", "Required", "Optional", "Required", "Required", "Optional",
        "Optional", "Optional", "Required", "Optional", "Required",
    ]  # fmt: skip
    assert [label for label, _badge in labels][:6] == [
        "Company name",
        "Department",
        "Country",
        "Company website",
        "Contact person",
        "Email address",
    ]
    assert "kana" not in html
    assert "placeholder" not in html


def test_japanese_form_stores_the_readings_in_katakana(client):
    response = client.post(
        url("inquiries:inquiry_create", "ja"),
        form_data(company_name_kana="かぶしきがいしゃ よこはますいしょり", contact_person_kana="ﾔﾏﾀﾞ ﾊﾅｺ"),
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.company_name_kana == "カブシキガイシャ ヨコハマスイショリ"
    assert inquiry.contact_person_kana == "ヤマダ ハナコ"
    send_due_emails()
    notification = next(message for message in mail.outbox if message.to != ["hanako@example.co.jp"])
    assert "会社名（フリガナ）: カブシキガイシャ ヨコハマスイショリ\n" in notification.body
    assert "担当者名（フリガナ）: ヤマダ ハナコ\n" in notification.body


def test_japanese_form_shows_the_kana_error_with_the_field(client):
    response = client.post(url("inquiries:inquiry_create", "ja"), form_data(contact_person_kana="Hanako"))
    assert response.status_code == 200
    html = response.content.decode()
    message = (
        "フリガナはカタカナまたはひらがなで入力してください（「ー」「・」と空白は使えます）。使えない文字：H a n k o"
    )
    assert f'<a href="#id_contact_person_kana">担当者名（フリガナ）: {message}</a>' in html
    assert 'aria-describedby="id_contact_person_kana_helptext id_contact_person_kana_error"' in html
    assert Inquiry.objects.count() == 0


def test_english_form_stores_no_readings_even_if_sent(client):
    response = client.post(url("inquiries:inquiry_create", "en"), form_data(contact_person_kana="ヤマダ"))
    assert response.status_code == 302
    assert Inquiry.objects.get().contact_person_kana == ""


@pytest.mark.parametrize(
    ("language", "heading", "step"),
    [
        ("ja", "フォームを送信できませんでした", "このサイトの Cookie を許可してください"),
        ("en", "Your form could not be sent", "Allow cookies for this site in your browser"),
    ],
)
def test_form_sent_without_the_csrf_cookie_explains_what_to_do_in_the_visitors_language(language, heading, step):
    form_url = url("inquiries:inquiry_create", language)
    response = Client(enforce_csrf_checks=True).post(form_url, form_data())
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert step in html
    assert f'<a href="{form_url}">' in html
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)
    assert "Content-Security-Policy" in response.headers
    assert response["Cache-Control"] == "private, no-store"
    assert Inquiry.objects.count() == 0
