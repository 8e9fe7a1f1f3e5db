"""Word-processor documents (DOCX, ODT, RTF, DOC): converted by LibreOffice in check, once per
content, within the time limit, byte-identical on a rebuild; their tracked changes said.

The files are made by the tests (python-docx, or by hand). Tests that run LibreOffice skip
when it is not installed, except in CI (the Makefile installs it there), where they fail.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from pypdf import PdfReader

from helpers import CaseFolder, image_bytes
from packetbuilder import api
from packetbuilder.exhibits.libreoffice import CACHE_FOLDER, find_converter
from packetbuilder.options import BuildOptions, CheckOptions

SOFFICE = find_converter()
SLEEP = shutil.which("sleep") or "/bin/sleep"
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed: `make system-deps` installs "
    "libreoffice-writer-nogui",
)


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_docx() -> bytes:
    """Two pages: a paragraph and a table on the first, a picture on the second."""
    document = docx.Document()
    document.add_heading("Letter of support", level=1)
    document.add_paragraph("I have known the applicant for ten years.")
    table = document.add_table(rows=2, cols=2)
    for row, (left, right) in enumerate([("Name", "Amount"), ("Rent", "TABLECELL 1200")]):
        table.cell(row, 0).text = left
        table.cell(row, 1).text = right
    document.add_page_break()
    document.add_paragraph("SECONDPAGE: a photograph of the house.")
    document.add_picture(io.BytesIO(image_bytes("PNG", (300, 200))), width=Inches(3))
    return docx_bytes(document)


def run_of(text: str, tag: str = "w:t") -> OxmlElement:
    run, element = OxmlElement("w:r"), OxmlElement(tag)
    element.text = text
    element.set(qn("xml:space"), "preserve")
    run.append(element)
    return run


def tracked_docx(comment: bool = True) -> bytes:
    """One insertion and one deletion tracked (as Word writes them), and a comment."""
    document = docx.Document()
    paragraph = document.add_paragraph("The applicant lives ")
    for tag, revision, text in (("w:ins", "1", "INSERTED "), ("w:del", "2", "DELETED")):
        change = OxmlElement(tag)
        change.set(qn("w:id"), revision)
        change.set(qn("w:author"), "Editor")
        change.set(qn("w:date"), "2026-10-01T00:00:00Z")
        change.append(run_of(text, "w:delText" if tag == "w:del" else "w:t"))
        paragraph._p.append(change)
    if comment:
        document.add_comment(paragraph.runs, text="Check this date", author="Editor")
    return docx_bytes(document)


def odt_bytes(text: str = "ODTTEXT from OpenDocument") -> bytes:
    """A minimal OpenDocument text, as the format defines it: its media type first, stored."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored (no compression), first
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            "<office:document-content"
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body>"
            "</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


RTF = (
    b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}"
    b"\\f0\\fs24 RTFFIRST page of a letter.\\par\\page RTFSECOND page.\\par}"
)


def add(folder: CaseFolder, name: str, data: bytes, exhibit_id: str = "letter") -> None:
    folder.add_exhibit(exhibit_id, f"exhibits/{name}", data)


def packet_text(output: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(output).pages)


