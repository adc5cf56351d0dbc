"""The PDF files a company may attach to its inquiry: what is accepted, the names they are shown under, and reading
them from the request without holding more than the form accepts."""

import hashlib
import re
import unicodedata
from io import BytesIO
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from yport.files import PdfProblem, pdf_problem

FIELD_NAME = "attachments"
NAME_MAX_LENGTH = 80  # characters of the stem; the stored original_name holds 100
# What a shown file name keeps: letters and digits of any script, "_", "-" and spaces. Dots, slashes, quotes, control
# and direction characters become "_", so a name can neither climb folders nor pass for an address in an email.
UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w\- ]+")

RECHOOSE_FILES = _("Please choose the files again: for your security, files are not kept when the form is shown again.")


def safe_file_name(name: str) -> str:
    """The name a company's file is listed and downloaded under: its last path part, normalised (NFKC), with only
    letters, digits, "_", "-" and spaces, at most 80 characters before the ".pdf" it always ends in."""
    name = unicodedata.normalize("NFKC", str(name or "")).replace("\x00", "")
    name = re.split(r"[\\/]", name)[-1]
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    stem = " ".join(UNSAFE_NAME_CHARACTERS.sub("_", stem).split()).strip(" _-")
    return f"{stem[:NAME_MAX_LENGTH].rstrip(' _-') or 'document'}.pdf"


def content_disposition(name: str) -> str:
    """``attachment`` with the name in ASCII for old clients and in full (RFC 6266/5987) for the others."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def validate_attachments(files) -> None:
    """Raise one ValidationError listing every problem: too many files, and each file too large or not a PDF. The
    list ends with the request to choose the files again (a browser never refills a file field)."""
    max_files, max_bytes = settings.INQUIRY_ATTACHMENT_MAX_FILES, settings.INQUIRY_ATTACHMENT_MAX_BYTES
    errors = []
    if len(files) > max_files:
        errors.append(
            ValidationError(
                _("You chose %(count)d files; at most %(max)d can be sent."),
                code="too_many_files",
                params={"count": len(files), "max": max_files},
            )
        )
    else:
        for file in files:
            params = {"name": safe_file_name(file.name), "limit": filesizeformat(max_bytes)}
            # Strict: a file cut short in the upload is refused too (the header and the end marker).
            problem = pdf_problem(file, max_bytes=max_bytes, strict=True)
            if problem is PdfProblem.TOO_LARGE:
                params["size"] = filesizeformat(file.size)
                errors.append(
                    ValidationError(
                        _("“%(name)s” is %(size)s; each file may be at most %(limit)s."),
                        code="file_too_large",
                        params=params,
                    )
                )
            elif problem is PdfProblem.NOT_PDF:
                errors.append(
                    ValidationError(
                        _("“%(name)s” is not a PDF file. Only PDF files can be attached."),
                        code="file_not_pdf",
                        params=params,
                    )
                )
    if errors:
        raise ValidationError([*errors, ValidationError(RECHOOSE_FILES, code="choose_again")])


def sha256_of(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


class DroppedUpload(UploadedFile):
    """A file whose content was not kept (too large, one too many, or a field the form does not have): its name and
    the size it had, so that the form can say what was wrong with it."""

    def __init__(self, name, size, content_type, charset):
        super().__init__(BytesIO(b""), name, content_type, size, charset)


class AttachmentUploadHandler(FileUploadHandler):
    """The inquiry form's only upload handler: writes the files of the attachments field to temporary files while
    they are within what the form accepts. The rest of a file larger than INQUIRY_ATTACHMENT_MAX_BYTES, every file
    after the first INQUIRY_ATTACHMENT_MAX_FILES + 1 and every file of another field are read and dropped, and
    arrive as a DroppedUpload. So a visitor who chose too large or too many files gets the form back with a message
    per file, and the server holds at most about (max files + 1) × max bytes for a request."""

    def __init__(self, request=None):
        super().__init__(request)
        self.files_seen = 0
        self.received = 0
        self.file = None

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.files_seen += 1
        self.received = 0
        self.file = None
        if field_name == FIELD_NAME and self.files_seen <= settings.INQUIRY_ATTACHMENT_MAX_FILES + 1:
            self.file = TemporaryUploadedFile(file_name, content_type, 0, charset, content_type_extra)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.file is not None and self.received > settings.INQUIRY_ATTACHMENT_MAX_BYTES:
            self.file.close()  # deletes the temporary file
            self.file = None
        if self.file is not None:
            self.file.write(raw_data)

    def file_complete(self, file_size):
        if self.file is None:
            return DroppedUpload(self.file_name, self.received, self.content_type, self.charset)
        self.file.seek(0)
        self.file.size = file_size
        return self.file
