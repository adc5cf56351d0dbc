from django.views.generic import DetailView

from pagecache.fragments import FragmentDetailMixin
from sitepages.models import SitePage, SitePageSlug


class SitePageView(FragmentDetailMixin, DetailView):
    """One site page, named by ``page`` in the URL configuration; a page staff have not written yet is a 404. The
    page is kept beside its fragment (``FragmentDetailMixin``): while nothing changes it costs no query."""

    model = SitePage
    page = None
    template_name = "sitepages/sitepage_detail.html"
    context_object_name = "page"
    fragment_name = "site-page"

    def get_object(self, queryset=None):
        self.kwargs["slug"] = self.page
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_accessibility_policy"] = self.page == SitePageSlug.ACCESSIBILITY
        context["is_privacy_notice"] = self.page == SitePageSlug.PRIVACY
        return context
