from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from yport.search_text import Searchable

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Recompute the site search's search_text of every searchable row (after a change to the normaliser or to a "
        "model's search_fields, or after rows were changed by QuerySet.update() or raw SQL, which do not call save)."
    )

    def handle(self, *args, **options):
        for model in apps.get_models():
            if not issubclass(model, Searchable):
                continue
            changed = []
            with transaction.atomic():
                for row in model._default_manager.order_by("pk").iterator(chunk_size=BATCH_SIZE):
                    text = row.build_search_text()
                    if text != row.search_text:
                        row.search_text = text
                        changed.append(row)
                model._default_manager.bulk_update(changed, ["search_text"], batch_size=BATCH_SIZE)
            self.stdout.write(f"{model._meta.label}: {len(changed)} rows updated")
