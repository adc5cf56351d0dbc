"""Uploaded files in MEDIA_ROOT: which files rows refer to, which are orphans, and restores that never point at a
file deleted since.

django-cleanup deletes a replaced, cleared or deleted upload once the change commits (``yport.images`` deletes a
picture's renditions with it). What it cannot see (a change rolled back after the new upload was written, files
from before it was installed, renditions of a size no longer made) is an orphan for ``cleanup_media``.
"""

import os
import stat
import time
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.signals import pre_save

from yport.images import RENDITION_FILE_NAME, RenditionImageField, rendition_name


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def media_file_fields():
    """``(model, field)`` for every file field of every model whose files are stored on this machine's disk."""
    for model in apps.get_models():
        for field in file_fields(model):
            if isinstance(field.storage, FileSystemStorage):
                yield model, field


def stored_names(model, field):
    """The file names that rows of ``model`` hold in ``field``."""
    rows = model._base_manager.exclude(**{field.attname: ""}).exclude(**{f"{field.attname}__isnull": True})
    return rows.order_by("pk").values_list(field.attname, flat=True).iterator()


def real_path(storage, name):
    """The absolute path of the stored file ``name``, with symbolic links resolved as the walk in ``scan_media``
    sees it."""
    try:
        return os.path.realpath(storage.path(name))
    except SuspiciousFileOperation:  # a name pointing out of the storage refers to nothing in it
        return None


@dataclass(frozen=True)
class Reference:
    """A file a row refers to, or one of the renditions that the row's picture should have."""

    field: models.FileField
    name: str
    rendition_of: str = ""


def referenced_files():
    """``{absolute path: Reference}`` of every file a row refers to and every rendition of the currently configured
    sizes of those pictures."""
    references = {}
    for model, field in media_file_fields():
        for name in stored_names(model, field):
            references[real_path(field.storage, name)] = Reference(field, name)
            for width in getattr(field, "widths", ()):
                rendition = rendition_name(name, width)
                references.setdefault(
                    real_path(field.storage, rendition), Reference(field, rendition, rendition_of=name)
                )
    references.pop(None, None)
    return references


@dataclass(frozen=True)
class MediaFile:
    path: str
    name: str
    size: int
    modified: float


@dataclass
class MediaScan:
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


def scan_media(*, min_age_seconds):
    """Every regular file under MEDIA_ROOT, and which of them are orphans: neither a file a row refers to nor a
    configured rendition of one, and last modified at least ``min_age_seconds`` ago (an upload whose row is not yet
    committed is never taken for an orphan). Symbolic links are listed apart and never followed."""
    root = os.path.realpath(settings.MEDIA_ROOT)  # MEDIA_ROOT itself may be a link to the disk that holds it
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
    # Read after the walk, so that a row committed during the walk still protects its file.
    references = referenced_files()
    cutoff = time.time() - min_age_seconds
    unreferenced = [file for file in files if file.path not in references]
    return MediaScan(
        root=root,
        files=files,
        orphans=[file for file in unreferenced if file.modified <= cutoff],
        too_recent=[file for file in unreferenced if file.modified > cutoff],
        symlinks=sorted(symlinks),
        picture_stems={
            str(PurePosixPath(_relative_name(root, path)).with_suffix(""))
            for path, reference in references.items()
            if isinstance(reference.field, RenditionImageField) and not reference.rendition_of
        },
    )


def _relative_name(root, path):
    return str(PurePosixPath(*os.path.relpath(path, root).split(os.sep)))


def remove_orphan(root, orphan):
    """Delete ``orphan`` if it is still a regular file inside ``root``; returns whether it was deleted."""
    if os.path.commonpath([root, orphan.path]) != root:
        return False
    try:
        if not stat.S_ISREG(os.lstat(orphan.path).st_mode):
            return False
        os.unlink(orphan.path)
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
        if not name or field.storage.exists(name):
            continue
        if current is None:
            rows = sender._base_manager.using(using).filter(pk=instance.pk)
            current = rows.values(*(field.attname for field in file_fields(sender))).first() or {}
        now = current.get(field.attname) or ""
        setattr(instance, field.attname, now if now and field.storage.exists(now) else "")


def connect_restore_guard():
    for model in apps.get_models():
        if file_fields(model):
            pre_save.connect(
                keep_existing_files_on_restore, sender=model, dispatch_uid=f"keep_existing_files_{model._meta.label}"
            )
