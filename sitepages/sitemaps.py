from sitepages.models import SitePage, SitePageSlug
from yport.sitemaps import SiteSitemap


class SitePageSitemap(SiteSitemap):
    """The site pages staff have written; the privacy notice is always there and listed with the other pages."""

    def items(self):
        return SitePage.objects.exclude(slug=SitePageSlug.PRIVACY).order_by("slug")

    def lastmod(self, page):
        return page.updated_at
