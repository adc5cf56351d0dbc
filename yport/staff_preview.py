"""What signed-in staff see beyond the public on the public pages: drafts (and items outside their publish window),
with a notice saying visitors cannot see them."""

from django.conf import settings

from yport.publishing import is_published_now


def is_signed_in_staff(user):
    """Active staff whose sign-in is complete: with ADMIN_2FA on, that includes the second factor. Everything staff
    may see beyond the public (the admin, draft previews) asks this, not ``user.is_staff`` alone."""
    if not (user.is_active and user.is_staff):
        return False
    if not settings.ADMIN_2FA:
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(is_verified and is_verified())


class StaffPreviewMixin:
    """For a public detail view: staff see every row of the model (a draft with the notice of
    ``includes/draft_notice.html``); everyone else sees the published ones and gets a 404 for the others. Before
    the page cache's FragmentDetailMixin in the bases: the page's cached part varies on whether staff see it
    (``staff_preview``)."""

    def is_preview(self):
        if not hasattr(self, "_is_preview"):  # asked several times per request; the user is loaded once
            self._is_preview = is_signed_in_staff(self.request.user)
        return self._is_preview

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.is_preview() else queryset.published()

    def fragment_vary_on(self, obj):
        return (self.is_preview(),)

    def object_is_published_now(self):
        """Whether visitors see the page's object; what lacks a publication state of its own overrides it."""
        return is_published_now(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_preview"] = self.is_preview()  # staff may see more of the page than the public
        context["draft_preview"] = context["staff_preview"] and not self.object_is_published_now()
        return context
