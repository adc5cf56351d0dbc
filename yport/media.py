"""Uploaded files in the media storage (MEDIA_ROOT on this machine's disk, or the S3 bucket) and the private storage
(yport.storage): which files rows refer to, which are orphans, and restores that never point at a file deleted since.

django-cleanup deletes a replaced, cleared or deleted upload once the change commits (``yport.images`` deletes a
picture's renditions with it). What it cannot see (a change rolled back after the new upload was written, a deletion
that failed because the storage was down, files from before it was installed, renditions of a size no longer made)
is an orphan for ``cleanup_media``.
"""

import logging
import os
import stat
import time
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.db.models.signals import pre_save
from django_cleanup.signals import cleanup_pre_delete
from storages.backends.s3 import S3Storage

from yport.images import RENDITION_FILE_NAME, RenditionImageField, rendition_name
from yport.storage import STORAGE_ERRORS

logger = logging.getLogger(__name__)


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def media_file_fields():
    """``(model, field)`` for every file field of every model."""
    for model in apps.get_models():
        for field in file_fields(model):
            yield model, field


def media_storages():
    """The storages the file fields use, each once: the default storage first, then the private one (inquiry
    attachments)."""
    storages = {}
    for _model, field in media_file_fields():
        storages.setdefault(id(field.storage), field.storage)
    return sorted(storages.values(), key=lambda storage: storage is not default_storage)


def stored_names(model, field):
    """The file names that rows of ``model`` hold in ``field``, and those of the changes awaiting approval (a
    proposed picture is stored before a publisher approves it, editorial.approvals)."""
    rows = model._base_manager.exclude(**{field.attname: ""}).exclude(**{f"{field.attname}__isnull": True})
    yield from rows.order_by("pk").values_list(field.attname, flat=True).iterator()
    yield from proposed_names(model, field)


def proposed_names(model, field):
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    # The revisions that an approval request (editorial.models.ApprovalRequest, related name "approval_requests")
    # awaits; named by the relation, so that the kernel imports no app.
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        revision__approval_requests__status="awaiting",
    ).distinct()
    for version in versions.iterator():
        name = version.field_dict.get(field.attname)
        if name:
            yield str(name)


def is_on_disk(storage):
    return isinstance(storage, FileSystemStorage)


def file_key(storage, name):
    """What identifies the stored file ``name`` in a listing of ``storage``: on the disk its absolute path, with
    symbolic links resolved as the walk in ``scan_media`` sees it; in a bucket its name. None for a name pointing
    out of the storage, which refers to nothing in it."""
    if not is_on_disk(storage):
        return name
    try:
        return os.path.realpath(storage.path(name))
    except SuspiciousFileOperation:
        return None


@dataclass(frozen=True)
class Reference:
    """A file a row refers to, or one of the renditions that the row's picture should have."""

    field: models.FileField
    name: str
    rendition_of: str = ""


def referenced_files(storage):
    """``{file key: Reference}`` of every file in ``storage`` a row refers to and every rendition of the currently
    configured sizes of those pictures."""
    references = {}
    for model, field in media_file_fields():
        if field.storage is not storage:
            continue
        for name in stored_names(model, field):
            references[file_key(storage, name)] = Reference(field, name)
            for width in getattr(field, "widths", ()):
                rendition = rendition_name(name, width)
                references.setdefault(file_key(storage, rendition), Reference(field, rendition, rendition_of=name))
    references.pop(None, None)
    return references


@dataclass(frozen=True)
class MediaFile:
    key: str
    name: str
    size: int
    modified: float


@dataclass
class MediaScan:
    storage: object
    root: str
    files: list
    orphans: list
    too_recent: list
    symlinks: list
    picture_stems: set

    def reason(self, orphan):
        """Why ``orphan`` is one, in a few words."""
        path = PurePosixPath(orphan.name)
        rendition = RENDITION_FILE_NAME.fullmatch(path.name)
        if rendition is None:
            return "no row refers to it"
        if str(path.with_name(rendition["stem"])) in self.picture_stems:
            return "rendition of a size no longer made"
        return "rendition of a picture no row refers to"


class UnknownStorage(Exception):
    """The media storage is neither the local disk nor an S3 bucket: ``cleanup_media`` cannot list it."""


