from django.urls import path

from conferences import views

app_name = "conferences"

urlpatterns = [
    path("conferences/", views.ConferenceListView.as_view(), name="conference_list"),
    path("conferences/<slug:slug>/", views.ConferenceDetailView.as_view(), name="conference_detail"),
    path(
        "conferences/<slug:conference_slug>/sessions/<slug:slug>/",
        views.SessionDetailView.as_view(),
        name="session_detail",
    ),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker_list"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
]
