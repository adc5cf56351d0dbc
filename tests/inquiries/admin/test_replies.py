import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from cities.models import City
from inquiries.models import (
    InquiryEmail,
    InquiryEmailKind,
    InquiryEmailState,
    InquiryEventKind,
    InquiryStatus,
    ReplyTemplate,
)
from inquiries.services.privacy import anonymise_inquiry
from inquiries.services.replies import send_reply
from inquiries.services.submission import submit_inquiry
from tests.factories import CityFactory, InquiryFactory, ReplyTemplateFactory
from tests.inquiries.utils import admin_url
from yport.outbox import send_due_emails
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS

pytestmark = pytest.mark.django_db


def reply_url(inquiry, language="en"):
    return admin_url("inquiries_inquiry_reply", inquiry.pk, language=language)


@pytest.fixture
def handler_client(client, staff_user):
    user = staff_user("handler", INQUIRY_HANDLERS, first_name="Taro", last_name="Yokohama")
    client.force_login(user)
    client.user = user
    return client


def reply_data(**overrides):
    data = {"language": "en", "subject": "", "body": "Dear Jane,\n\nthank you.", "status": "answered"}
    return {**data, **overrides}


def preview(client, inquiry, **overrides):
    response = client.post(reply_url(inquiry), {**reply_data(**overrides), "_preview": "Preview"})
    assert response.status_code == 200
    return response


def test_reply_page_is_for_handlers_and_superusers(client, admin_client, handler_client, staff_user):
    inquiry = InquiryFactory()
    assert handler_client.get(reply_url(inquiry)).status_code == 200
    assert admin_client.get(reply_url(inquiry)).status_code == 200
    assert handler_client.get(reply_url(inquiry, language="ja")).status_code == 200
    assert reply_url(inquiry, language="ja") == f"/ja/admin/inquiries/inquiry/{inquiry.pk}/reply/"


@pytest.mark.parametrize("group_name", [CONTENT_EDITORS, None])
def test_reply_page_refuses_editors_and_staff_without_a_group(staff_user, group_name):
    inquiry = InquiryFactory()
    client = Client()
    client.force_login(staff_user("someone", group_name))
    assert client.get(reply_url(inquiry)).status_code == 403
    response = client.post(reply_url(inquiry), {**reply_data(), "_send": "Send"})
    assert response.status_code == 403
    assert client.get(reply_url(inquiry) + "?use-template=1&use-language=ja").status_code == 403
    assert not InquiryEmail.objects.exists()


def test_reply_page_sends_anonymous_visitors_to_the_login(client):
    inquiry = InquiryFactory()
    url = reply_url(inquiry)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{admin_url('login')}?next={url}"
    response = client.post(url, {**reply_data(), "_send": "Send"})
    assert response.status_code == 302
    assert not InquiryEmail.objects.exists()


@pytest.mark.parametrize("object_id", ["999999", "abc", "1%00", "-1"])
def test_reply_page_of_a_missing_inquiry_redirects(handler_client, object_id):
    url = f"/en/admin/inquiries/inquiry/{object_id}/reply/"
    response = handler_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == admin_url("index")


def test_reply_form_preselects_the_company_language(handler_client):
    inquiry = InquiryFactory(language="ja")
    response = handler_client.get(reply_url(inquiry))
    form = response.context["form"]
    assert form["language"].value() == "ja"
    assert form["status"].value() == InquiryStatus.ANSWERED
    assert form["subject"].value() == f"Re: [Y-PORT] お問い合わせ {inquiry.reference}"
    content = response.content.decode()
    assert '<label for="id_body">' in content  # every field has its label
    assert '<label for="id_subject">' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'name="_send"' not in content  # no sending before a preview


def test_preview_shows_the_mail_escaped_and_sends_nothing(handler_client, settings):
    settings.INQUIRY_REPLY_TO = "ki-yport@example.jp"
    inquiry = InquiryFactory(language="en")
    body = '<script>alert(1)</script> & "quoted"\nline two'
    response = preview(handler_client, inquiry, body=body, subject="<b>Hi</b>")
    content = response.content.decode()
    assert (
        '<pre id="reply-preview-body">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;\nline two</pre>'
        in content
    )
    assert f"<dd>&lt;b&gt;Hi&lt;/b&gt; [{inquiry.reference}]</dd>" in content
    assert f"<dd>{inquiry.email}</dd>" in content
    assert "<dd>ki-yport@example.jp</dd>" in content
    assert "<script>alert" not in content
    assert 'name="_send"' in content
    assert not InquiryEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)  # committed for real: the mail goes right after the commit, as in production
