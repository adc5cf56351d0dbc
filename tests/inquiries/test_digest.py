"""The daily digest of overdue and unassigned inquiries (services.send_overdue_digests, send_inquiry_digest)."""

import datetime
import io
import logging

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from inquiries.models import InquiryStatus
from inquiries.services import DigestRun, send_overdue_digests
from tests.factories import InquiryFactory
from yport.staff_groups import CONTENT_EDITORS, INQUIRY_HANDLERS

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 5, 7)  # a Thursday, the first working day after Golden Week


@pytest.fixture
def handler(staff_user):
    """Makes an inquiry handler (a staff member in another group, or none, if told)."""

    def make(username, email=None, group_name=INQUIRY_HANDLERS, **extra):
        return staff_user(username, group_name, email=email, **extra)

    return make


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://portal.example.jp"
    settings.LANGUAGE_CODE = "ja"


def mails_by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_digest_lists_own_overdue_and_unassigned_inquiries_per_handler(handler, site):
    sato, suzuki = handler("sato"), handler("suzuki")
    late = InquiryFactory(assignee=sato, company_name="株式会社ヨコハマ水処理", first_answer_due=D(2026, 4, 30))
    InquiryFactory(assignee=sato, company_name="株式会社期限当日", first_answer_due=TODAY)
    InquiryFactory(
        assignee=sato,
        company_name="株式会社回答済み",
        first_answer_due=D(2026, 4, 30),
        status=InquiryStatus.ANSWERED,
        first_answered_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )
    InquiryFactory(assignee=suzuki, company_name="株式会社期限内", first_answer_due=D(2026, 5, 8))
    unassigned = InquiryFactory(company_name="Da Nang Ports JSC", first_answer_due=D(2026, 5, 1))
    InquiryFactory(company_name="株式会社スパム", first_answer_due=D(2026, 5, 1), status=InquiryStatus.SPAM)

    run = send_overdue_digests(today=TODAY)

    assert run == DigestRun(sent=2, failed=0, silent=0)
    sent = mails_by_recipient()
    assert set(sent) == {"sato@example.com", "suzuki@example.com"}
    to_sato = sent["sato@example.com"]
    assert to_sato.subject == "[Y-PORT] 初回回答を待っているお問い合わせ（2026-05-07）"
    assert to_sato.body.startswith("2026-05-07 時点で初回回答を待っているビジネスのお問い合わせです")
    assert "== あなたの担当で期限超過：1件 ==" in to_sato.body
    assert (
        f"{late.reference}  株式会社ヨコハマ水処理\n"
        "  初回回答期限: 2026-04-30\n"
        f"  https://portal.example.jp/ja/admin/inquiries/inquiry/{late.pk}/change/\n"
    ) in to_sato.body
    assert "== 担当者のいない未完了：1件 ==" in to_sato.body
    assert (
        f"{unassigned.reference}  Da Nang Ports JSC\n"
        "  初回回答期限: 2026-05-01 (期限超過)\n"
        f"  https://portal.example.jp/ja/admin/inquiries/inquiry/{unassigned.pk}/change/\n"
    ) in to_sato.body
    assert (
        f"https://portal.example.jp/ja/admin/inquiries/inquiry/?response_target=overdue&assignee__id__exact={sato.pk}"
    ) in to_sato.body
    for absent in ("株式会社期限当日", "株式会社回答済み", "株式会社期限内", "株式会社スパム"):
        assert absent not in to_sato.body
    to_suzuki = sent["suzuki@example.com"]
    assert "== あなたの担当で期限超過：0件 ==\n\nなし。" in to_suzuki.body
    assert "Da Nang Ports JSC" in to_suzuki.body
    assert "株式会社ヨコハマ水処理" not in to_suzuki.body


def test_digest_carries_no_contact_details(handler, site):
    sato = handler("sato")
    InquiryFactory(
        assignee=sato,
        first_answer_due=D(2026, 4, 30),
        contact_person="山田 花子",
        email="hanako@example.co.jp",
        phone="+81456714703",
        message="ダナン市の水環境分野で協力したい。",
    )
    send_overdue_digests(today=TODAY)
    [message] = mail.outbox
    for personal in ("山田 花子", "hanako@example.co.jp", "671-4703", "ダナン市の水環境分野"):
        assert personal not in message.body


def test_digest_sends_nothing_when_nobody_has_anything(handler, site):
    sato = handler("sato")
    InquiryFactory(assignee=sato, first_answer_due=TODAY)  # due today: not overdue yet
    InquiryFactory(assignee=sato, first_answer_due=D(2026, 4, 30), status=InquiryStatus.CLOSED)
    handler("suzuki")

    assert send_overdue_digests(today=TODAY) == DigestRun(sent=0, failed=0, silent=2)
    assert mail.outbox == []


