"""Uploaded pictures: validation, and the smaller renditions that pages show instead of the original.

``RenditionImageField`` is an ``ImageField`` that
- accepts JPEG, PNG and WebP only, up to ``settings.IMAGE_MAX_BYTES`` and ``settings.IMAGE_MAX_PIXELS``;
- stores the original turned upright (EXIF orientation applied) and re-encoded without any metadata (no GPS);
- writes one WebP rendition per width in ``widths`` beside it, reachable as ``instance.photo.rendition(320)``.

The widths given to each field are the one definition of its sizes: ``regenerate_renditions`` makes what they
ask for, ``cleanup_media`` keeps nothing else. A rendition is named after its original's stem
(``speakers/kim.jpg`` → ``speakers/kim.w160.webp``), so an original is stored under a stem no other file in its
folder uses: two pictures never share, overwrite or delete each other's renditions. Deleting the original deletes
its renditions (django-cleanup calls ``delete`` once a replacing, clearing or deleting change commits).
"""

import io
import posixpath
import re
import warnings
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from yport.files import PdfProblem, pdf_problem

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def _stored(file):
    """Whether ``file`` is one already in the storage, checked when it was uploaded. Each save of its row validates
    it again: reading it would leave the file open, and fail on a picture missing from the disk."""
    return isinstance(file, FieldFile) and file._committed


def validate_image_file(file):
    """Reject anything but a JPEG, PNG or WebP picture within the size and pixel limits."""
    if _stored(file):
        return
    if file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The picture is %(size)s; the largest accepted is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.IMAGE_MAX_BYTES)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The picture has too many pixels; the most accepted is %(limit)s megapixels."),
            code="image_too_many_pixels",
            params={"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
        ) from None
    except Exception:
        raise ValidationError(
            _("The file is not a picture we can read. Please upload a JPEG, PNG or WebP file."),
            code="image_unreadable",
        ) from None
    finally:
        file.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Pictures must be JPEG, PNG or WebP, not %(format)s."),
            code="image_wrong_type",
            params={"format": image_format},
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The picture is %(width)s × %(height)s pixels; the most accepted is %(limit)s megapixels."),
            code="image_too_many_pixels",
            params={"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
        )


def _open_upright(file):
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
        upright = ImageOps.exif_transpose(image)
        upright.load()
    return upright, image_format


def _encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=85)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


RENDITION_FILE_NAME = re.compile(r"(?P<stem>.+)\.w(?P<width>[1-9][0-9]*)\.webp")


def rendition_name(name, width):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{width}.webp"))


def _stem_taken(storage, name):
    """Whether another file in ``name``'s folder has its stem, as an original or as a rendition."""
    directory, file_name = posixpath.split(name)
    stem = PurePosixPath(file_name).stem
    try:
        _, files = storage.listdir(directory)
    except FileNotFoundError:
        return False
    for existing in files:
        rendition = RENDITION_FILE_NAME.fullmatch(existing)
        if PurePosixPath(existing).stem == stem or (rendition and rendition["stem"] == stem):
            return True
    return False


def available_picture_name(storage, name, max_length=None):
    """A free name for a new original whose stem no file in its folder uses (``kim.jpg`` when ``kim.png`` and its
    renditions are there becomes ``kim_a1B2c3D.jpg``) and which is not named like a rendition."""
    directory, file_name = posixpath.split(name)
    root, extension = posixpath.splitext(file_name)
    candidate = storage.get_available_name(name, max_length=max_length)
    while RENDITION_FILE_NAME.fullmatch(posixpath.basename(candidate)) or _stem_taken(storage, candidate):
        alternative = posixpath.join(directory, storage.get_alternative_name(root, extension))
        candidate = storage.get_available_name(alternative, max_length=max_length)
    return candidate


def write_renditions(storage, name, widths, upright=None):
    """Write the WebP rendition of the stored picture ``name`` at each of ``widths``, replacing any already there.
    ``upright`` is the picture when the caller has it open, otherwise it is read from the storage."""
    if upright is None:
        with storage.open(name) as original:
            upright, _ = _open_upright(original)
    for width in widths:
        small = upright.copy()
        small.thumbnail((width, width * 4))
        target = rendition_name(name, width)
        storage.delete(target)
        storage.save(target, ContentFile(_encode(small, "WEBP")))


class RenditionImageFieldFile(ImageFieldFile):
    def rendition(self, width):
        """URL of the rendition at most ``width`` pixels wide; the original's for a width the field does not make."""
        name = rendition_name(self.name, width)
        if width in self.field.widths:
            return self.storage.url(name)
        return self.url

    def save(self, name, content, save=True):
        # FieldFile.save, with a name whose stem is free and the renditions written before the row is saved.
        upright, image_format = _open_upright(content)
        name = available_picture_name(
            self.storage, self.field.generate_filename(self.instance, name), self.field.max_length
        )
        encoded = ContentFile(_encode(upright, image_format))
        self.name = self.storage.save(name, encoded, max_length=self.field.max_length)
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        write_renditions(self.storage, self.name, self.field.widths, upright)
        if save:
            self.instance.save()

    save.alters_data = True

    def delete(self, save=True):
        if self.name:
            for width in self.field.widths:
                self.storage.delete(rendition_name(self.name, width))
        super().delete(save=save)

    delete.alters_data = True


class UploadedImageFormField(forms.ImageField):
    """Checks an upload against our rules before Django's own image check, which would answer a decompression
    bomb with a vague "not a valid image"."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "seek"):
            validate_image_file(data)
        return super().to_python(data)


class RenditionImageField(models.ImageField):
    attr_class = RenditionImageFieldFile

    def __init__(self, *args, widths=(320, 800), **kwargs):
        self.widths = tuple(widths)
        kwargs.setdefault("validators", [validate_image_file])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadedImageFormField, **kwargs})

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["widths"] = self.widths
        if kwargs.get("validators") == [validate_image_file]:
            del kwargs["validators"]
        return name, path, args, kwargs


def validate_pdf_file(file):
    """Accept a PDF document within ``settings.DOCUMENT_MAX_BYTES`` (by its header: ``yport.files.pdf_problem``, not
    strict)."""
    if _stored(file):
        return
    problem = pdf_problem(file, max_bytes=settings.DOCUMENT_MAX_BYTES, strict=False)
    if problem is PdfProblem.TOO_LARGE:
        raise ValidationError(
            _("The document is %(size)s; the largest accepted is %(limit)s."),
            code="document_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
        )
    if problem is PdfProblem.NOT_PDF:
        raise ValidationError(_("The document must be a PDF file."), code="document_not_pdf")
