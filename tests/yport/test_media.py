"""cleanup_media removes exactly the orphans under MEDIA_ROOT; regenerate_renditions makes the configured sizes and
removes the others."""

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from conferences.models import Speaker
from tests.factories import ConferenceFactory
from tests.uploads import media_report, pdf_upload, picture_upload

pytestmark = pytest.mark.django_db

HOUR_AGO = time.time() - 3600


def run(command, *args):
    """The command's output; of cleanup_media, its report on the media storage (the private storage's follows)."""
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return media_report(out.getvalue()) if command == "cleanup_media" else out.getvalue()


def files_on_disk(root):
    """Every file and link under ``root``, without following links."""
    found = []
    for directory, subdirectories, file_names in os.walk(root):
        for name in subdirectories + file_names:
            path = Path(directory, name)
            if path.is_symlink() or path.is_file():
                found.append(str(path.relative_to(root)))
    return sorted(found)


def put(name, content=b"x" * 1024, modified=HOUR_AGO):
    path = Path(settings.MEDIA_ROOT, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (modified, modified))
    return path


@pytest.fixture
def media(tmp_path):
    """A speaker photo and a conference report that rows refer to, orphans of each kind, a recent upload, and
    links pointing out of MEDIA_ROOT."""
    speaker = Speaker.objects.create(name_ja="登壇者", slug="kim", photo=picture_upload("kim.jpg"))
    ConferenceFactory(report_pdf=pdf_upload("report.pdf"))
    root = Path(settings.MEDIA_ROOT)
    for path in root.rglob("*"):
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    put("speakers/old.jpg")
    put("speakers/old.w160.webp", b"x" * 100)
    put("speakers/kim.w320.webp", b"x" * 200)
    put("conferences/reports/2019.pdf", b"x" * 2048)
    put("notes.txt", b"x" * 10)
    put("speakers/uploading.jpg", modified=time.time())
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("keep")
    (root / "speakers" / "link.jpg").symlink_to(outside / "secret.txt")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    return speaker, root, outside


REFERENCED = [
    "conferences/reports/report.pdf",
    "speakers/kim.jpg",
    "speakers/kim.w160.webp",
    "speakers/kim.w480.webp",
]
ORPHANS = [
    "conferences/reports/2019.pdf",
    "notes.txt",
    "speakers/kim.w320.webp",
    "speakers/old.jpg",
    "speakers/old.w160.webp",
]
LEFT_ALONE = ["linked", "speakers/link.jpg", "speakers/uploading.jpg"]


def test_cleanup_media_dry_run_lists_the_orphans_and_removes_nothing(media):
    _, root, _ = media
    before = files_on_disk(root)
    assert before == sorted(REFERENCED + ORPHANS + LEFT_ALONE)

    output = run("cleanup_media", "--dry-run")

    assert files_on_disk(root) == before
    lines = output.splitlines()
    assert lines[0].startswith("10 files (") and lines[0].endswith(f" under {root}.")
    assert lines[1:7] == [
        "Would remove 5 orphans (3.3 KB):",
        "  conferences/reports/2019.pdf  2.0 KB  (no row refers to it)",
        "  notes.txt  10 bytes  (no row refers to it)",
        "  speakers/kim.w320.webp  200 bytes  (rendition of a size no longer made)",
        "  speakers/old.jpg  1.0 KB  (no row refers to it)",
        "  speakers/old.w160.webp  100 bytes  (rendition of a picture no row refers to)",
    ]
    assert lines[7:] == [
        "Left 1 unreferenced files modified in the last 60 minutes.",
        "Left the symbolic link linked (never followed).",
        "Left the symbolic link speakers/link.jpg (never followed).",
        "Dry run: nothing was removed.",
    ]


def test_cleanup_media_removes_exactly_the_orphans(media):
    speaker, root, outside = media

    output = run("cleanup_media")

    assert files_on_disk(root) == sorted(REFERENCED + LEFT_ALONE)
    assert files_on_disk(outside) == ["secret.txt"]
    assert output.splitlines()[-1] == "Done: 5 orphans removed, 3.3 KB freed."
    assert run("cleanup_media", "--min-age-minutes", "0").splitlines()[-1] == "Done: 1 orphans removed, 1.0 KB freed."
    assert files_on_disk(root) == sorted(REFERENCED + ["linked", "speakers/link.jpg"])
    speaker.refresh_from_db()
    assert Path(speaker.photo.path).is_file()


