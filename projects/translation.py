from modeltranslation.translator import TranslationOptions, register

from projects.models import FinancingScheme, Project, ProjectDocument, ProjectResult


@register(FinancingScheme)
class FinancingSchemeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ja",)


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "counterpart", "japanese_partners", "results_text")
    required_languages = ("ja",)


@register(ProjectResult)
class ProjectResultTranslationOptions(TranslationOptions):
    fields = ("label", "unit")
    required_languages = ("ja",)


@register(ProjectDocument)
class ProjectDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("ja",)