def test_send_after_preview_sends_the_reply(handler_client):
    inquiry = InquiryFactory(language="en")
    key = preview(handler_client, inquiry).context["form"]["preview_key"].value()
    response = handler_client.post(reply_url(inquiry), {**reply_data(preview_key=key), "_send": "Send"})
    assert response.status_code == 302
    assert response["Location"] == admin_url("inquiries_inquiry_change", inquiry.pk)
    following = handler_client.get(response["Location"])
    assert [str(message) for message in following.context["messages"]] == [
        f"The reply to {inquiry.reference} was sent."
    ]
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (
        [inquiry.email],
        f"Re: [Y-PORT] Your inquiry {inquiry.reference}",
        "Dear Jane,\n\nthank you.",
    )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    email = InquiryEmail.objects.get(kind=InquiryEmailKind.REPLY)
    assert (email.state, email.created_by) == (InquiryEmailState.SENT, handler_client.user)


def test_send_with_another_status(handler_client, django_capture_on_commit_callbacks):
    inquiry = InquiryFactory(language="en")
    key = preview(handler_client, inquiry, status="in_progress").context["form"]["preview_key"].value()
    with django_capture_on_commit_callbacks(execute=True):
        handler_client.post(reply_url(inquiry), {**reply_data(status="in_progress", preview_key=key), "_send": "1"})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_PROGRESS
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("preview_key", [None, "", "forged", "0" * 64])
def test_send_without_a_matching_preview_shows_the_preview_again(handler_client, preview_key):
    inquiry = InquiryFactory(language="en")
    data = {**reply_data(), "_send": "Send"}
    if preview_key is not None:
        data["preview_key"] = preview_key
    response = handler_client.post(reply_url(inquiry), data)
    assert response.status_code == 200
    assert response.context["preview"].body == "Dear Jane,\n\nthank you."
    assert not InquiryEmail.objects.exists()


def test_send_after_changing_the_text_shows_the_preview_again(handler_client):
    inquiry = InquiryFactory(language="en")
    key = preview(handler_client, inquiry).context["form"]["preview_key"].value()
    response = handler_client.post(
        reply_url(inquiry), {**reply_data(body="Something else", preview_key=key), "_send": "Send"}
    )
    assert response.status_code == 200
    assert response.context["changed_since_preview"] is True
    assert "The reply changed since the preview." in response.content.decode()
    assert not InquiryEmail.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"body": ""},
        {"body": "x" * 20001},
        {"body": "bell \x07"},
        {"body": "nul \x00"},
        {"subject": "s" * 251},
        {"language": "xx"},
        {"status": "deleted"},
    ],
)
def test_odd_reply_input_gives_a_form_error(handler_client, data):
    inquiry = InquiryFactory(language="en")
    response = handler_client.post(reply_url(inquiry), {**reply_data(**data), "_send": "Send"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not InquiryEmail.objects.exists()


def test_reply_form_needs_the_csrf_token(staff_user):
    inquiry = InquiryFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user("handler", INQUIRY_HANDLERS))
    response = client.post(reply_url(inquiry), {**reply_data(), "_preview": "Preview"})
    assert response.status_code == 403
    response = client.get(reply_url(inquiry))
    token = response.context["csrf_token"]
    response = client.post(reply_url(inquiry), {**reply_data(), "_preview": "Preview", "csrfmiddlewaretoken": token})
    assert response.status_code == 200


def test_japanese_template_fills_a_japanese_reply(handler_client):
    city = CityFactory(name_ja="ダナン市", name_en="Da Nang")
    inquiry = InquiryFactory(
        language="ja", city=city, company_name="株式会社ヨコハマ水処理", contact_person="山田 花子"
    )
    template = ReplyTemplateFactory()
    response = handler_client.get(reply_url(inquiry), {"use-template": template.pk, "use-language": "ja"})
    form = response.context["form"]
    assert form["language"].value() == "ja"
    assert form["subject"].value() == f"お問い合わせ（{inquiry.reference}）について"
    assert form["body"].value() == (
        "株式会社ヨコハマ水処理\n山田 花子 様\n\nダナン市についてのお問い合わせにお答えします。\n\nTaro Yokohama"
    )


def test_unknown_template_choice_is_a_form_error(handler_client):
    inquiry = InquiryFactory()
    response = handler_client.get(reply_url(inquiry), {"use-template": "999", "use-language": "ja"})
    assert response.status_code == 200
    assert response.context["template_form"].errors["template"]
    assert response.context["form"]["body"].value() is None


def test_anonymised_inquiry_cannot_be_answered(handler_client):
    inquiry = InquiryFactory()
    anonymise_inquiry(inquiry=inquiry)
    response = handler_client.get(reply_url(inquiry))
    assert response.status_code == 200
    assert "can no longer be answered from the portal" in response.content.decode()
    assert "form" not in response.context
    response = handler_client.post(reply_url(inquiry), {**reply_data(), "_send": "Send"})
    assert response.status_code == 200
    assert not InquiryEmail.objects.exists()
    change_page = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk)).content.decode()
    assert reply_url(inquiry) not in change_page


