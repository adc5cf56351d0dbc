from django.db import transaction
from django.utils import timezone

from sitepages.models import SitePage


def save_site_page(*, page: SitePage, text_changed: bool) -> SitePage:
    """Save a site page edited by staff. Side effects: a changed title or text counts a new revision dated now
    (for the privacy notice, a new version recorded with the next consent); the page cache drops its pages on
    commit (its signal handler, as for every content app)."""
    with transaction.atomic():
        if page.pk is not None and text_changed:
            current = SitePage.objects.select_for_update().values_list("revision", flat=True).get(pk=page.pk)
            page.revision = current + 1
            page.updated_at = timezone.now()
        page.save()
    return page


def approve_site_page(*, live: SitePage, approved: SitePage) -> None:
    """Number an approved proposal (not yet saved; called by editorial.approvals.approve) after the live page: a changed
    title or text is the next revision, dated now, so the privacy notice's version changes when the change is
    approved, not when it was proposed; an unchanged text keeps the live revision and date."""
    fields = [field.attname for field in SitePage._meta.concrete_fields if field.attname.startswith(("title", "body"))]
    if any(getattr(live, name) != getattr(approved, name) for name in fields):
        approved.revision = live.revision + 1
        approved.updated_at = timezone.now()
    else:
        approved.revision = live.revision
        approved.updated_at = live.updated_at