def fake_soffice(folder: Path, script: str) -> Path:
    """A program called `soffice`, first on PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    return folder


def counting_soffice(folder: Path, log: Path) -> Path:
    """The real LibreOffice, behind a script that notes each start."""
    assert SOFFICE is not None
    return fake_soffice(folder, f'echo start >> "{log}"\nexec "{SOFFICE}" "$@"\n')


@needs_soffice
def test_docx_with_table_picture_two_pages(case_folder: CaseFolder, run_check, tmp_path) -> None:
    add(case_folder, "support.docx", letter_docx())
    report = run_check(case_folder)
    assert report.findings == [], [finding.message for finding in report.findings]
    source = report.documents[-1].files[0]
    assert (source.kind, source.pages) == ("docx", 2)
    output = tmp_path / "packet.pdf"
    result = api.build(case_folder.write(), BuildOptions(output=output))
    text = packet_text(output)
    assert "TABLECELL 1200" in text and "SECONDPAGE" in text
    pages = PdfReader(output).pages
    assert any(page.images for page in pages[-2:]), "the picture is on the second page"
    manifest = json.loads(result.manifest.read_text())
    [entry] = [
        file for tab in manifest["tabs"] for file in tab["files"] if file["path"].endswith("docx")
    ]
    cached = next((case_folder.root / CACHE_FOLDER).glob(f"{entry['sha256']}*.pdf"))
    assert entry["converted_sha256"] == hashlib.sha256(cached.read_bytes()).hexdigest()
    assert (
        entry["sha256"]
        == hashlib.sha256((case_folder.root / "exhibits/support.docx").read_bytes()).hexdigest()
    )


@needs_soffice
def test_tracked_changes_and_comments_are_a_warning(case_folder: CaseFolder, run_check) -> None:
    add(case_folder, "draft.docx", tracked_docx())
    report = run_check(case_folder)
    [finding] = report.findings
    assert finding.code == "docx-has-revisions" and finding.severity == "warning"
    message = finding.message
    assert "exhibits/draft.docx" in message
    assert "2 tracked changes" in message and "1 comment" in message
    assert "markup" in message and "comments are left out" in message
    assert finding.location is not None and finding.location.line > 1


@needs_soffice
def test_tracked_changes_print_as_markup(case_folder: CaseFolder, tmp_path) -> None:
    """What the warning says: both the inserted and the deleted words are on the page."""
    add(case_folder, "draft.docx", tracked_docx(comment=False))
    output = tmp_path / "packet.pdf"
    api.build(case_folder.write(), BuildOptions(output=output))
    text = packet_text(output)
    assert "INSERTED" in text and "DELETED" in text
    assert "Check this date" not in text


@needs_soffice
@pytest.mark.parametrize(
    ("name", "data", "kind", "pages", "words"),
    [
        ("note.odt", odt_bytes(), "odt", 1, "ODTTEXT"),
        ("note.rtf", RTF, "rtf", 2, "RTFSECOND"),
    ],
)
def test_odt_and_rtf_are_converted(
    name, data, kind, pages, words, case_folder: CaseFolder, run_check, tmp_path
) -> None:
    add(case_folder, name, data)
    report = run_check(case_folder)
    assert report.findings == [], [finding.message for finding in report.findings]
    source = report.documents[-1].files[0]
    assert (source.kind, source.pages) == (kind, pages)
    output = tmp_path / "packet.pdf"
    api.build(case_folder.write(), BuildOptions(output=output))
    assert words in packet_text(output)


def test_truncated_docx_is_file_conversion_failed(case_folder: CaseFolder, run_check) -> None:
    data = docx_bytes(docx.Document())
    add(case_folder, "broken.docx", data[: len(data) // 2])
    report = run_check(case_folder)
    [finding] = report.findings
    assert finding.code == "file-conversion-failed" and finding.severity == "error"
    assert "exhibits/broken.docx" in finding.message and "damaged" in finding.message
    assert report.documents[-1].pages is None


@needs_soffice
def test_docx_libreoffice_cannot_open_is_file_conversion_failed(
    case_folder: CaseFolder, run_check
) -> None:
    """A whole ZIP with a Word document part that is not XML: LibreOffice writes no PDF."""
    buffer = io.BytesIO()
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(docx.Document())))
    with original as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = b"\x00\x01 not xml at all" * 50
            if item.filename == "[Content_Types].xml":
                data = b"garbage"
            target.writestr(item, data)
    add(case_folder, "garbled.docx", buffer.getvalue())
    report = run_check(case_folder)
    [finding] = report.findings
    assert finding.code == "file-conversion-failed"
    assert "exhibits/garbled.docx" in finding.message and "could not open" in finding.message
    assert "--timeout" not in finding.message
    assert report.documents[-1].pages is None


def test_zip_that_is_no_document_is_unsupported(case_folder: CaseFolder, run_check) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/one.txt", "not a document")
    add(case_folder, "archive.docx", buffer.getvalue())
    [finding] = run_check(case_folder).findings
    assert finding.code == "file-unsupported" and "ZIP archive" in finding.message


def test_converter_missing(case_folder: CaseFolder, run_check, tmp_path, monkeypatch) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    add(case_folder, "support.docx", letter_docx())
    report = run_check(case_folder)
    [finding] = report.findings
    assert finding.code == "converter-missing" and finding.severity == "error"
    assert "exhibits/support.docx" in finding.message
    assert "libreoffice-writer-nogui" in finding.message and "save the document as PDF" in (
        finding.message
    )
    assert report.documents[-1].pages is None


def test_hanging_conversion_is_killed_at_the_limit(
    case_folder: CaseFolder, run_check, tmp_path, monkeypatch
) -> None:
    """A `soffice` that never finishes, with a child of its own: both killed at --timeout."""
    pids = tmp_path / "pids"
    programs = fake_soffice(
        tmp_path / "bin", f'{SLEEP} 300 &\necho $! >> "{pids}"\necho $$ >> "{pids}"\nwait\n'
    )
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    add(case_folder, "support.docx", letter_docx())
    started = time.monotonic()
    report = run_check(case_folder, timeout=1.0)
    elapsed = time.monotonic() - started
    [finding] = report.findings
    assert finding.code == "file-conversion-failed"
    assert "exhibits/support.docx" in finding.message and "within 1 s" in finding.message
    assert "--timeout" in finding.message
    assert elapsed < 10, elapsed
    left = [int(pid) for pid in pids.read_text().split()]
    assert len(left) == 2
    for pid in left:
        assert not process_alive(pid), f"process {pid} was left running"


def process_alive(pid: int) -> bool:
    """True for a process that runs (not a zombie waiting for its parent)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


