from cities.models import City
from yport.sitemaps import SiteSitemap


class CitySitemap(SiteSitemap):
    def items(self):
        return City.objects.published().order_by("name", "pk")

    def lastmod(self, city):
        return city.updated_at
