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
