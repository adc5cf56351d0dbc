import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationTabularInline

from editorial.admin import EditorialAdmin, EditorialItemAdmin
from editorial.admin.translations import EnglishTextListFilter, StaleTranslationListFilter
from projects.models import (
    FinancingScheme,
    Project,
    ProjectDocument,
    ProjectResult,
    ProjectStage,
    validate_sdg_targets_within_goals,
)
from projects.resources import ProjectResource

# Registered here (before the VersionAdmin registers the project itself) so that a project's history holds its results
# and documents: restoring a version restores them too.
reversion.register(ProjectResult)
reversion.register(ProjectDocument)
reversion.register(Project, follow=("results", "documents"))


class ProjectResultFormSet(BaseInlineFormSet):
    """Results belong to completed projects only."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.stage == ProjectStage.COMPLETED:
            return
        if any(form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms):
            raise ValidationError(
                _("Only a completed project has results; set the stage to “completed” or remove the results."),
                code="results_not_completed",
            )


class ProjectResultInline(TranslationTabularInline):
    model = ProjectResult
    formset = ProjectResultFormSet
    extra = 0
    fields = ("label", "approximate", "value", "unit", "year", "order")


class ProjectDocumentInline(TranslationTabularInline):
    model = ProjectDocument
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("title", "pdf", "url", "order")


class ProjectAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        goals = cleaned_data.get("sdg_goals")
        if goals is not None and "sdg_targets" in cleaned_data:
            try:
                validate_sdg_targets_within_goals(cleaned_data["sdg_targets"], [goal.number for goal in goals])
            except ValidationError as error:
                self.add_error("sdg_targets", error)
        return cleaned_data


@admin.register(Project)
class ProjectAdmin(EditorialAdmin, ImportExportModelAdmin):
    """Projects one by one, or a city's list as a CSV/XLSX file (import-export's change list extends reversion's)."""

    form = ProjectAdminForm

    resource_classes = (ProjectResource,)
    import_formats = (CSV, XLSX)
    export_formats = (CSV, XLSX)
    list_display = ("title", "city", "stage", "financing", "publication_state", "english_complete", "english_current")
    list_select_related = ("city", "financing")
    list_filter = (
        "publication_state",
        "stage",
        "city__country",
        "city",
        "field",
        "financing",
        EnglishTextListFilter,
        StaleTranslationListFilter,
    )
    search_fields = ("title_ja", "title_en", "summary_ja", "summary_en", "slug", "city__name_ja", "city__name_en")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("city",)
    filter_horizontal = ("sdg_goals",)
    fieldsets = (
        (None, {"fields": ("city", "title", "slug", "stage", "summary", "description", "order")}),
        (_("Field and SDGs"), {"fields": ("field", "sdg_goals", "sdg_targets")}),
        (
            _("Financing and partners"),
            {"fields": ("financing", ("size_min", "size_max", "currency"), "counterpart", "japanese_partners")},
        ),
        (_("Period"), {"fields": (("start_date", "end_date"),)}),
        (_("Results (completed projects only)"), {"fields": ("results_text",)}),
        (_("Publication"), {"fields": ("publication_state", "publish_from", "publish_until")}),
    )
    inlines = (ProjectResultInline, ProjectDocumentInline)

    def process_dataset(self, dataset, form, request, **kwargs):
        # An import is one revision in each project's history, like an edit in the form.
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(
                gettext("Imported from %(file)s") % {"file": form.cleaned_data.get("original_file_name")}
            )
            return super().process_dataset(dataset, form, request, **kwargs)


@admin.register(FinancingScheme)
class FinancingSchemeAdmin(EditorialItemAdmin):
    list_display = ("name", "slug", "order", "english_complete")
    list_editable = ("order",)
    list_filter = (EnglishTextListFilter,)
    search_fields = ("name_ja", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
