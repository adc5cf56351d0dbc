from django.db.models import Max
from django.urls import reverse

from cities.models import City, SDGIndicator
from yport.sitemaps import SiteSitemap


class CitySitemap(SiteSitemap):
    def items(self):
        return City.objects.published().order_by("name", "pk")

    def lastmod(self, city):
        return city.updated_at

    def latest_change(self):
        """The last change of a published city: the city list's lastmod."""
        return City.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class CityGoalSitemap(SiteSitemap):
    """Each goal page of a published city (``cities:city_goal``): the goals its indicators touch, in one query."""

    def items(self):
        return list(
            SDGIndicator.objects.of_published_cities()
            .filter(goal__isnull=False)
            .values_list("evaluation__city__slug", "goal__number", "evaluation__city__updated_at")
            .distinct()
            .order_by("evaluation__city__slug", "goal__number")
        )

    def location(self, item):
        return reverse("cities:city_goal", kwargs={"slug": item[0], "goal": item[1]})

    def lastmod(self, item):
        return item[2]
