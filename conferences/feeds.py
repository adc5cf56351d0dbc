"""The Atom feed of published conferences, newest first, in the active language."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from conferences.models import Conference
from conferences.templatetags.conference_tags import format_date_range
from yport.seo import absolute_url, site_host

FEED_LENGTH = 50


class ConferenceFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return gettext("Asia Smart City Conference")

    def subtitle(self):
        return gettext("New and updated conferences on the Y-PORT Portal.")

    def link(self):
        return absolute_url(reverse("conferences:conference_list"))

    def feed_url(self):
        return absolute_url(reverse("conferences:conference_feed"))

    def feed_guid(self):
        return f"tag:{site_host()},2026:conferences:{get_language()}"

    def author_name(self):
        return gettext("City of Yokohama")

    def items(self):
        return Conference.objects.published().order_by("-start_date", "-pk")[:FEED_LENGTH]

    def item_title(self, conference):
        return conference.title

    def item_description(self, conference):
        dates = format_date_range(conference.start_date, conference.end_date)
        return " — ".join(part for part in (dates, conference.get_format_display(), conference.theme) if part)

    def item_link(self, conference):
        return absolute_url(conference.get_absolute_url())

    def item_guid(self, conference):
        # Stable across renames of the slug; one per language, as each language's feed has its own entries.
        return f"tag:{site_host()},2026:conference-{conference.pk}:{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, conference):
        return conference.created_at

    def item_updateddate(self, conference):
        return conference.updated_at
