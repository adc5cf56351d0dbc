from django.db.models import Max

from projects.models import Project
from yport.sitemaps import SiteSitemap


class ProjectSitemap(SiteSitemap):
    def items(self):
        return Project.objects.published().order_by("slug")

    def lastmod(self, project):
        return project.updated_at

    def latest_change(self):
        """The last change of a published project: the project list's lastmod."""
        return Project.objects.published().aggregate(latest=Max("updated_at"))["latest"]
