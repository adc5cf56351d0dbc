from django.urls import path

from registrations import views

app_name = "registrations"

PREFIX = "conferences/<slug:slug>/register/"

urlpatterns = [
    path(PREFIX, views.RegistrationCreateView.as_view(), name="register"),
    path(f"{PREFIX}sent/", views.RegistrationSentView.as_view(), name="register_sent"),
    path(f"{PREFIX}confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path(f"{PREFIX}manage/<str:token>/", views.ManageView.as_view(), name="manage"),
    path(f"{PREFIX}manage/<str:token>/mode/", views.ChangeModeView.as_view(), name="change_mode"),
    path(f"{PREFIX}manage/<str:token>/accept/", views.AcceptOfferView.as_view(), name="accept_offer"),
    path(f"{PREFIX}manage/<str:token>/cancel/", views.CancelView.as_view(), name="cancel"),
    path(f"{PREFIX}manage/<str:token>/calendar.ics", views.CalendarView.as_view(), name="calendar"),
    path(f"{PREFIX}manage/<str:token>/consents/", views.ChangeConsentsView.as_view(), name="change_consents"),
    path("conferences/<slug:slug>/participants/", views.ParticipantListView.as_view(), name="participant_list"),
    path(f"{PREFIX}manage/<str:token>/ticket.svg", views.TicketQRCodeView.as_view(), name="ticket_qr"),
    path(f"{PREFIX}manage/<str:token>/erase/", views.EraseView.as_view(), name="erase"),
    path(f"{PREFIX}erased/", views.ErasedView.as_view(), name="erased"),
]