def scan_media(storage, *, min_age_seconds):
    """Every file in ``storage``, and which of them are orphans: neither a file a row refers to nor a configured
    rendition of one, and last modified at least ``min_age_seconds`` ago (an upload whose row is not yet committed is
    never taken for an orphan). On the disk, symbolic links are listed apart and never followed."""
    if is_on_disk(storage):
        root = os.path.realpath(storage.location)  # MEDIA_ROOT itself may be a link to the disk that holds it
        files, symlinks = _walk_disk(root)
    elif isinstance(storage, S3Storage):
        root = f"s3://{storage.bucket_name}/{storage.location}"
        files, symlinks = _list_bucket(storage), []
    else:
        raise UnknownStorage(f"{type(storage).__name__} is neither the local disk nor an S3 bucket.")
    # Read after the listing, so that a row committed meanwhile still protects its file.
    references = referenced_files(storage)
    cutoff = time.time() - min_age_seconds
    unreferenced = [file for file in files if file.key not in references]
    return MediaScan(
        storage=storage,
        root=root,
        files=files,
        orphans=[file for file in unreferenced if file.modified <= cutoff],
        too_recent=[file for file in unreferenced if file.modified > cutoff],
        symlinks=sorted(symlinks),
        picture_stems={
            str(PurePosixPath(reference.name).with_suffix(""))
            for reference in references.values()
            if isinstance(reference.field, RenditionImageField) and not reference.rendition_of
        },
    )


def _walk_disk(root):
    files, symlinks = [], []
    if os.path.isdir(root):
        for directory, subdirectories, file_names in os.walk(root):  # os.walk does not descend into linked folders
            for entry in subdirectories + file_names:
                path = os.path.join(directory, entry)
                status = os.lstat(path)
                if stat.S_ISLNK(status.st_mode):
                    symlinks.append(_relative_name(root, path))
                elif stat.S_ISREG(status.st_mode):
                    files.append(MediaFile(path, _relative_name(root, path), status.st_size, status.st_mtime))
    return files, symlinks


def _list_bucket(storage):
    """Every object under the storage's location, with its size and date from the listing itself (one request per
    thousand objects, none per object)."""
    prefix = f"{storage.location.strip('/')}/" if storage.location.strip("/") else ""
    files = []
    for item in storage.bucket.objects.filter(Prefix=prefix):
        if item.key.endswith("/"):  # a "folder" placeholder some tools create
            continue
        name = item.key[len(prefix) :]
        files.append(MediaFile(name, name, item.size, item.last_modified.timestamp()))
    return files


def _relative_name(root, path):
    return str(PurePosixPath(*os.path.relpath(path, root).split(os.sep)))


def remove_orphan(scan, orphan):
    """Delete ``orphan`` if it is still there (on the disk: a regular file inside the root); returns whether it
    was deleted."""
    if not is_on_disk(scan.storage):
        if not scan.storage.exists(orphan.name):
            return False
        scan.storage.delete(orphan.name)
        return True
    if os.path.commonpath([scan.root, orphan.key]) != scan.root:
        return False
    try:
        if not stat.S_ISREG(os.lstat(orphan.key).st_mode):
            return False
        os.unlink(orphan.key)
    except FileNotFoundError:
        return False
    return True


def keep_existing_files_on_restore(sender, instance, raw, using, **kwargs):
    """On a raw save (django-reversion restoring a version or a deleted row; loaddata), a file field naming a file
    that no longer exists takes the row's current file instead, or none: django-cleanup deleted the old picture or
    PDF when it was replaced, and a restored page must not point at a missing file."""
    if not raw:
        return
    current = None
    for field in file_fields(sender):
        name = getattr(instance, field.attname).name
        if not name or _is_stored(field.storage, name):
            continue
        if current is None:
            rows = sender._base_manager.using(using).filter(pk=instance.pk)
            current = rows.values(*(field.attname for field in file_fields(sender))).first() or {}
        now = current.get(field.attname) or ""
        setattr(instance, field.attname, now if now and _is_stored(field.storage, now) else "")


def _is_stored(storage, name):
    """Whether ``name`` is in ``storage``. A storage that does not answer is taken at its name: the restore goes on
    with the version's file (shown missing if it was deleted since) instead of failing."""
    try:
        return storage.exists(name)
    except STORAGE_ERRORS:
        logger.warning("The file storage did not answer whether %s exists; the restore keeps it.", name)
        return True


def keep_files_still_named(sender, file, file_name, field_name, **kwargs):
    """django-cleanup's last step before it deletes a replaced or cleared file, once the change committed: a file
    that a stored row names again is kept (a change proposed for approval is saved and the approved row put back in
    the same transaction, editorial.approvals; the approved picture must stay)."""
    if file_name and sender._base_manager.filter(**{field_name: file_name}).exists():
        file.name = ""  # FieldFile.delete deletes nothing without a name


def connect_restore_guard():
    cleanup_pre_delete.connect(keep_files_still_named, dispatch_uid="keep_files_still_named")
    for model in apps.get_models():
        if file_fields(model):
            pre_save.connect(
                keep_existing_files_on_restore, sender=model, dispatch_uid=f"keep_existing_files_{model._meta.label}"
            )
