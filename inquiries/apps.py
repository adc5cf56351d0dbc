from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = _("Business inquiries")

    def ready(self):
        from inquiries import checks  # noqa: F401 - registers the deploy check
        from yport.staff_groups import sync_staff_groups_after_migrate

        # Once per migrate, after this app's signal: this app comes after cities and conferences in
        # INSTALLED_APPS, so the permissions of every app the groups cover exist by then.
        post_migrate.connect(sync_staff_groups_after_migrate, sender=self, dispatch_uid="yport.sync_staff_groups")
