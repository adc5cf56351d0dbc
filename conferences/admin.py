import reversion
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from conferences.forms import AppearanceInlineForm
from conferences.models import Appearance, Conference, Session, Speaker
from conferences.resources import SessionResource, SpeakerResource
from editorial.admin import EditorialAdmin, EditorialItemAdmin, EditorialPartAdmin
from editorial.admin.translations import (
    EnglishTextListFilter,
    StaleTranslationListFilter,
)
from yport.admin import image_preview

# Registered here (before any VersionAdmin registers them itself) so that a conference's history holds its sessions
# with their speakers' appearances: restoring a version, or approving a proposed one, restores them too.
reversion.register(Appearance)
reversion.register(Session, follow=("appearances",))
reversion.register(Conference, follow=("sessions",))


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Conference.objects.dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and len(value) == 4:
            return queryset.filter(**{f"{self.date_field}__year": int(value)})
        return queryset

    date_field = "start_date"


class SessionYearListFilter(YearListFilter):
    date_field = "conference__start_date"


class SessionInline(TranslationStackedInline):
    model = Session
    extra = 0
    fields = ("title", "slug", "kind", "order", "starts_at", "ends_at", "summary")
    prepopulated_fields = {"slug": ("title_en",)}
    show_change_link = True


class AppearanceInline(TranslationTabularInline):
    model = Appearance
    form = AppearanceInlineForm
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = ("order", "speaker", "role", "presentation_title", "position", "organisation")


class AppearanceOfSpeakerInline(admin.TabularInline):
    model = Appearance
    extra = 0
    can_delete = False
    fields = ("session", "role", "presentation_title", "position", "organisation")
    readonly_fields = fields
    verbose_name_plural = _("appearances (edit them in the session)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session__conference")


@admin.register(Conference)
class ConferenceAdmin(EditorialAdmin):
    list_display = (
        "title",
        "edition",
        "start_date",
        "format",
        "publication_state",
        "english_complete",
        "english_current",
        "banner_preview",
    )
    list_display_links = ("title",)
    list_filter = (YearListFilter, "format", "publication_state", EnglishTextListFilter, StaleTranslationListFilter)
    search_fields = ("title_ja", "title_en", "theme_ja", "theme_en", "slug")
    date_hierarchy = "start_date"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = ("banner_preview", "created_at", "updated_at")
    inlines = (SessionInline,)
    fieldsets = (
        (None, {"fields": ("edition", "title", "slug", "theme", "description")}),
        (
            _("Dates and place"),
            {"fields": ("start_date", "end_date", "format", "venue", "participants", "organiser", "organiser_url")},
        ),
        (_("Report"), {"fields": ("report_url", "report_pdf")}),
        (_("Banner"), {"fields": ("banner", "banner_preview", "banner_alt")}),
        (
            _("Publication"),
            {"fields": ("publication_state", "publish_from", "publish_until", "created_at", "updated_at")},
        ),
    )

    @admin.display(description=_("banner preview"))
    def banner_preview(self, obj):
        return image_preview(obj.banner, 800)


@admin.register(Session)
class SessionAdmin(EditorialPartAdmin, ImportExportModelAdmin):
    approval_parent = "conference"
    slug_history = True
    stale_translations = True
    resource_classes = (SessionResource,)
    import_formats = (CSV, XLSX)
    export_formats = (CSV, XLSX)
    list_display = ("title", "conference", "kind", "order", "english_complete", "english_current")
    list_select_related = ("conference",)
    list_filter = (
        SessionYearListFilter,
        "kind",
        "conference",
        "conference__publication_state",
        EnglishTextListFilter,
        StaleTranslationListFilter,
    )
    search_fields = ("title_ja", "title_en", "summary_ja", "summary_en", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("conference",)
    filter_horizontal = ("cities", "sdg_goals")
    inlines = (AppearanceInline,)
    fields = ("conference", "title", "slug", "kind", "order", "starts_at", "ends_at", "summary", "cities", "sdg_goals")


@admin.register(Speaker)
class SpeakerAdmin(EditorialItemAdmin, ImportExportModelAdmin):
    slug_history = True
    stale_translations = True
    revision_compare = True
    resource_classes = (SpeakerResource,)
    import_formats = (CSV, XLSX)
    export_formats = (CSV, XLSX)
    list_display = ("name", "position", "organisation", "city", "english_complete", "english_current", "photo_preview")
    list_select_related = ("city",)
    list_filter = ("city", EnglishTextListFilter, StaleTranslationListFilter)
    search_fields = (
        "name_ja",
        "name_en",
        "organisation_ja",
        "organisation_en",
        "position_ja",
        "position_en",
        "slug",
    )
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("city",)
    readonly_fields = ("photo_preview",)
    fields = ("name", "slug", "position", "organisation", "city", "photo", "photo_preview", "biography")
    inlines = (AppearanceOfSpeakerInline,)

    @admin.display(description=_("photo preview"))
    def photo_preview(self, obj):
        return image_preview(obj.photo, 160)
