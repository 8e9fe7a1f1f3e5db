"""Hostile exhibit files: paths, PDFs and images, each with a clear answer."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from conftest import assert_refused, run_packet
from helpers import CaseFolder, image_bytes, pdf_bytes


def check_codes(case_folder: CaseFolder, *extra: str) -> tuple[int, str]:
    outcome = run_packet("check", case_folder.write(), *extra)
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome.exit_code, outcome.stdout


def built(case_folder: CaseFolder, *extra: str) -> PdfReader:
    outcome = run_packet("build", case_folder.write(), *extra)
    assert outcome.exit_code == 0, outcome.stderr
    return PdfReader(outcome.stdout.strip().splitlines()[-1])


# --- paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink"])
def test_paths_outside_the_case_folder(case_folder: CaseFolder, guard, kind: str) -> None:
    outside = case_folder.root.parent / "elsewhere.pdf"
    outside.write_bytes(pdf_bytes(1, text="elsewhere"))
    if kind == "absolute":
        written = str(outside)
    elif kind == "dotdot":
        written = "../elsewhere.pdf"
    else:
        (case_folder.root / "exhibits").mkdir(exist_ok=True)
        (case_folder.root / "exhibits" / "link.pdf").symlink_to(outside)
        written = "exhibits/link.pdf"
    case_folder.add_exhibit("outside", written)
    guard()
    code, out = check_codes(case_folder)
    assert code == 1 and "path-outside-case" in out and written in out
    assert_refused(run_packet("build", case_folder.case_file), 1, "nothing was built")
    assert not (case_folder.root / "build").exists()
    allowed = built(case_folder, "--allow-outside")
    assert any(
        "elsewhere page 1" in page.extract_text().replace("\xa0", " ") for page in allowed.pages
    )


def test_folder_where_a_file_is_expected(case_folder: CaseFolder, guard) -> None:
    (case_folder.root / "exhibits" / "scans").mkdir(parents=True)
    case_folder.add_exhibit("scans", "exhibits/scans")
    guard()
    code, out = check_codes(case_folder)
    assert code == 1 and "file-is-folder" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without read permission")
def test_file_without_read_permission(case_folder: CaseFolder) -> None:
    path = case_folder.write_file("exhibits/locked.pdf", pdf_bytes(1))
    path.chmod(0)
    case_folder.add_exhibit("locked", "exhibits/locked.pdf")
    code, out = check_codes(case_folder)
    assert code == 1 and "file-unreadable" in out


# --- PDFs ------------------------------------------------------------------------------------


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(2, text="locked"))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def broken_xref(pages: int) -> bytes:
    """A PDF whose cross-reference table lists no object: readers must rebuild it by scanning."""
    data = pdf_bytes(pages, text="repairable")
    start, trailer = data.rfind(b"xref"), data.rfind(b"trailer")
    broken = data[:start] + b"xref\n0 1\n0000000000 65535 f \n" + data[trailer:]
    return re.sub(rb"startxref\n\d+", b"startxref\n%d" % start, broken)


def flate_bomb() -> bytes:
    """A one-page PDF whose content stream inflates to 200 MB of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(compressor.compress(chunk) for _ in range(200)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("zero-bytes.pdf", lambda: b"", "file-empty"),
        ("half.pdf", lambda: pdf_bytes(7)[: len(pdf_bytes(7)) // 2], "file-corrupt"),
        (
            "page.html.pdf",
            lambda: b"<!doctype html><html><body>Sign in</body></html>",
            "file-unsupported",
        ),
        ("locked.pdf", lambda: encrypted("secret"), "file-encrypted"),
    ],
)
def test_unusable_pdfs(case_folder: CaseFolder, guard, name: str, data, code: str) -> None:
    case_folder.add_exhibit("bad", f"exhibits/{name}", data())
    guard()
    exit_code, out = check_codes(case_folder)
    assert exit_code == 1 and code in out and f"exhibits/{name}" in out
    assert "Missing or unusable exhibits (1)" in out
    assert_refused(run_packet("build", case_folder.case_file), 1, "nothing was built")
    assert not (case_folder.root / "build").exists()


def test_encrypted_pdf_message_says_how_to_fix(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("bad", "exhibits/locked.pdf", encrypted("secret"))
    _, out = check_codes(case_folder)
    assert "qpdf --decrypt" in out and "unlocked copy" in out


def test_png_named_pdf_is_used_as_png(case_folder: CaseFolder, guard) -> None:
    case_folder.add_exhibit("photo", "exhibits/photo.pdf", image_bytes("PNG"))
    guard()
    code, out = check_codes(case_folder)
    assert code == 0 and "file-name-misleading" in out
    reader = built(case_folder)
    assert len(reader.pages) >= 6


def test_empty_user_password_builds(case_folder: CaseFolder, guard) -> None:
    case_folder.add_exhibit("open", "exhibits/open.pdf", encrypted(""))
    guard()
    reader = built(case_folder)
    text = "\n".join(page.extract_text().replace("\xa0", " ") for page in reader.pages)
    assert "locked page 2" in text and "Exhibit C, page 2 of 2" in text


def test_broken_xref_is_repaired_with_every_page(case_folder: CaseFolder, guard) -> None:
    case_folder.add_exhibit("fixed", "exhibits/fixed.pdf", broken_xref(7))
    guard()
    code, out = check_codes(case_folder)
    assert code == 0 and "file-repaired" in out and "7 pages" in out
    text = "\n".join(page.extract_text().replace("\xa0", " ") for page in built(case_folder).pages)
    assert "Exhibit C, page 7 of 7" in text and "repairable page 7" in text


def test_flate_bomb_is_bounded(case_folder: CaseFolder, guard) -> None:
    case_folder.add_exhibit("bomb", "exhibits/bomb.pdf", flate_bomb())
    guard()
    started = time.monotonic()
    outcome = run_packet("build", case_folder.write())
    assert time.monotonic() - started < 60
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert "Traceback" not in outcome.stderr
    if outcome.exit_code == 0:  # passed through unopened: the packet holds it as it came
        packet = Path(outcome.stdout.strip())
        manifest = json.loads((packet.parent / "TEST-1-manifest.json").read_text())
        front = manifest["front_matter"]["index_pages"][1]
        assert len(PdfReader(packet).pages) == front + (1 + 2) + (1 + 1) + (1 + 1)


def test_ten_thousand_pages(case_folder: CaseFolder, guard) -> None:
    case_folder.add_exhibit("big", "exhibits/big.pdf", pdf_bytes(10_000))
    guard()
    code, out = check_codes(case_folder, "--format", "json")
    assert code == 0
    assert '"pages": 10000' in out
    reader = built(case_folder)
    assert "Exhibit C, page 10000 of 10000" in reader.pages[-1].extract_text()


# --- images ----------------------------------------------------------------------------------


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width x height but carries almost no data: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_corrupt_jpeg(case_folder: CaseFolder, guard) -> None:
    jpeg = image_bytes("JPEG", size=(400, 400))
    case_folder.add_exhibit("cut", "exhibits/cut.jpg", jpeg[: len(jpeg) // 2])
    guard()
    code, out = check_codes(case_folder)
    assert code == 1 and "file-corrupt" in out and "exhibits/cut.jpg" in out


def test_image_decompression_bomb(case_folder: CaseFolder, guard) -> None:
    case_folder.add_exhibit("bomb", "exhibits/bomb.png", png_header_only(30_000, 30_000))
    started = time.monotonic()
    code, out = check_codes(case_folder)
    assert time.monotonic() - started < 10
    assert code == 1 and "image-too-large" in out


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("cmyk.jpg", lambda: image_bytes("JPEG", color=(0, 120, 200, 10), mode="CMYK")),
        ("deep.png", lambda: image_bytes("PNG", color=50000, mode="I;16")),
        ("clear.png", lambda: image_bytes("PNG", color=(200, 0, 0, 60), mode="RGBA")),
        ("turned.jpg", lambda: image_bytes("JPEG", size=(200, 400), exif=exif_orientation(6))),
    ],
)
def test_unusual_images_build(case_folder: CaseFolder, guard, name: str, make) -> None:
    data = make()
    case_folder.add_exhibit("image", f"exhibits/{name}", data)
    guard()
    guard()
    reader = built(case_folder)
    page = reader.pages[-1]
    assert "Exhibit C, page 1 of 1" in page.extract_text().replace("\xa0", " ")
    if name == "turned.jpg":
        assert float(page.mediabox.width) > float(page.mediabox.height)


def exif_orientation(value: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif


def test_missing_file_named_in_build_refusal(case_folder: CaseFolder, guard) -> None:
    case_folder.add_exhibit("gone", "exhibits/gone.pdf")
    path = case_folder.write()
    guard()
    outcome = run_packet("build", path)
    assert_refused(outcome, 1, str(path))
    assert "exhibits/gone.pdf" in outcome.stderr
