"""Slug history in the admin: the old slug is recorded when staff change a slug in the change form, in an inline's
form, or by restoring an earlier version from the history (django-reversion's revision view). Steps of the composed
admin's hooks (editorial.admin.EditorialModelAdmin), for admins with ``slug_history = True``."""

from editorial.slug_history import record_slug_change


class SlugHistorySteps:
    def slug_before_save(self, form, change):
        return form.initial.get("slug") if change and "slug" in form.changed_data else None

    def slugs_before_formset_save(self, formset):
        deleted = getattr(formset, "deleted_forms", [])
        return [
            (inline_form.instance, inline_form.initial.get("slug"))
            for inline_form in formset.forms
            if inline_form.instance.pk is not None
            and "slug" in inline_form.changed_data
            and inline_form not in deleted
        ]

    def slug_before_revert(self, request, version):
        # The revision view reverts the row before the change form is built, so the form sees no slug change.
        if request.method != "POST":
            return None
        return version._model._default_manager.filter(pk=version.object_id).values_list("slug", flat=True).first()

    def record_slug_after_revert(self, version, old_slug, response):
        if old_slug and response.status_code == 302:
            instance = version._model._default_manager.filter(pk=version.object_id).first()
            if instance is not None:
                record_slug_change(instance=instance, old_slug=old_slug)
