from django.urls import path

from sitepages.models import SitePageSlug
from sitepages.views import SitePageView

app_name = "sitepages"

# The privacy notice is served at inquiries:privacy (/privacy/), next to the form that asks for consent.
urlpatterns = [
    path("about/", SitePageView.as_view(page=SitePageSlug.ABOUT), name="about"),
    path("accessibility/", SitePageView.as_view(page=SitePageSlug.ACCESSIBILITY), name="accessibility"),
    path("terms/", SitePageView.as_view(page=SitePageSlug.TERMS), name="terms"),
]
