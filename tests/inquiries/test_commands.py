import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from inquiries.models import Inquiry, InquiryEventKind, InquiryStatus
from inquiries.services.workflow import update_notes
from tests.factories import CityFactory, InquiryFactory

pytestmark = pytest.mark.django_db


def aged(days, **kwargs):
    inquiry = InquiryFactory(**kwargs)
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=timezone.now() - timedelta(days=days))
    inquiry.refresh_from_db()
    return inquiry


def run(*args):
    out = io.StringIO()
    call_command("purge_inquiries", *args, stdout=out)
    return out.getvalue()


def test_purge_anonymises_only_old_closed_and_spam_inquiries():
    city = CityFactory()
    old_closed = aged(800, status=InquiryStatus.CLOSED, city=city, country="VN", phone="+81456714703")
    update_notes(inquiry=old_closed, notes="担当: 山田", by=None)
    old_spam = aged(800, status=InquiryStatus.SPAM)
    old_open = aged(800, status=InquiryStatus.IN_PROGRESS)
    young_closed = aged(10, status=InquiryStatus.CLOSED)

    output = run("--older-than-days", "730")

    assert output.splitlines()[0].startswith("Anonymising 2 closed or spam inquiries received before ")
    assert f"[1/2] {old_closed.reference} (closed)" in output
    assert output.splitlines()[-1] == "Done: 2 inquiries anonymised; 4 inquiries in total."
    old_closed.refresh_from_db()
    assert old_closed.anonymised_at is not None
    assert (old_closed.company_name, old_closed.contact_person, old_closed.email, old_closed.message) == (
        "",
        "",
        "",
        "",
    )
    assert (str(old_closed.phone), old_closed.internal_notes, old_closed.client_network) == ("", "", "")
    assert (old_closed.city, old_closed.country.code, old_closed.status) == (city, "VN", InquiryStatus.CLOSED)
    assert not old_closed.events.exclude(detail="").exists()
    assert old_closed.events.filter(kind=InquiryEventKind.ANONYMISED).count() == 1
    assert str(old_closed) == old_closed.reference
    for untouched in (old_open, young_closed):
        untouched.refresh_from_db()
        assert untouched.anonymised_at is None and untouched.company_name
    old_spam.refresh_from_db()
    assert old_spam.anonymised_at is not None
    assert Inquiry.objects.count() == 4
    assert run("--older-than-days", "730").splitlines()[-1] == "Done: 0 inquiries anonymised; 4 inquiries in total."


def test_purge_dry_run_changes_nothing():
    inquiry = aged(800, status=InquiryStatus.CLOSED)
    output = run("--older-than-days", "730", "--dry-run")
    assert output.splitlines()[0].startswith("Would anonymise 1 closed or spam inquiries")
    assert output.splitlines()[-1] == "Dry run: nothing was changed."
    inquiry.refresh_from_db()
    assert inquiry.anonymised_at is None


def test_purge_default_age_comes_from_setting(settings):
    aged(40, status=InquiryStatus.CLOSED)
    assert "Anonymising 0" in run()  # default 730 days
    settings.INQUIRY_RETENTION_DAYS = 30
    assert "Anonymising 1" in run()


def test_purge_rejects_negative_days():
    with pytest.raises(CommandError, match="--older-than-days must be 0 or more."):
        run("--older-than-days", "-1")
