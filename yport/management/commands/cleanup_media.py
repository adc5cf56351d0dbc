from django.core.management.base import BaseCommand, CommandError

from yport.media import UnknownStorage, media_storages, remove_orphan, scan_media


def file_size(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024


class Command(BaseCommand):
    help = (
        "List and remove orphans in the media storage (MEDIA_ROOT, or the S3 bucket) and then in the private "
        "storage (inquiry attachments): files no row refers to, "
        "renditions of pictures no row refers to and renditions of sizes no longer made. Files rows refer to, files "
        "younger than --min-age-minutes and symbolic links are left alone; nothing outside the storage is touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the orphans.")
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="Leave files modified more recently than this (default %(default)s): an upload whose change is "
            "still being saved.",
        )

    def handle(self, *args, dry_run, min_age_minutes, **options):
        if min_age_minutes < 0:
            raise CommandError("--min-age-minutes must be 0 or more.")
        for storage in media_storages():
            try:
                scan = scan_media(storage, min_age_seconds=min_age_minutes * 60)
            except UnknownStorage as error:
                raise CommandError(f"{error} cleanup_media cannot list it.") from None
            self.clean(scan, dry_run=dry_run, min_age_minutes=min_age_minutes)

    def clean(self, scan, *, dry_run, min_age_minutes):
        total = sum(file.size for file in scan.files)
        orphaned = sum(file.size for file in scan.orphans)
        self.stdout.write(f"{len(scan.files)} files ({file_size(total)}) under {scan.root}.")
        verb = "Would remove" if dry_run else "Removing"
        self.stdout.write(f"{verb} {len(scan.orphans)} orphans ({file_size(orphaned)}):")
        removed, freed = 0, 0
        for orphan in sorted(scan.orphans, key=lambda file: file.name):
            self.stdout.write(f"  {orphan.name}  {file_size(orphan.size)}  ({scan.reason(orphan)})")
            if not dry_run and remove_orphan(scan, orphan):
                removed += 1
                freed += orphan.size
        if scan.too_recent:
            self.stdout.write(
                f"Left {len(scan.too_recent)} unreferenced files modified in the last {min_age_minutes} minutes."
            )
        for link in scan.symlinks:
            self.stdout.write(f"Left the symbolic link {link} (never followed).")
        if dry_run:
            self.stdout.write("Dry run: nothing was removed.")
        else:
            self.stdout.write(f"Done: {removed} orphans removed, {file_size(freed)} freed.")
