from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from yport.staff_group_names import PUBLISHERS


class EditorialConfig(AppConfig):
    """The editorial workflow: approval before publishing, previews, revision comparison, stale translations, slug
    history and the redirects of old addresses. It imports only the kernel; content takes part by what its models
    declare (``editorial.slug_history.SlugHistory``, ``editorial.redirects.StaffRedirect``, ``needing_approval()``)."""

    name = "editorial"
    verbose_name = _("Editorial workflow")
    # Publishers publish, unpublish and approve content (editorial/approvals.py: every model with an approval page).
    staff_group_permissions = {PUBLISHERS: ("publish_content",)}
