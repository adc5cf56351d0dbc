import reversion
from django import forms
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from cities.licence import OpenDataLicence
from cities.models import (
    City,
    CityCooperation,
    FieldOfCooperation,
    KeyFigure,
    KeyFigureKind,
    SDGEvaluation,
    SDGGoal,
    SDGIndicator,
    VoluntaryLocalReview,
    indicator_rating_errors,
)
from cities.resources import KeyFigureResource, SDGIndicatorResource
from editorial.admin import EditorialAdmin, EditorialItemAdmin, EditorialPartAdmin
from editorial.admin.translations import (
    EnglishTextListFilter,
    StaleTranslationListFilter,
)

# Registered here (before any VersionAdmin registers them itself) so that a city's history holds its whole
# profile and an evaluation's history its indicators: restoring a version restores them too.
reversion.register(KeyFigure)
reversion.register(SDGIndicator)
reversion.register(SDGEvaluation, follow=("indicators",))
reversion.register(VoluntaryLocalReview)
reversion.register(CityCooperation)
reversion.register(City, follow=("key_figures", "sdg_evaluations", "vlrs", "cooperations"))


class SDGEvaluationInlineForm(forms.ModelForm):
    """Counts edited on the city page must still cover the itemised indicators stored with the evaluation."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and not self.errors:
            candidate = SDGEvaluation(
                **{name: cleaned_data.get(name) for name in ("high_count", "medium_count", "low_count")}
            )
            ratings = self.instance.indicators.values_list("rating", flat=True)
            errors = indicator_rating_errors(candidate, ratings)
            if errors:
                raise ValidationError(errors)
        return cleaned_data


class IndicatorFormSet(BaseInlineFormSet):
    """The itemised indicators may not outnumber the goals the evaluation counts at each rating."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        ratings = [
            form.cleaned_data["rating"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("rating")
        ]
        errors = indicator_rating_errors(self.instance, ratings)
        if errors:
            raise ValidationError(errors)


class ImportRevisionMixin:
    """An import is one revision in each row's history, like an edit in the form."""

    def process_dataset(self, dataset, form, request, **kwargs):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(
                gettext("Imported from %(file)s") % {"file": form.cleaned_data.get("original_file_name")}
            )
            return super().process_dataset(dataset, form, request, **kwargs)


