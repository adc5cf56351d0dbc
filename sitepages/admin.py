from django.contrib import admin
from reversion.admin import VersionAdmin

from editorial.admin import EditorialItemAdmin
from editorial.admin.translations import EnglishTextListFilter
from sitepages.models import Redirect, SitePage
from sitepages.services import approve_site_page, save_site_page


@admin.register(SitePage)
class SitePageAdmin(EditorialItemAdmin):
    """Every page is public: an editor's change is a proposal (editorial.admin), and the privacy notice's
    version, recorded with each consent, moves on only when a change is approved."""

    list_display = ("__str__", "title", "revision", "updated_at", "english_complete")
    list_filter = (EnglishTextListFilter,)
    fields = ("slug", "title", "body", "revision", "updated_at")
    readonly_fields = ("revision", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # A page keeps its address once it exists.
        return (*self.readonly_fields, "slug") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        save_site_page(page=obj, text_changed=change and form.has_changed())

    def approval_prepare(self, *, live, approved):
        approve_site_page(live=live, approved=approved)


@admin.register(Redirect)
class RedirectAdmin(VersionAdmin):
    list_display = ("old_path", "new_path", "note", "created_at")
    search_fields = ("old_path", "new_path", "note")
    fields = ("old_path", "new_path", "note")
