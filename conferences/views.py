from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.generic import DetailView
from django_filters.views import FilterView

from cities.models import City
from conferences import calendars
from conferences.filters import ConferenceFilterSet, SpeakerFilterSet
from conferences.models import Appearance, Conference, Session, Speaker
from editorial.previews import SharedPreviewMixin
from pagecache.fragments import FragmentDetailMixin, FragmentListMixin
from yport.pagination import ForgivingPaginationMixin
from yport.publishing import is_published_now
from yport.seo import PageQueryFilterSetMixin
from yport.staff_preview import StaffPreviewMixin


def appearances_with_speakers():
    return Prefetch("appearances", queryset=Appearance.objects.select_related("speaker").order_by("order", "pk"))


class ConferenceListView(FragmentListMixin, ForgivingPaginationMixin, PageQueryFilterSetMixin, FilterView):
    fragment_name = "conference-list"
    filterset_class = ConferenceFilterSet
    template_name = "conferences/conference_list.html"
    paginate_by = 12
    strict = False  # invalid filter values are ignored (and their errors shown), not turned into an empty list

    def get_queryset(self):
        return Conference.objects.published().order_by("-start_date", "-pk")


class ConferenceDetailView(StaffPreviewMixin, FragmentDetailMixin, DetailView):
    model = Conference
    template_name = "conferences/conference_detail.html"
    fragment_name = "conference-detail"

    def fragment_prefetch_lookups(self):
        sessions = Session.objects.order_by("order", "pk").prefetch_related(appearances_with_speakers())
        return (Prefetch("sessions", queryset=sessions),)


class ConferencePreviewView(SharedPreviewMixin, ConferenceDetailView):
    """A conference as a shareable preview link shows it (``yport.views.preview``)."""


class SessionDetailView(StaffPreviewMixin, FragmentDetailMixin, DetailView):
    model = Session
    template_name = "conferences/session_detail.html"
    fragment_name = "session-detail"

    def get_queryset(self):
        queryset = super().get_queryset().filter(conference__slug=self.kwargs["conference_slug"])
        return queryset.select_related("conference")

    def fragment_prefetch_lookups(self):
        return (appearances_with_speakers(), Prefetch("cities", queryset=City.objects.published()), "sdg_goals")

    def object_is_published_now(self):
        return is_published_now(self.object.conference)


class SpeakerListView(FragmentListMixin, ForgivingPaginationMixin, PageQueryFilterSetMixin, FilterView):
    fragment_name = "speaker-list"
    filterset_class = SpeakerFilterSet
    template_name = "conferences/speaker_list.html"
    paginate_by = 24
    strict = False

    def get_queryset(self):
        return Speaker.objects.published().select_related("city").order_by("slug")


class SpeakerDetailView(StaffPreviewMixin, FragmentDetailMixin, DetailView):
    model = Speaker
    template_name = "conferences/speaker_detail.html"
    fragment_name = "speaker-detail"

    def get_queryset(self):
        return super().get_queryset().select_related("city")

    def fragment_prefetch_lookups(self):
        appearances = Appearance.objects.select_related("session__conference").order_by(
            "-session__conference__start_date", "session__order", "order"
        )
        if not self.is_preview():
            appearances = appearances.filter(session__in=Session.objects.published())
        return (Prefetch("appearances", queryset=appearances),)

    def object_is_published_now(self):
        return Speaker.objects.published().filter(pk=self.object.pk).exists()


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def conferences_calendar(request):
    """Every published conference, as a calendar to subscribe to."""
    conferences = Conference.objects.published().order_by("-start_date", "-pk")
    return calendar_response(calendars.conferences_calendar(conferences), "asia-smart-city-conference.ics")


def conference_calendar(request, slug):
    """A published conference and its sessions that have a time."""
    conference = get_object_or_404(Conference.objects.published(), slug=slug)
    sessions = conference.sessions.filter(starts_at__isnull=False).order_by("starts_at", "order", "pk")
    return calendar_response(calendars.conference_calendar(conference, sessions), calendars.download_name(slug))


def session_calendar(request, conference_slug, slug):
    """A session of a published conference; a session without a time has no calendar entry (404)."""
    session = get_object_or_404(
        Session.objects.published().filter(starts_at__isnull=False).select_related("conference"),
        conference__slug=conference_slug,
        slug=slug,
    )
    return calendar_response(calendars.session_calendar(session), calendars.download_name(f"{conference_slug}-{slug}"))
