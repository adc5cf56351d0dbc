from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from yport import views
from yport.two_factor import TwoFactorView

handler500 = "yport.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", views.favicon),
    # The read-only JSON API: one address per resource, its language from ?lang= or Accept-Language.
    path("api/v1/", include("yport.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("account/two-factor/", TwoFactorView.as_view(), name="two_factor"),
    path("", include("conferences.urls")),
    path("", include("cities.urls")),
    path("", include("inquiries.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
