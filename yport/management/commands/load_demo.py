from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo content (the facts in shared/seeds/FACTS.md). Each app contributes a demo.load() function, "
        "run in INSTALLED_APPS order; running the command again changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).load(stdout=self.stdout)
                self.stdout.write(f"{app_config.label}: demo content loaded")
