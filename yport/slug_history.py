"""Former slugs: recorded when staff change a slug in the admin, looked up when an address is not found.

Each old slug points at the row, not at the next slug, so a chain of changes (a → b → c) sends a straight to c, and
a slug taken back (c → a) stops being an old slug. Import cannot change a slug: the imports find their rows by it."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from yport.models import OldSlug


def slug_scope(instance) -> int:
    """The id of the row a slug is unique within (``Session.slug_scope_field = "conference_id"``), else 0."""
    field = getattr(type(instance), "slug_scope_field", None)
    return getattr(instance, field) or 0 if field else 0


def record_slug_change(*, instance, old_slug: str) -> None:
    """Remember that ``instance`` was reachable at ``old_slug``. Side effects: the old slug now leads to the row
    (whichever row it led to before); the row's current slug is no old slug any more."""
    if not old_slug or old_slug == instance.slug:
        return
    content_type = ContentType.objects.get_for_model(instance)
    scope = slug_scope(instance)
    with transaction.atomic():
        OldSlug.objects.filter(content_type=content_type, scope=scope, slug=instance.slug).delete()
        OldSlug.objects.update_or_create(
            content_type=content_type, scope=scope, slug=old_slug, defaults={"object_id": instance.pk}
        )


def current_row(queryset, slug: str, scope: int = 0):
    """``(pk, slug)`` of the row of ``queryset`` that has ``slug`` now or had it before; None if there is none."""
    row = queryset.filter(slug=slug).values_list("pk", "slug").first()
    if row is not None:
        return row
    content_type = ContentType.objects.get_for_model(queryset.model)
    object_id = (
        OldSlug.objects.filter(content_type=content_type, scope=scope, slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    if object_id is None:
        return None
    return queryset.filter(pk=object_id).values_list("pk", "slug").first()


class SlugHistoryAdminMixin:
    """Records the old slug when staff change a slug in the change form, in an inline's form, or by restoring an
    earlier version from the history (django-reversion's revision view)."""

    def save_model(self, request, obj, form, change):
        old_slug = form.initial.get("slug") if change and "slug" in form.changed_data else None
        super().save_model(request, obj, form, change)
        if old_slug:
            record_slug_change(instance=obj, old_slug=old_slug)

    def save_formset(self, request, form, formset, change):
        deleted = getattr(formset, "deleted_forms", [])
        changed = [
            (inline_form.instance, inline_form.initial.get("slug"))
            for inline_form in formset.forms
            if inline_form.instance.pk is not None
            and "slug" in inline_form.changed_data
            and inline_form not in deleted
        ]
        super().save_formset(request, form, formset, change)
        for instance, old_slug in changed:
            record_slug_change(instance=instance, old_slug=old_slug)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # The revision view reverts the row before the change form is built, so the form sees no slug change.
        rows = version._model._default_manager.filter(pk=version.object_id)
        before = rows.values_list("slug", flat=True).first() if request.method == "POST" else None
        response = super()._reversion_revisionform_view(request, version, template_name, extra_context)
        if before and response.status_code == 302:
            instance = rows.first()
            if instance is not None:
                record_slug_change(instance=instance, old_slug=before)
        return response
