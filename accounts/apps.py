from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_staff_groups_after_migrate(sender, using, apps=global_apps, **kwargs):
    """Sync the staff groups once per migrate (and per flush), at the signal of the last app with models.

    post_migrate is sent once for each app that has a models module, in INSTALLED_APPS order, and
    django.contrib.auth creates the sender's permissions in its own receiver, connected before this one (auth is
    earlier in INSTALLED_APPS). So at the last app's signal the permissions of every app exist, whichever apps
    are added later."""
    from accounts.staff_groups import sync_staff_groups

    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        sync_staff_groups(apps=apps, using=using)


class AccountsConfig(AppConfig):
    """Staff sign-in: two-factor, the lockout, the authenticator-device admin and the staff groups."""

    name = "accounts"
    verbose_name = _("Staff sign-in")

    def ready(self):
        # Connected for every sender; the receiver acts only at the signal of the last app with models.
        post_migrate.connect(sync_staff_groups_after_migrate, dispatch_uid="accounts.sync_staff_groups")
