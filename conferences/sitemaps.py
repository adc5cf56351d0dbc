from django.db.models import Max
from django.db.models.functions import Greatest

from conferences.models import Conference, Session, Speaker
from yport.sitemaps import SiteSitemap


class ConferenceSitemap(SiteSitemap):
    def items(self):
        return Conference.objects.published().order_by("-start_date", "pk")

    def lastmod(self, conference):
        return conference.updated_at

    def latest_change(self):
        """The last change of a published conference: the conference list's lastmod."""
        return Conference.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SessionSitemap(SiteSitemap):
    def items(self):
        # A session's page shows its conference too: the later of the two changes.
        return (
            Session.objects.published()
            .select_related("conference")
            .annotate(changed_at=Greatest("updated_at", "conference__updated_at"))
            .order_by("conference__start_date", "conference_id", "order", "pk")
        )

    def lastmod(self, session):
        return session.changed_at


class SpeakerSitemap(SiteSitemap):
    def items(self):
        return Speaker.objects.published().order_by("slug")

    def lastmod(self, speaker):
        return speaker.updated_at

    def latest_change(self):
        """The last change of a published speaker: the speaker list's lastmod."""
        return Speaker.objects.published().aggregate(latest=Max("updated_at"))["latest"]
