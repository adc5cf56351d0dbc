"""The daily digest of overdue and unassigned inquiries (services.queue_overdue_digests, send_inquiry_digest),
queued in the outbox and sent by the email worker (yport.outbox.send_due_emails)."""

import datetime
import io
import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from inquiries.models import InquiryStatus
from inquiries.services.digest import DigestRun, queue_overdue_digests
from tests.factories import InquiryFactory
from tests.faults import SilentServer
from tests.servers import SmtpServer, free_port, use_smtp
from yport.models import EmailState, OutgoingEmail
from yport.outbox import send_due_emails
from yport.staff_group_names import CONTENT_EDITORS, INQUIRY_HANDLERS

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


def queue_and_send(today):
    """Queue the day's digests, then run the email worker's pass once; returns what was queued."""
    run = queue_overdue_digests(today=today)
    send_due_emails()
    return run


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

    run = queue_overdue_digests(today=TODAY)

    assert run == DigestRun(queued=2, already_queued=0, silent=0)
    assert send_due_emails() == (2, 0)
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
    queue_and_send(TODAY)
    [message] = mail.outbox
    for personal in ("山田 花子", "hanako@example.co.jp", "671-4703", "ダナン市の水環境分野"):
        assert personal not in message.body


def test_digest_sends_nothing_when_nobody_has_anything(handler, site):
    sato = handler("sato")
    InquiryFactory(assignee=sato, first_answer_due=TODAY)  # due today: not overdue yet
    InquiryFactory(assignee=sato, first_answer_due=D(2026, 4, 30), status=InquiryStatus.CLOSED)
    handler("suzuki")

    assert queue_and_send(TODAY) == DigestRun(queued=0, already_queued=0, silent=2)
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_digest_boundary_due_today_is_listed_the_next_working_day(handler, site):
    sato = handler("sato")
    InquiryFactory(assignee=sato, first_answer_due=TODAY)
    assert queue_overdue_digests(today=TODAY).queued == 0
    assert queue_overdue_digests(today=D(2026, 5, 8)).queued == 1


def test_digest_goes_only_to_active_handlers_with_an_address(handler, site):
    handler("sato")
    handler("noaddress", email="")
    handler("inactive", is_active=False)
    handler("editor", group_name=CONTENT_EDITORS)
    handler("nogroup", group_name=None)
    InquiryFactory(first_answer_due=D(2026, 5, 8))  # unassigned and open: listed for every handler

    assert queue_and_send(TODAY) == DigestRun(queued=1, already_queued=0, silent=0)
    assert [message.to for message in mail.outbox] == [["sato@example.com"]]


def test_digest_refused_for_one_handler_still_reaches_the_others(handler, site):
    handler("sato")
    broken = handler("broken", email="broken@example.com\nBcc: everyone@example.com")
    handler("suzuki")
    InquiryFactory(first_answer_due=D(2026, 5, 1))

    assert queue_overdue_digests(today=TODAY) == DigestRun(queued=3, already_queued=0, silent=0)
    assert send_due_emails() == (2, 1)

    assert sorted(mails_by_recipient()) == ["sato@example.com", "suzuki@example.com"]
    refused = OutgoingEmail.objects.get(to=broken.email)
    assert (refused.state, refused.attempts) == (EmailState.FAILED, 1)
    assert refused.error.startswith("BadHeaderError: Header values can't contain newlines")


def test_digest_with_the_mail_server_down_is_kept_and_sent_once_it_is_back(handler, site, settings):
    handler("sato")
    handler("suzuki")
    InquiryFactory(first_answer_due=D(2026, 5, 1), company_name="Da Nang Ports JSC")
    use_smtp(settings, free_port())  # nothing listens there: every connection is refused

    assert queue_overdue_digests(today=TODAY) == DigestRun(queued=2, already_queued=0, silent=0)
    assert send_due_emails() == (0, 2)
    assert all("ConnectionRefusedError" in error for error in OutgoingEmail.objects.values_list("error", flat=True))

    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        assert send_due_emails() == (0, 0)  # not before the retry delay
        assert send_due_emails(now=timezone.now() + datetime.timedelta(minutes=2)) == (2, 0)
    assert sorted(str(message["To"]) for message in smtp.messages) == ["sato@example.com", "suzuki@example.com"]
    assert all("Da Nang Ports JSC" in message.get_content() for message in smtp.messages)
    assert set(OutgoingEmail.objects.values_list("state", "attempts")) == {(EmailState.SENT, 2)}


