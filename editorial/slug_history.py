"""Former slugs: recorded when staff change a slug in the admin, looked up when an address is not found.

Each old slug points at the row, not at the next slug, so a chain of changes (a → b → c) sends a straight to c, and
a slug taken back (c → a) stops being an old slug. Import cannot change a slug: the imports find their rows by it."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from editorial.models import OldSlug


class SlugHistory:
    """Declares a model whose former slugs still lead to its pages (editorial.redirects): ``slug_routes`` are the
    names of its public URLs, whose ``slug`` argument names one of its rows. A slug unique only within another row
    (a session's, within its conference) names that row's foreign key in ``slug_scope_field`` and the URL argument
    naming it in ``slug_scope_argument``; the scope's model declares SlugHistory too. ``reserved_slugs`` are the
    addresses beside the rows' own that a row's slug must not take (a conference "feed", a city "compare")."""

    slug_routes: tuple[str, ...] = ()
    slug_scope_field: str | None = None
    slug_scope_argument: str | None = None
    reserved_slugs: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.slug in self.reserved_slugs and "slug" not in (exclude or ()) and "slug" not in errors:
            errors["slug"] = [
                ValidationError(
                    _("“%(value)s” is the address of another page; choose another slug."),
                    code="reserved_slug",
                    params={"value": self.slug},
                )
            ]
        if errors:
            raise ValidationError(errors)

    @classmethod
    def slug_redirect_rows(cls):
        """The rows whose pages an old slug is redirected to (the public ones)."""
        return cls._default_manager.all()


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