@needs_soffice
def test_one_start_for_all_documents_and_none_with_the_cache(
    case_folder: CaseFolder, tmp_path, monkeypatch
) -> None:
    starts = tmp_path / "starts"
    programs = counting_soffice(tmp_path / "bin", starts)
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    add(case_folder, "a.docx", letter_docx(), "letter-a")
    add(case_folder, "b.rtf", RTF, "letter-b")
    add(case_folder, "c.odt", odt_bytes(), "letter-c")
    first = api.check(case_folder.write(), CheckOptions())
    assert first.findings == [], [finding.message for finding in first.findings]
    assert starts.read_text().split() == ["start"]
    # The second check: LibreOffice is not started again, and nothing changes.
    second = api.check(case_folder.write(), CheckOptions())
    assert starts.read_text().split() == ["start"]
    assert [report.pages for report in second.documents] == [
        report.pages for report in first.documents
    ]
    assert second.findings == []
    # A changed document is a new conversion; the others come from the cache.
    (case_folder.root / "exhibits/b.rtf").write_bytes(RTF.replace(b"RTFFIRST", b"RTFNEW"))
    api.check(case_folder.write(), CheckOptions())
    assert starts.read_text().split() == ["start", "start"]


@needs_soffice
def test_cache_is_used_without_libreoffice(
    case_folder: CaseFolder, run_check, tmp_path, monkeypatch
) -> None:
    add(case_folder, "support.docx", letter_docx())
    assert run_check(case_folder).findings == []
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    report = run_check(case_folder)
    assert report.findings == [] and report.documents[-1].pages == 2


@needs_soffice
def test_rebuild_with_a_docx_is_byte_identical(case_folder: CaseFolder, tmp_path) -> None:
    """The same bytes from a cold conversion and from the cache, and from a second cold one."""
    add(case_folder, "support.docx", letter_docx())
    case_file = case_folder.write()
    digests = []
    for attempt in range(3):
        if attempt != 1:
            shutil.rmtree(case_folder.root / CACHE_FOLDER, ignore_errors=True)
        output = tmp_path / f"packet-{attempt}.pdf"
        api.build(case_file, BuildOptions(output=output))
        digests.append(hashlib.sha256(output.read_bytes()).hexdigest())
    assert len(set(digests)) == 1, digests


def test_read_only_case_folder_converts_in_memory(
    case_folder: CaseFolder, run_check, tmp_path, monkeypatch
) -> None:
    """A cache that cannot be written is no error: the conversion is kept for the run."""
    if SOFFICE is None and not os.environ.get("CI"):
        pytest.skip("LibreOffice (soffice) is not installed")
    add(case_folder, "support.docx", letter_docx())
    (case_folder.root / "build").write_text("a file where the build folder would be")
    report = run_check(case_folder)
    assert report.findings == [] and report.documents[-1].pages == 2


@needs_soffice
def test_two_checks_at_once_do_not_collide(case_folder: CaseFolder) -> None:
    """Each start has its own profile, the cache is written whole or not at all: two checks of
    the same case at the same time both convert and count the same."""
    from concurrent.futures import ThreadPoolExecutor

    add(case_folder, "support.docx", letter_docx())
    case_file = case_folder.write()
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: api.check(case_file, CheckOptions()), range(2)))
    for report in reports:
        assert report.findings == [], [finding.message for finding in report.findings]
        assert report.documents[-1].pages == 2
    [cached] = (case_folder.root / CACHE_FOLDER).iterdir()
    assert cached.name.endswith(".pdf") and not cached.name.startswith(".")
