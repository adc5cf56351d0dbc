from sitepages.models import SitePage, SitePageSlug
from yport.sitemaps import SiteSitemap


class SitePageSitemap(SiteSitemap):
    """The site pages staff have written; the privacy notice is always there and listed with the other pages."""

    def items(self):
        return SitePage.objects.exclude(slug=SitePageSlug.PRIVACY).order_by("slug")

    def lastmod(self, page):
        return page.updated_at

    def privacy_notice_change(self):
        """The last change of the privacy notice (None while it has no page): the lastmod of its own address and
        of the inquiry form, whose consent names that notice's version and whose text is otherwise code."""
        return SitePage.objects.filter(slug=SitePageSlug.PRIVACY).values_list("updated_at", flat=True).first()