def test_change_page_links_to_the_reply_page_for_handlers_only(handler_client, client, staff_user):
    inquiry = InquiryFactory()
    content = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk)).content.decode()
    assert f'<li><a href="{reply_url(inquiry)}">Reply</a></li>' in content
    viewer = staff_user("viewer")
    viewer.user_permissions.add(*Group.objects.get(name=INQUIRY_HANDLERS).permissions.exclude(codename="reply_inquiry"))
    other = Client()
    other.force_login(viewer)
    content = other.get(admin_url("inquiries_inquiry_change", inquiry.pk)).content.decode()
    assert reply_url(inquiry) not in content
    assert other.get(reply_url(inquiry)).status_code == 403


def test_change_page_shows_each_reply_with_sender_time_text_and_delivery(handler_client):
    inquiry = InquiryFactory(language="en")
    by = handler_client.user
    send_reply(inquiry=inquiry, subject="First", body="<b>one</b>", language="en", status="answered", by=by)
    assert send_due_emails() == (1, 0)
    send_reply(inquiry=inquiry, subject="Second", body="two", language="ja", status="answered", by=by)
    content = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk)).content.decode()
    assert f"<strong>First [{inquiry.reference}]</strong>" in content
    assert f"<strong>Second [{inquiry.reference}]</strong>" in content
    assert content.count("Written by Taro Yokohama on ") == 2
    assert ", in English." in content and ", in Japanese." in content
    assert "Delivery: <strong>sent</strong>" in content
    assert "Delivery: <strong>waiting to be sent</strong>" in content
    assert '<pre class="inquiry-reply-text">&lt;b&gt;one&lt;/b&gt;</pre>' in content
    assert '<pre class="inquiry-reply-text">two</pre>' in content
    replied = inquiry.events.filter(kind=InquiryEventKind.REPLIED).values_list("actor", "detail")
    assert list(replied) == [
        (by.pk, f"First [{inquiry.reference}]\n\n<b>one</b>"),
        (by.pk, f"Second [{inquiry.reference}]\n\ntwo"),
    ]


def test_change_page_shows_a_failed_reply_with_its_attempts(handler_client, settings):
    inquiry = InquiryFactory(language="en")
    send_reply(inquiry=inquiry, subject="S", body="b", language="en", status="answered", by=handler_client.user)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    assert send_due_emails() == (0, 1)
    content = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk)).content.decode()
    assert "Delivery: <strong>failed, waiting for retry</strong>" in content
    assert "1 failed attempt, next attempt at " in content
    assert "ConnectionRefusedError" in content


@pytest.mark.parametrize("replies", [1, 15])
def test_change_page_queries_do_not_grow_with_replies(handler_client, django_assert_max_num_queries, replies):
    inquiry = InquiryFactory(language="en")
    for number in range(replies):
        send_reply(
            inquiry=inquiry, subject=f"S{number}", body="b", language="en", status="answered", by=handler_client.user
        )
    with django_assert_max_num_queries(14):
        response = handler_client.get(admin_url("inquiries_inquiry_change", inquiry.pk))
    assert response.content.decode().count('class="inquiry-reply-text"') == replies


@pytest.mark.parametrize("templates", [1, 20])
def test_reply_page_queries_do_not_grow_with_templates(handler_client, django_assert_max_num_queries, templates):
    inquiry = InquiryFactory(language="en")
    ReplyTemplateFactory.create_batch(templates)
    with django_assert_max_num_queries(8):
        response = handler_client.get(reply_url(inquiry))
    select = response.content.decode().split('id="id_use-template"')[1].split("</select>")[0]
    assert select.count("<option value=") == templates + 1  # and the empty choice
    with django_assert_max_num_queries(9):
        response = handler_client.post(reply_url(inquiry), {**reply_data(), "_preview": "Preview"})
    assert response.context["preview"].subject == f"Re: [Y-PORT] Your inquiry {inquiry.reference}"
    with django_assert_max_num_queries(7):
        response = handler_client.get(admin_url("inquiries_replytemplate_changelist"))
    assert len(response.context["cl"].result_list) == templates


