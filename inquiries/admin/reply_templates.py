"""The reply templates handlers start their answers from, edited in both languages."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.functional import lazy
from modeltranslation.admin import TabbedTranslationAdmin

from inquiries.models import ReplyTemplate
from inquiries.replies import PLACEHOLDERS


def placeholder_help() -> str:
    return render_to_string("admin/inquiries/placeholder_help.html", {"placeholders": PLACEHOLDERS.items()})


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(TabbedTranslationAdmin):
    list_display = ("name", "subject")
    search_fields = ("name_ja", "name_en", "subject_ja", "subject_en", "body_ja", "body_en")
    # The description is rendered when the page is, in the language of the request.
    fieldsets = ((None, {"fields": ("name", "subject", "body"), "description": lazy(placeholder_help, str)()}),)
