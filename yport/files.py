"""Checks of an uploaded file by its content, whatever its name or declared type says; each caller passes its own
limits."""

import enum
import re

PDF_START = b"%PDF-"
PDF_VERSION_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# A PDF ends with this marker, within its last kilobyte (as readers look for it); a file cut short in the upload or
# something else that merely starts like a PDF lacks it.
PDF_END_MARKER = b"%%EOF"
PDF_TAIL_BYTES = 1024


class PdfProblem(enum.Enum):
    TOO_LARGE = "too_large"
    NOT_PDF = "not_pdf"


def pdf_problem(file, *, max_bytes: int, strict: bool) -> PdfProblem | None:
    """What is wrong with ``file`` as a PDF document of at most ``max_bytes``, or None. Not strict: its content
    starts with ``%PDF-``. Strict: its header names a version (``%PDF-1.x``/``2.x``) and its end marker is in its
    last kilobyte. The file's position is left as it was."""
    if file.size > max_bytes:
        return PdfProblem.TOO_LARGE
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
        if not strict:
            return None if head.startswith(PDF_START) else PdfProblem.NOT_PDF
        file.seek(max(file.size - PDF_TAIL_BYTES, 0))
        tail = file.read(PDF_TAIL_BYTES)
    finally:
        file.seek(position)
    return None if PDF_VERSION_HEADER.match(head) and PDF_END_MARKER in tail else PdfProblem.NOT_PDF
