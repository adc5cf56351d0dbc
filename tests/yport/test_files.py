import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inquiries.attachments import validate_attachments
from yport.files import PdfProblem, pdf_problem
from yport.images import validate_pdf_file

COMPLETE = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CUT_SHORT = COMPLETE[:-7]  # the upload stopped before the end marker
NO_VERSION = b"%PDF-\n" + COMPLETE[9:]
MARKER_TOO_EARLY = COMPLETE + b" " * 1024  # the end marker outside the last kilobyte
NOT_PDF = b"GIF89a" + COMPLETE[6:]


def upload(content):
    return SimpleUploadedFile("document.pdf", content, "application/pdf")


@pytest.mark.parametrize(
    ("content", "lax", "strict"),
    [
        (COMPLETE, None, None),
        (CUT_SHORT, None, PdfProblem.NOT_PDF),
        (NO_VERSION, None, PdfProblem.NOT_PDF),
        (MARKER_TOO_EARLY, None, PdfProblem.NOT_PDF),
        (NOT_PDF, PdfProblem.NOT_PDF, PdfProblem.NOT_PDF),
        (b"", PdfProblem.NOT_PDF, PdfProblem.NOT_PDF),
    ],
)
def test_pdf_problem_by_content_with_and_without_strictness(content, lax, strict):
    assert pdf_problem(upload(content), max_bytes=10_000, strict=False) is lax
    assert pdf_problem(upload(content), max_bytes=10_000, strict=True) is strict


@pytest.mark.parametrize("strict", [False, True])
def test_pdf_problem_size_limit_is_inclusive_and_checked_first(strict):
    assert pdf_problem(upload(COMPLETE), max_bytes=len(COMPLETE), strict=strict) is None
    assert pdf_problem(upload(COMPLETE), max_bytes=len(COMPLETE) - 1, strict=strict) is PdfProblem.TOO_LARGE
    assert pdf_problem(upload(NOT_PDF), max_bytes=len(NOT_PDF) - 1, strict=strict) is PdfProblem.TOO_LARGE


@pytest.mark.parametrize("strict", [False, True])
def test_pdf_problem_leaves_the_file_where_it_was(strict):
    file = upload(COMPLETE)
    file.seek(3)
    pdf_problem(file, max_bytes=10_000, strict=strict)
    assert file.tell() == 3
    assert file.read(2) == b"F-"



def test_each_caller_keeps_its_own_limits_and_strictness(settings):
    """A document of a conference or a city: header only, DOCUMENT_MAX_BYTES; an inquiry's attachment: header and end
    marker, INQUIRY_ATTACHMENT_MAX_BYTES."""
    settings.DOCUMENT_MAX_BYTES = settings.INQUIRY_ATTACHMENT_MAX_BYTES = len(COMPLETE)
    validate_pdf_file(upload(CUT_SHORT))
    with pytest.raises(ValidationError) as error:
        validate_attachments([upload(CUT_SHORT)])
    assert [e.code for e in error.value.error_list] == ["file_not_pdf", "choose_again"]

    settings.DOCUMENT_MAX_BYTES = settings.INQUIRY_ATTACHMENT_MAX_BYTES = len(COMPLETE) - 1
    with pytest.raises(ValidationError) as error:
        validate_pdf_file(upload(COMPLETE))
    assert error.value.code == "document_too_large"
    with pytest.raises(ValidationError) as error:
        validate_attachments([upload(COMPLETE)])
    assert [e.code for e in error.value.error_list] == ["file_too_large", "choose_again"]
