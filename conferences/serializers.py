"""Conferences, sessions and speakers as JSON for the API (conferences/api.py); text in the active language.

Only what the public pages show: no draft conference, session of a draft conference, draft city or image."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cities.serializers import NULLABLE_URI, CityLinkSerializer, SDGGoalSerializer, absolute
from conferences.models import Appearance, Conference, Session, Speaker


class LinksMixin(serializers.Serializer):
    """``url``: the public page in the answer's language; ``api_url``: this resource in the API."""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return absolute(self.context.get("request"), obj.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return absolute(self.context.get("request"), self.api_path(obj))


class ConferenceLinkSerializer(LinksMixin, serializers.ModelSerializer):
    class Meta:
        model = Conference
        fields = ("slug", "title", "url", "api_url")

    @staticmethod
    def api_path(conference):
        return reverse("api:conference-detail", kwargs={"slug": conference.slug})


class SessionLinkSerializer(LinksMixin, serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ("slug", "title", "url", "api_url")

    @staticmethod
    def api_path(session):
        return reverse("api:session-detail", kwargs={"conference_slug": session.conference.slug, "slug": session.slug})


class SpeakerLinkSerializer(LinksMixin, serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ("slug", "name", "url", "api_url")

    @staticmethod
    def api_path(speaker):
        return reverse("api:speaker-detail", kwargs={"slug": speaker.slug})


class ConferenceSerializer(ConferenceLinkSerializer):
    format_label = serializers.CharField(source="get_format_display", read_only=True)
    organiser_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()
    report_pdf = serializers.SerializerMethodField()
    sessions = SessionLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Conference
        fields = (
            "slug",
            "url",
            "api_url",
            "edition",
            "title",
            "theme",
            "description",
            "start_date",
            "end_date",
            "format",
            "format_label",
            "venue",
            "participants",
            "organiser",
            "organiser_url",
            "report_url",
            "report_pdf",
            "sessions",
        )

    @extend_schema_field(NULLABLE_URI)
    def get_organiser_url(self, conference) -> str | None:
        return conference.organiser_url or None

    @extend_schema_field(NULLABLE_URI)
    def get_report_url(self, conference) -> str | None:
        return conference.report_url or None

    @extend_schema_field(NULLABLE_URI)
    def get_report_pdf(self, conference) -> str | None:
        return absolute(self.context.get("request"), conference.report_pdf.url) if conference.report_pdf else None


class AppearanceFields(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Appearance
        fields = ("role", "role_label", "presentation_title", "position", "organisation")


class SessionAppearanceSerializer(AppearanceFields):
    """A speaker in a session, with the position and organisation held at the time."""

    speaker = SpeakerLinkSerializer(read_only=True)

    class Meta(AppearanceFields.Meta):
        fields = ("speaker", *AppearanceFields.Meta.fields)


class SessionSerializer(SessionLinkSerializer):
    conference = ConferenceLinkSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    cities = CityLinkSerializer(many=True, read_only=True, source="public_cities")
    sdg_goals = SDGGoalSerializer(many=True, read_only=True)
    speakers = SessionAppearanceSerializer(many=True, read_only=True, source="appearances")

    class Meta:
        model = Session
        fields = (
            "slug",
            "url",
            "api_url",
            "conference",
            "title",
            "kind",
            "kind_label",
            "summary",
            "starts_at",
            "ends_at",
            "cities",
            "sdg_goals",
            "speakers",
        )


class SpeakerAppearanceSerializer(AppearanceFields):
    """A session the speaker appeared in (of a published conference)."""

    session = SessionLinkSerializer(read_only=True)
    conference = ConferenceLinkSerializer(read_only=True, source="session.conference")

    class Meta(AppearanceFields.Meta):
        fields = ("session", "conference", *AppearanceFields.Meta.fields)


class SpeakerSerializer(SpeakerLinkSerializer):
    affiliation = serializers.CharField(read_only=True)
    city = serializers.SerializerMethodField()
    appearances = SpeakerAppearanceSerializer(many=True, read_only=True, source="public_appearances")

    class Meta:
        model = Speaker
        fields = (
            "slug",
            "url",
            "api_url",
            "name",
            "position",
            "organisation",
            "affiliation",
            "biography",
            "city",
            "appearances",
        )

    @extend_schema_field(CityLinkSerializer(allow_null=True))
    def get_city(self, speaker) -> dict | None:
        """The speaker's partner city while it is published."""
        if speaker.city is None or not speaker.city.is_published_now:
            return None
        return CityLinkSerializer(speaker.city, context=self.context).data
