from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts.two_factor import TwoFactorView
from cities.catalogue import DATASETS
from cities.catalogue import latest_change as open_data_latest_change
from cities.licence import OpenDataLicence
from cities.sitemaps import CityGoalSitemap, CitySitemap
from conferences.sitemaps import ConferenceSitemap, SessionSitemap, SpeakerSitemap
from projects.sitemaps import ProjectSitemap
from sitepages.sitemaps import SitePageSitemap
from yport import views
from yport.api_reference import ApiReferenceView
from yport.public_pages import PUBLIC_PAGES
from yport.sitemaps import PageSitemap

handler404 = "yport.views.page_not_found"
handler500 = "yport.views.server_error"

SITE_PAGE_SITEMAP = SitePageSitemap()
CONFERENCE_SITEMAP = ConferenceSitemap()
SPEAKER_SITEMAP = SpeakerSitemap()
CITY_SITEMAP = CitySitemap()
PROJECT_SITEMAP = ProjectSitemap()


def public_page_changes():
    """Each public page's last change: a list's is the latest published row it lists, the home page's the latest
    of the lists, the privacy notice's and the inquiry form's the notice's own, the open-data catalogue's the
    latest of the cities, its licence and each dataset's rows (one query each)."""
    lists = {
        "conferences:conference_list": CONFERENCE_SITEMAP.latest_change(),
        "conferences:speaker_list": SPEAKER_SITEMAP.latest_change(),
        "cities:city_list": CITY_SITEMAP.latest_change(),
        "projects:project_list": PROJECT_SITEMAP.latest_change(),
    }
    lists["cities:city_compare"] = lists["cities:city_list"]  # it shows what the city list does
    privacy = SITE_PAGE_SITEMAP.privacy_notice_change()
    changes = {
        **lists,
        "inquiries:inquiry_create": privacy,
        "inquiries:privacy": privacy,
        "cities:data_catalogue": open_data_latest_change(
            OpenDataLicence.objects.current(), lists["cities:city_list"], DATASETS
        ),
    }
    known = [changed for changed in lists.values() if changed is not None]
    changes["home"] = max(known, default=None)
    return changes


SITEMAPS = {
    "pages": PageSitemap((page.url_name for page in PUBLIC_PAGES), public_page_changes),
    "site_pages": SITE_PAGE_SITEMAP,
    "conferences": CONFERENCE_SITEMAP,
    "sessions": SessionSitemap(),
    "speakers": SPEAKER_SITEMAP,
    "cities": CITY_SITEMAP,
    "city_goals": CityGoalSitemap(),
    "projects": PROJECT_SITEMAP,
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The read-only JSON API: one address per resource, its language from ?lang= or Accept-Language.
    path("api/v1/", include("yport.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("account/two-factor/", TwoFactorView.as_view(), name="two_factor"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("api-reference/", ApiReferenceView.as_view(), name="api_reference"),
    path("", include("conferences.urls")),
    path("", include("cities.urls")),
    path("", include("projects.urls")),
    path("", include("inquiries.urls")),
    path("", include("registrations.urls")),
    path("", include("sitepages.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
