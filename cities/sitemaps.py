from django.db.models import Max

from cities.models import City
from yport.sitemaps import SiteSitemap


class CitySitemap(SiteSitemap):
    def items(self):
        return City.objects.published().order_by("name", "pk")

    def lastmod(self, city):
        return city.updated_at

    def latest_change(self):
        """The last change of a published city: the city list's lastmod."""
        return City.objects.published().aggregate(latest=Max("updated_at"))["latest"]
