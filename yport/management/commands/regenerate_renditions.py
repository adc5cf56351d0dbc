import posixpath
from collections import defaultdict

from django.core.management.base import BaseCommand
from PIL import Image

from yport.images import RENDITION_FILE_NAME, RenditionImageField, write_renditions
from yport.media import file_key, media_file_fields, referenced_files, stored_names


class Command(BaseCommand):
    help = (
        "Make the renditions of the currently configured sizes (the widths of each picture field) for every stored "
        "picture, and remove its renditions of sizes no longer configured."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be made and removed.")
        parser.add_argument(
            "--all", action="store_true", dest="remake_all", help="Remake every rendition, not only the missing ones."
        )

    def handle(self, *args, dry_run, remake_all, **options):
        referenced = {}  # storage → keys of the files rows refer to: never removed, whatever their names
        pictures = made = removed = 0
        missing, unreadable = [], []
        for model, field in media_file_fields():
            if not isinstance(field, RenditionImageField):
                continue
            storage, widths = field.storage, field.widths
            if id(storage) not in referenced:
                referenced[id(storage)] = set(referenced_files(storage))
            renditions_in = {}  # folder → {stem: {width: rendition name}}, listed once per folder
            for name in stored_names(model, field):
                pictures += 1
                label = f"{model._meta.label_lower}.{field.name} {name}"
                if not storage.exists(name):
                    missing.append(label)
                    continue
                folder, file_name = posixpath.split(name)
                if folder not in renditions_in:
                    renditions_in[folder] = self.renditions(storage, folder)
                existing = renditions_in[folder].get(posixpath.splitext(file_name)[0], {})
                to_make = [width for width in widths if remake_all or width not in existing]
                stale = [
                    rendition
                    for width, rendition in sorted(existing.items())
                    if width not in widths and file_key(storage, rendition) not in referenced[id(storage)]
                ]
                if not to_make and not stale:
                    continue
                changes = [f"make {', '.join(map(str, to_make))}"] if to_make else []
                changes += [f"remove {posixpath.basename(rendition)}" for rendition in stale]
                self.stdout.write(f"  {label}: {'; '.join(changes)}")
                if not dry_run:
                    try:
                        write_renditions(storage, name, to_make)
                    except (OSError, Image.DecompressionBombError):  # UnidentifiedImageError is an OSError
                        unreadable.append(label)
                        continue
                    for rendition in stale:
                        storage.delete(rendition)
                made += len(to_make)
                removed += len(stale)
        for label in missing:
            self.stdout.write(f"  {label}: the picture is missing, nothing made")
        for label in unreadable:
            self.stdout.write(f"  {label}: the picture cannot be read, nothing made or removed")
        verb = "Would make" if dry_run else "Made"
        self.stdout.write(
            f"{verb} {made} renditions and {'would remove' if dry_run else 'removed'} {removed} of sizes no longer "
            f"configured, for {pictures} pictures ({len(missing)} missing, {len(unreadable)} unreadable)."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")

    @staticmethod
    def renditions(storage, folder):
        found = defaultdict(dict)
        try:
            _, files = storage.listdir(folder)
        except FileNotFoundError:
            return found
        for file_name in files:
            match = RENDITION_FILE_NAME.fullmatch(file_name)
            if match:
                found[match["stem"]][int(match["width"])] = posixpath.join(folder, file_name)
        return found