def test_digest_boundary_due_today_is_listed_the_next_working_day(handler, site):
    sato = handler("sato")
    InquiryFactory(assignee=sato, first_answer_due=TODAY)
    assert send_overdue_digests(today=TODAY).sent == 0
    assert send_overdue_digests(today=D(2026, 5, 8)).sent == 1


def test_digest_goes_only_to_active_handlers_with_an_address(handler, site):
    handler("sato")
    handler("noaddress", email="")
    handler("inactive", is_active=False)
    handler("editor", group_name=CONTENT_EDITORS)
    handler("nogroup", group_name=None)
    InquiryFactory(first_answer_due=D(2026, 5, 8))  # unassigned and open: listed for every handler

    assert send_overdue_digests(today=TODAY) == DigestRun(sent=1, failed=0, silent=0)
    assert [message.to for message in mail.outbox] == [["sato@example.com"]]


def test_digest_refused_for_one_handler_still_reaches_the_others(handler, site, caplog):
    handler("sato")
    broken = handler("broken", email="broken@example.com\nBcc: everyone@example.com")
    handler("suzuki")
    InquiryFactory(first_answer_due=D(2026, 5, 1))

    with caplog.at_level(logging.ERROR, logger="inquiries.services"):
        run = send_overdue_digests(today=TODAY)

    assert run == DigestRun(sent=2, failed=1, silent=0)
    assert sorted(mails_by_recipient()) == ["sato@example.com", "suzuki@example.com"]
    assert [record.getMessage() for record in caplog.records] == [
        f"Overdue digest to {broken.email} (user {broken.pk}) failed"
    ]


@pytest.fixture
def dead_mail_server(settings):
    """A real SMTP backend pointed at a port where nothing listens: every connection is refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_TIMEOUT = 2


def test_digest_with_the_mail_server_down_tries_every_handler(handler, site, dead_mail_server, caplog):
    handler("sato")
    handler("suzuki")
    InquiryFactory(first_answer_due=D(2026, 5, 1))

    with caplog.at_level(logging.ERROR, logger="inquiries.services"):
        run = send_overdue_digests(today=TODAY)

    assert run == DigestRun(sent=0, failed=2, silent=0)
    assert len(caplog.records) == 2
    assert all("ConnectionRefusedError" in record.exc_text for record in caplog.records)


@pytest.mark.parametrize("count", [1, 15])
def test_digest_query_count_does_not_grow(handler, site, django_assert_num_queries, count):
    for number in range(count):
        user = handler(f"handler{number}")
        InquiryFactory(assignee=user, first_answer_due=D(2026, 4, 30))
        InquiryFactory(first_answer_due=D(2026, 5, 1))
    # The handlers, the unassigned inquiries, the overdue ones.
    with django_assert_num_queries(3):
        run = send_overdue_digests(today=TODAY)
    assert run.sent == count


# --- The command ---------------------------------------------------------------------------------------------


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_inquiry_digest", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_command_prints_a_summary(handler, site):
    handler("sato")
    handler("suzuki")
    InquiryFactory(assignee=handler("tanaka"), first_answer_due=D(2026, 4, 30))

    assert run_command("--date", "2026-05-07") == (
        "Inquiry digests for 2026-05-07: 1 sent, 0 failed, 2 handler(s) with nothing to report.\n"
    )
    assert [message.to for message in mail.outbox] == [["tanaka@example.com"]]


@pytest.mark.parametrize("day", ["2026-05-06", "2026-05-09", "2026-12-30"])
def test_command_sends_nothing_on_a_day_that_is_not_a_working_day(handler, site, day):
    InquiryFactory(assignee=handler("sato"), first_answer_due=D(2026, 4, 30))
    assert run_command("--date", day) == f"{day} is not a working day: no digests sent.\n"
    assert mail.outbox == []


def test_command_any_day_sends_on_a_holiday(handler, site):
    InquiryFactory(assignee=handler("sato"), first_answer_due=D(2026, 4, 30))
    assert run_command("--date", "2026-05-06", "--any-day").startswith("Inquiry digests for 2026-05-06: 1 sent")
    assert len(mail.outbox) == 1


def test_command_exits_with_an_error_after_trying_everyone_when_mail_fails(handler, site, dead_mail_server):
    handler("sato")
    handler("suzuki")
    InquiryFactory(first_answer_due=D(2026, 5, 1))
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^2 digest\(s\) could not be sent; see the log for each\.$"):
        call_command("send_inquiry_digest", "--date", "2026-05-07", stdout=out)
    assert out.getvalue() == "Inquiry digests for 2026-05-07: 0 sent, 2 failed, 0 handler(s) with nothing to report.\n"


@pytest.mark.parametrize("value", ["tomorrow", "2026-02-30", "", "2026-05-07T00:00"])
def test_command_rejects_a_date_that_is_not_one(value):
    with pytest.raises(CommandError, match="--date must be a date such as 2026-04-28"):
        call_command("send_inquiry_digest", "--date", value)
