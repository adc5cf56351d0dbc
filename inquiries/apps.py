from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = _("Business inquiries")

    def ready(self):
        from yport.staff_groups import sync_staff_groups_after_migrate

        post_migrate.connect(sync_staff_groups_after_migrate, dispatch_uid="yport.sync_staff_groups")
