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
    """Pages that are not rows: the home page, the lists and the forms, named by URL name."""

    def __init__(self, url_names):
        self.url_names = tuple(url_names)

    def items(self):
        return self.url_names

    def location(self, url_name):
        return reverse(url_name)
