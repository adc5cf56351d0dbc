from django.urls import path

from inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("inquiry/", views.InquiryCreateView.as_view(), name="inquiry_create"),
    path("inquiry/thanks/", views.InquiryThanksView.as_view(), name="inquiry_thanks"),
    path("privacy/", views.PrivacyNoticeView.as_view(), name="privacy"),
]