def test_cleanup_media_works_through_a_media_root_that_is_a_link(settings, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    (tmp_path / "media-link").symlink_to(disk, target_is_directory=True)
    settings.MEDIA_ROOT = tmp_path / "media-link"
    speaker = Speaker.objects.create(name_ja="登壇者", slug="kim", photo=picture_upload("kim.jpg"))
    put("speakers/old.jpg")

    assert run("cleanup_media", "--min-age-minutes", "0").splitlines()[1:3] == [
        "Removing 1 orphans (1.0 KB):",
        "  speakers/old.jpg  1.0 KB  (no row refers to it)",
    ]
    assert files_on_disk(disk) == ["speakers/kim.jpg", "speakers/kim.w160.webp", "speakers/kim.w480.webp"]
    assert Path(speaker.photo.path).is_file()


def test_cleanup_media_without_media_root_reports_nothing_to_do(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "missing"
    assert run("cleanup_media").splitlines()[-1] == "Done: 0 orphans removed, 0 bytes freed."


def rendition_width(speaker, width):
    with Image.open(Path(settings.MEDIA_ROOT, f"speakers/{Path(speaker.photo.name).stem}.w{width}.webp")) as image:
        return image.width


def test_regenerate_renditions_makes_new_sizes_and_removes_old_ones(monkeypatch):
    speaker = Speaker.objects.create(name_ja="登壇者", slug="kim", photo=picture_upload("kim.jpg", size=(1000, 500)))
    lost = Speaker.objects.create(name_ja="失", slug="lost", photo=picture_upload("lost.png"))
    Path(lost.photo.path).unlink()
    root = Path(settings.MEDIA_ROOT)
    (root / "speakers/kim.w160.webp").unlink()
    # The field's sizes change from (160, 480) to (160, 640).
    monkeypatch.setattr(Speaker._meta.get_field("photo"), "widths", (160, 640))
    before = files_on_disk(root)

    output = run("regenerate_renditions", "--dry-run")

    assert files_on_disk(root) == before
    assert output.splitlines() == [
        "  conferences.speaker.photo speakers/kim.jpg: make 160, 640; remove kim.w480.webp",
        "  conferences.speaker.photo speakers/lost.png: the picture is missing, nothing made",
        "Would make 2 renditions and would remove 1 of sizes no longer configured, for 2 pictures "
        "(1 missing, 0 unreadable).",
        "Dry run: nothing was changed.",
    ]

    output = run("regenerate_renditions")

    assert files_on_disk(root) == [
        "speakers/kim.jpg",
        "speakers/kim.w160.webp",
        "speakers/kim.w640.webp",
        "speakers/lost.w160.webp",
        "speakers/lost.w480.webp",
    ]
    assert (rendition_width(speaker, 160), rendition_width(speaker, 640)) == (160, 640)
    assert output.splitlines()[-1] == (
        "Made 2 renditions and removed 1 of sizes no longer configured, for 2 pictures (1 missing, 0 unreadable)."
    )
    assert run("regenerate_renditions").splitlines() == [
        "  conferences.speaker.photo speakers/lost.png: the picture is missing, nothing made",
        "Made 0 renditions and removed 0 of sizes no longer configured, for 2 pictures (1 missing, 0 unreadable).",
    ]


def test_regenerate_renditions_all_remakes_existing_ones_and_never_removes_a_referenced_file():
    speaker = Speaker.objects.create(name_ja="登壇者", slug="kim", photo=picture_upload("kim.jpg"))
    rendition = Path(settings.MEDIA_ROOT, "speakers/kim.w160.webp")
    rendition.write_bytes(b"broken")
    # A file from before names were kept apart: named like a rendition of kim.jpg, but another speaker's photo.
    put("speakers/kim.w320.webp", picture_upload("legacy.webp").read())
    Speaker.objects.create(name_ja="別人", slug="other", photo="speakers/kim.w320.webp")
    put("speakers/broken.jpg", b"not a picture")
    Speaker.objects.create(name_ja="壊", slug="broken", photo="speakers/broken.jpg")

    output = run("regenerate_renditions", "--all")

    assert output.splitlines() == [
        "  conferences.speaker.photo speakers/kim.jpg: make 160, 480",
        "  conferences.speaker.photo speakers/kim.w320.webp: make 160, 480",
        "  conferences.speaker.photo speakers/broken.jpg: make 160, 480",
        "  conferences.speaker.photo speakers/broken.jpg: the picture cannot be read, nothing made or removed",
        "Made 4 renditions and removed 0 of sizes no longer configured, for 3 pictures (0 missing, 1 unreadable).",
    ]
    assert Path(settings.MEDIA_ROOT, "speakers/kim.w320.webp").is_file()
    with Image.open(rendition) as image:
        assert image.size == (160, 107)
    assert speaker.photo.rendition(160).endswith("speakers/kim.w160.webp")


def test_picture_named_like_a_rendition_is_stored_under_another_name():
    speaker = Speaker.objects.create(name_ja="登壇者", slug="kim", photo=picture_upload("kim.w320.webp"))
    assert speaker.photo.name.startswith("speakers/kim.w320_")