def test_reply_template_admin_rejects_unknown_placeholders(handler_client):
    url = admin_url("inquiries_replytemplate_add")
    data = {
        "name_ja": "テンプレート",
        "name_en": "Template",
        "subject_ja": "{reference.__class__}",
        "subject_en": "",
        "body_ja": "{company[0]} {{ reference }}",
        "body_en": "{% if company %}x{% endif %} {unknown}",
    }
    response = handler_client.post(url, data)
    assert response.status_code == 200
    with translation.override("en"):
        errors = {name: list(messages) for name, messages in response.context["adminform"].form.errors.items()}
    allowed = "{reference}, {company}, {contact_name}, {city}, {handler_name}"
    assert errors == {
        "subject_ja": [
            f"Unknown placeholder or template code: {{reference.__class__}}. Only these placeholders can be used: "
            f"{allowed}."
        ],
        "body_ja": [
            f"Unknown placeholder or template code: {{company[0]}} {{{{ }}}}. Only these placeholders can be used: "
            f"{allowed}."
        ],
        "body_en": [
            f"Unknown placeholder or template code: {{% if company %}} {{% endif %}} {{unknown}}. Only these "
            f"placeholders can be used: {allowed}."
        ],
    }
    assert not ReplyTemplate.objects.exists()
    response = handler_client.post(url, {**data, "subject_ja": "{reference}", "body_ja": "{company}", "body_en": ""})
    assert response.status_code == 302
    assert ReplyTemplate.objects.get().body_ja == "{company}"


def test_reply_template_admin_pages_for_handlers_not_editors(handler_client, staff_user):
    template = ReplyTemplateFactory()
    pages = [
        admin_url("inquiries_replytemplate_changelist"),
        admin_url("inquiries_replytemplate_add"),
        admin_url("inquiries_replytemplate_change", template.pk),
        admin_url("inquiries_replytemplate_delete", template.pk),
    ]
    for page in pages:
        assert handler_client.get(page).status_code == 200, page
    editor = Client()
    editor.force_login(staff_user("editor", CONTENT_EDITORS))
    for page in pages:
        assert editor.get(page).status_code == 403, page


@pytest.mark.django_db(transaction=True)
def test_send_during_an_smtp_failure_keeps_the_reply_for_the_worker(handler_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    inquiry = InquiryFactory(language="en")
    key = preview(handler_client, inquiry).context["form"]["preview_key"].value()
    data = {**reply_data(preview_key=key), "_send": "Send"}
    response = handler_client.post(reply_url(inquiry), data, follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        f"The reply to {inquiry.reference} is saved but could not be sent yet; the email worker tries again."
    ]
    email = InquiryEmail.objects.get(kind=InquiryEmailKind.REPLY)
    assert (email.state, email.attempts) == (InquiryEmailState.FAILED, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails(now=email.next_attempt_at) == (1, 0)
    assert mail.outbox[0].body == "Dear Jane,\n\nthank you."


def test_handler_answers_a_da_nang_inquiry_with_the_japanese_demo_template(
    handler_client, django_capture_on_commit_callbacks
):
    call_command("load_demo", stdout=io.StringIO())
    da_nang = City.objects.get(slug="da-nang")
    inquiry = submit_inquiry(
        data={
            "company_name": "株式会社ヨコハマ水処理",
            "contact_person": "山田 花子",
            "email": "hanako@example.co.jp",
            "country": "JP",
            "city": da_nang,
            "message": "ダナン市への投資について相談したい。",
        },
        language="ja",
        client_address="192.0.2.1",
    )
    assert send_due_emails() == (2, 0)
    [acknowledgement] = [message for message in mail.outbox if message.to == ["hanako@example.co.jp"]]
    mail.outbox.clear()

    template = ReplyTemplate.objects.get()
    page = handler_client.get(reply_url(inquiry, language="ja"), {"use-template": template.pk, "use-language": "ja"})
    form = page.context["form"]
    body = (
        form["body"]
        .value()
        .replace("（ここに回答を記入してください）", "ご質問の件、担当部署に確認のうえご連絡します。")
    )
    data = {"language": "ja", "subject": form["subject"].value(), "body": body, "status": "answered"}
    key = handler_client.post(reply_url(inquiry, language="ja"), {**data, "_preview": "1"}).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        handler_client.post(
            reply_url(inquiry, language="ja"), {**data, "preview_key": key["preview_key"].value(), "_send": "1"}
        )

    [answer] = mail.outbox
    assert answer.to == ["hanako@example.co.jp"]
    assert answer.subject == f"【Y-PORT】お問い合わせ（{inquiry.reference}）について"
    assert answer.body.startswith("株式会社ヨコハマ水処理\n山田 花子 様\n\nY-PORT事業へのお問い合わせをいただき")
    assert "ご質問の件、担当部署に確認のうえご連絡します。" in answer.body
    assert answer.body.endswith("横浜市 国際局 国際協力課\nTaro Yokohama")
    assert answer.message()["In-Reply-To"] == acknowledgement.message()["Message-ID"]
    assert answer.message()["References"] == acknowledgement.message()["Message-ID"]
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