def test_digest_text_is_erased_once_sent(handler, site):
    handler("sato")
    InquiryFactory(first_answer_due=D(2026, 5, 1), company_name="Da Nang Ports JSC")
    queue_overdue_digests(today=TODAY)
    assert "Da Nang Ports JSC" in OutgoingEmail.objects.get().body

    send_due_emails()

    digest = OutgoingEmail.objects.get()
    assert (digest.state, digest.subject, digest.body, digest.to) == (EmailState.SENT, "", "", "sato@example.com")
    assert "Da Nang Ports JSC" in mail.outbox[0].body


def test_digest_is_queued_once_per_day_and_handler(handler, site):
    handler("sato")
    InquiryFactory(first_answer_due=D(2026, 5, 1))

    assert queue_and_send(TODAY) == DigestRun(queued=1, already_queued=0, silent=0)
    assert queue_and_send(TODAY) == DigestRun(queued=0, already_queued=1, silent=0)
    handler("suzuki")
    assert queue_and_send(TODAY) == DigestRun(queued=1, already_queued=1, silent=0)
    assert sorted(message.to[0] for message in mail.outbox) == ["sato@example.com", "suzuki@example.com"]
    assert queue_and_send(D(2026, 5, 8)) == DigestRun(queued=2, already_queued=0, silent=0)


@pytest.mark.parametrize("count", [1, 15])
def test_digest_query_count_does_not_grow(handler, site, django_assert_num_queries, count):
    for number in range(count):
        user = handler(f"handler{number}")
        InquiryFactory(assignee=user, first_answer_due=D(2026, 4, 30))
        InquiryFactory(first_answer_due=D(2026, 5, 1))
    # The handlers, the unassigned inquiries, the overdue ones; the digests queued before, the new ones, read back.
    with django_assert_num_queries(6):
        run = queue_overdue_digests(today=TODAY)
    assert run.queued == count


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
        "Inquiry digests for 2026-05-07: 1 queued, 0 queued before, 2 handler(s) with nothing to report.\n"
    )
    assert run_command("--date", "2026-05-07") == (
        "Inquiry digests for 2026-05-07: 0 queued, 1 queued before, 2 handler(s) with nothing to report.\n"
    )
    assert send_due_emails() == (1, 0)
    assert [message.to for message in mail.outbox] == [["tanaka@example.com"]]


@pytest.mark.parametrize("day", ["2026-05-06", "2026-05-09", "2026-12-30"])
def test_command_sends_nothing_on_a_day_that_is_not_a_working_day(handler, site, day):
    InquiryFactory(assignee=handler("sato"), first_answer_due=D(2026, 4, 30))
    assert run_command("--date", day) == f"{day} is not a working day: no digests sent.\n"
    assert not OutgoingEmail.objects.exists()


def test_command_any_day_sends_on_a_holiday(handler, site):
    InquiryFactory(assignee=handler("sato"), first_answer_due=D(2026, 4, 30))
    assert run_command("--date", "2026-05-06", "--any-day").startswith("Inquiry digests for 2026-05-06: 1 queued")
    assert send_due_emails() == (1, 0)
    assert len(mail.outbox) == 1


def test_command_with_the_mail_server_hanging_returns_at_once_and_the_worker_sends_later(handler, site, settings):
    handler("sato")
    handler("suzuki")
    InquiryFactory(first_answer_due=D(2026, 5, 1))
    with SilentServer() as silent:
        use_smtp(settings, silent.port, timeout=3)
        started = time.monotonic()
        output = run_command("--date", "2026-05-07")
        seconds = time.monotonic() - started
    assert seconds < 1.5, seconds  # not one EMAIL_TIMEOUT per handler
    assert output == "Inquiry digests for 2026-05-07: 2 queued, 0 queued before, 0 handler(s) with nothing to report.\n"
    assert set(OutgoingEmail.objects.values_list("to", "state")) == {
        ("sato@example.com", EmailState.PENDING),
        ("suzuki@example.com", EmailState.PENDING),
    }
    with SmtpServer() as smtp:
        use_smtp(settings, smtp.port)
        assert send_due_emails() == (2, 0)
    assert len(smtp.messages) == 2


@pytest.mark.parametrize("value", ["tomorrow", "2026-02-30", "", "2026-05-07T00:00"])
def test_command_rejects_a_date_that_is_not_one(value):
    with pytest.raises(CommandError, match="--date must be a date such as 2026-04-28"):
        call_command("send_inquiry_digest", "--date", value)
