"""Shareable preview links: an unpublished page shown to someone without an account (a partner city's official, say)
for PREVIEW_LINK_DAYS, until staff revoke the link.

The link carries a random token; only its SHA-256 hash is stored, so the database alone cannot rebuild a link. A
preview is never cached for the public: the page is answered with ``Cache-Control: private, no-store`` (which the
page cache never stores) and ``noindex``, and its cached fragments are keyed on the preview's own address."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from editorial.models import PreviewLink
from yport.http import forbid_storing

# Long enough for 32 random bytes in URL-safe base64 (43 characters); anything longer is no token of ours.
TOKEN_MAX_LENGTH = 64


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def preview_url(token: str, language: str) -> str:
    with translation.override(language):
        return reverse("preview", kwargs={"token": token})


def create_preview_link(*, obj: Model, user, language: str, days: int | None = None) -> tuple[PreviewLink, str]:
    """Make a preview link to ``obj`` valid for ``days`` (PREVIEW_LINK_DAYS by default). Returns the stored link and
    its token, which is not stored and cannot be shown again. Side effects: one PreviewLink row."""
    days = settings.PREVIEW_LINK_DAYS if days is None else days
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = PreviewLink.objects.create(
            token_hash=hash_token(token),
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            language=language,
            created_by=user,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
    return link, token


def revoke_preview_link(*, link: PreviewLink) -> PreviewLink:
    """End a link at once (a revoked link stays listed). Side effects: sets ``revoked_at``."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def valid_preview_link(token: str) -> PreviewLink | None:
    """The unrevoked, unexpired link with this token, or None (for any other string, however odd)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        PreviewLink.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .only("content_type_id", "object_id", "language", "expires_at")
        .first()
    )


def links_for(obj: Model):
    return PreviewLink.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("created_by")


def preview_object(link: PreviewLink) -> Model:
    """The version of the linked object a preview shows: today the current (draft or published) row. The one place
    to change when a pending revision should be shown instead."""
    model = ContentType.objects.get_for_id(link.content_type_id).model_class()
    if model is None:
        raise Http404
    try:
        return model._default_manager.get(pk=link.object_id)
    except model.DoesNotExist:
        raise Http404 from None


def make_private(response):
    """Headers of every preview answer: never stored by a cache, never indexed, no address sent on to other sites."""
    forbid_storing(response)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


class SharedPreviewMixin:
    """For a public detail view: show the object of ``preview_link`` (set through ``as_view``) whatever its
    state, with the preview banner and the private headers. Put it first in the bases."""

    preview_link = None

    def is_preview(self):
        return False  # what signed-in staff see more of a page is not for a shared link

    def get_object(self, queryset=None):
        obj = preview_object(self.preview_link)
        prefetch_related_objects([obj], *self.fragment_prefetch_lookups())
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            shared_preview=True, preview_link=self.preview_link, noindex=True, draft_preview=False, staff_preview=False
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        return make_private(super().render_to_response(context, **response_kwargs))
