"""Shareable preview links on the admin's change page (editorial.previews)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from editorial.previews import create_preview_link, links_for, preview_url, revoke_preview_link
from yport.languages import language_names


class PreviewLinkSteps:
    """Shareable preview links on the change page: make one (in either language), see them all, revoke one. The
    buttons submit the change form to their own address (``formaction``), so the page needs no script. Steps of the
    composed admin's hooks (editorial.admin.EditorialModelAdmin), for admins with ``preview_links = True``."""

    def preview_link_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(require_POST(self.create_preview_link_view)),
                name="{}_{}_preview_link_create".format(*info),
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(require_POST(self.revoke_preview_link_view)),
                name="{}_{}_preview_link_revoke".format(*info),
            ),
        ]

    def _preview_target(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_page(self, obj):
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]) + "#preview-links")

    def create_preview_link_view(self, request, object_id):
        obj = self._preview_target(request, object_id)
        languages = language_names()
        language = request.POST.get("preview_language")
        if language not in languages:
            language = settings.LANGUAGE_CODE
        link, token = create_preview_link(obj=obj, user=request.user, language=language)
        self.message_user(
            request,
            gettext(
                "Preview link (%(language)s): %(url)s — it works without an account until %(expires)s. Copy it "
                "now: it cannot be shown again."
            )
            % {
                "language": languages[language],
                "url": request.build_absolute_uri(preview_url(token, language)),
                "expires": formats.date_format(link.expires_at, "DATETIME_FORMAT"),
            },
            messages.SUCCESS,
        )
        return self._change_page(obj)

    def revoke_preview_link_view(self, request, object_id, link_id):
        obj = self._preview_target(request, object_id)
        link = links_for(obj).filter(pk=link_id).first()
        if link is None:
            raise Http404
        revoke_preview_link(link=link)
        self.message_user(request, gettext("The preview link was revoked."), messages.SUCCESS)
        return self._change_page(obj)

    def preview_link_context(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            return {}
        return {
            "preview_links": list(links_for(obj)),
            "preview_link_days": settings.PREVIEW_LINK_DAYS,
            "preview_languages": language_names().items(),
            "now_for_links": timezone.now(),
        }
