"""The sitemap's common ground: every page in every language with its hreflang alternates, on the site's address
(``SITE_URL``), whatever host the request came in on."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse


class SiteSitemap(sitemaps.Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's x-default drops the language prefix, which here only redirects; like the pages' own hreflang
        links, it names the default language's page instead."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            default = next(
                item["location"] for item in url["alternates"] if item["lang_code"] == settings.LANGUAGE_CODE
            )
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = default
        return urls


class PageSitemap(SiteSitemap):
    """Pages that are not rows: the home page, the lists and the forms, named by URL name. ``changes`` returns
    {URL name: the last change of what that page shows}; it runs once per sitemap (one query per kind of row, not
    per row), and a page it does not name has no lastmod."""

    def __init__(self, url_names, changes=dict):
        self.url_names = tuple(url_names)
        self.changes = changes

    def items(self):
        changes = self.changes()
        return [(url_name, changes.get(url_name)) for url_name in self.url_names]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]
