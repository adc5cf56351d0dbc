from django.urls import path

from conferences import views
from conferences.feeds import ConferenceFeed

app_name = "conferences"

urlpatterns = [
    path("conferences/", views.ConferenceListView.as_view(), name="conference_list"),
    path("conferences/feed/", ConferenceFeed(), name="conference_feed"),
    path("conferences/calendar.ics", views.conferences_calendar, name="conferences_calendar"),
    path("conferences/<slug:slug>/", views.ConferenceDetailView.as_view(), name="conference_detail"),
    path("conferences/<slug:slug>/calendar.ics", views.conference_calendar, name="conference_calendar"),
    path(
        "conferences/<slug:conference_slug>/sessions/<slug:slug>/",
        views.SessionDetailView.as_view(),
        name="session_detail",
    ),
    path(
        "conferences/<slug:conference_slug>/sessions/<slug:slug>/calendar.ics",
        views.session_calendar,
        name="session_calendar",
    ),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker_list"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
]
