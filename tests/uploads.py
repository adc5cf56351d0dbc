"""Real uploads for tests, and what is on disk under the test's MEDIA_ROOT."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def picture_upload(name="photo.jpg", size=(600, 400), colour="white"):
    buffer = io.BytesIO()
    image_format = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[name.rsplit(".", 1)[1]]
    Image.new("RGB", size, colour).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), f"image/{image_format.lower()}")


def pdf_upload(name="report.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")


def media_files():
    """The files under MEDIA_ROOT, as sorted names relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def media_report(output):
    """cleanup_media's report on the media storage, without its report on the private storage that follows."""
    private_root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    lines = output.splitlines(keepends=True)
    end = next((i for i, line in enumerate(lines) if line.rstrip().endswith(f" under {private_root}.")), len(lines))
    return "".join(lines[:end])
