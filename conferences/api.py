"""Read-only API endpoints for conferences, sessions and speakers (wired in yport/api_urls.py, docs/api.md)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import viewsets

from cities.models import City
from conferences.filters import ConferenceFilterSet, SessionFilterSet, SpeakerFilterSet
from conferences.models import Appearance, Conference, Session, Speaker
from conferences.serializers import ConferenceSerializer, SessionSerializer, SpeakerSerializer
from yport.api import LanguageMixin
from yport.publishing import published_now_condition


class ConferenceViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published conferences, newest first; filtered as the conference list page is."""

    serializer_class = ConferenceSerializer
    filterset_class = ConferenceFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        sessions = Session.objects.select_related("conference").order_by("order", "pk")
        return (
            Conference.objects.published()
            .prefetch_related(Prefetch("sessions", queryset=sessions))
            .order_by("-start_date", "-pk")
        )


class SessionViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Sessions of published conferences, in programme order; a session is named by its conference's slug and its
    own."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet

    def get_queryset(self):
        return (
            Session.objects.published()
            .select_related("conference")
            .prefetch_related(
                Prefetch("cities", queryset=City.objects.published().order_by("name", "pk"), to_attr="public_cities"),
                "sdg_goals",
                Prefetch("appearances", queryset=Appearance.objects.select_related("speaker").order_by("order", "pk")),
            )
            .order_by("-conference__start_date", "conference__pk", "order", "pk")
        )

    def get_object(self):
        return get_object_or_404(
            self.get_queryset(), conference__slug=self.kwargs["conference_slug"], slug=self.kwargs["slug"]
        )


class SpeakerViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Speakers who appeared in a published conference; filtered as the speaker list page is."""

    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        appearances = (
            Appearance.objects.filter(published_now_condition("session__conference__"))
            .select_related("session__conference")
            .order_by("-session__conference__start_date", "session__order", "order")
        )
        return (
            Speaker.objects.published()
            .select_related("city")
            .prefetch_related(Prefetch("appearances", queryset=appearances, to_attr="public_appearances"))
            .order_by("slug")
        )