class KeyFigureFormSet(BaseInlineFormSet):
    """One figure per kind and reference year (the database refuses a second; say so before it does)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or data.get("kind") in (None, KeyFigureKind.OTHER):
                continue
            key = (data["kind"], data.get("reference_year"))
            if key in seen:
                raise ValidationError(
                    _("Each kind of figure may appear once per reference year."), code="duplicate_key_figure"
                )
            seen.add(key)


class KeyFigureInline(TranslationTabularInline):
    model = KeyFigure
    formset = KeyFigureFormSet
    extra = 0
    fields = ("kind", "label", "value", "value_max", "unit", "reference_year", "source", "order")


class SDGEvaluationInline(TranslationStackedInline):
    model = SDGEvaluation
    form = SDGEvaluationInlineForm
    extra = 0
    show_change_link = True
    fields = (
        ("title", "year"),
        "method",
        ("goals_assessed", "high_count", "medium_count", "low_count"),
    )


class VoluntaryLocalReviewInline(TranslationTabularInline):
    model = VoluntaryLocalReview
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("title", "year", "state", "url", "pdf")


class CityCooperationInline(TranslationTabularInline):
    model = CityCooperation
    extra = 0
    fields = ("field", "start_year", "end_year", "note")


class SDGIndicatorInline(TranslationStackedInline):
    model = SDGIndicator
    formset = IndicatorFormSet
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = (
        ("text", "code"),
        ("goal", "rating", "order"),
        ("value", "unit", "year", "direction"),
        ("baseline_year", "baseline_value"),
        ("target_year", "target_value"),
        ("source", "source_url"),
    )


@admin.register(City)
class CityAdmin(EditorialAdmin):
    list_display = ("name", "country", "cooperation_since", "publication_state", "english_complete", "english_current")
    list_filter = (
        "publication_state",
        "country",
        "fields_of_cooperation",
        EnglishTextListFilter,
        StaleTranslationListFilter,
    )
    search_fields = ("name_ja", "name_en", "slug", "summary_ja", "summary_en", "vision_ja", "vision_en")
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "country", "summary")}),
        (_("Cooperation with Yokohama"), {"fields": ("cooperation_since", "agreement_name")}),
        (_("Vision"), {"fields": ("vision", "development_sectors")}),
        (_("Picture"), {"fields": ("hero_image", "hero_image_alt")}),
        (_("Publication"), {"fields": ("publication_state", "publish_from", "publish_until")}),
    )
    inlines = (
        KeyFigureInline,
        SDGEvaluationInline,
        VoluntaryLocalReviewInline,
        CityCooperationInline,
    )


@admin.register(SDGEvaluation)
class SDGEvaluationAdmin(EditorialPartAdmin):
    approval_parent = "city"
    list_display = (
        "title",
        "city",
        "year",
        "goals_assessed",
        "high_count",
        "medium_count",
        "low_count",
        "english_complete",
    )
    list_filter = ("city__country", EnglishTextListFilter)
    list_select_related = ("city",)
    search_fields = ("title_ja", "title_en", "city__name_ja", "city__name_en")
    autocomplete_fields = ("city",)
    fields = ("city", ("title", "year"), "method", ("goals_assessed", "high_count", "medium_count", "low_count"))
    inlines = (SDGIndicatorInline,)


@admin.register(KeyFigure)
class KeyFigureAdmin(EditorialPartAdmin, ImportRevisionMixin, ImportExportModelAdmin):
    """Figures one by one, or a year's update as a CSV/XLSX file (import-export's change list extends reversion's)."""

    approval_parent = "city"

    resource_classes = (KeyFigureResource,)
    formats = (base_formats.CSV, base_formats.XLSX)
    list_display = ("city", "kind", "label", "value", "value_max", "unit", "reference_year", "english_complete")
    list_filter = ("kind", "reference_year", "city__country", "city", EnglishTextListFilter)
    list_select_related = ("city",)
    search_fields = ("city__name_ja", "city__name_en", "label_ja", "label_en", "source_ja", "source_en")
    autocomplete_fields = ("city",)
    fields = ("city", "kind", "label", "value", "value_max", "unit", "reference_year", "source", "order")


@admin.register(SDGIndicator)
class SDGIndicatorAdmin(EditorialPartAdmin, ImportRevisionMixin, ImportExportModelAdmin):
    """The indicators of every evaluation as a list, and a year's values as a CSV/XLSX file: the import is under the
    approval rule of each row's city (``SDGIndicatorResource``). One by one, indicators are added and changed on
    their evaluation's page (its inline), under the approval of the evaluation's city."""

    approval_parent = "evaluation"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    resource_classes = (SDGIndicatorResource,)
    formats = (base_formats.CSV, base_formats.XLSX)
    list_display = ("text", "evaluation", "goal", "rating", "value", "unit", "year", "code")
    list_filter = ("goal", "rating", "evaluation__city__country", "evaluation__city")
    list_select_related = ("evaluation__city", "goal")
    search_fields = ("text_ja", "text_en", "code", "evaluation__city__name_ja", "evaluation__city__name_en")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        # The model's own add and change permissions (this admin's forms are closed: the evaluation's page edits).
        return super().has_change_permission(request) and request.user.has_perm(
            f"{self.opts.app_label}.{get_permission_codename('add', self.opts)}"
        )


@admin.register(FieldOfCooperation)
class FieldOfCooperationAdmin(EditorialItemAdmin):
    list_display = ("name", "slug", "order", "english_complete")
    list_editable = ("order",)
    list_filter = (EnglishTextListFilter,)
    search_fields = ("name_ja", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(SDGGoal)
class SDGGoalAdmin(EditorialItemAdmin):
    """The 17 goals are fixed; staff may correct a name but neither add nor remove goals."""

    list_display = ("number", "short_name", "colour")
    search_fields = ("short_name_ja", "short_name_en")
    readonly_fields = ("number", "colour")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OpenDataLicence)
class OpenDataLicenceAdmin(EditorialItemAdmin):
    """The one licence of the open data: shown with every download, so an editor's change is a proposal."""

    list_display = ("__str__", "url", "updated_at", "english_complete")
    fields = ("name", "url", "note")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return not OpenDataLicence.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # emptying the name says "ask the city"; the row stays
