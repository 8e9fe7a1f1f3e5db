"""Word-processor documents (DOCX, DOC, ODT, RTF): converted to PDF by LibreOffice
(`libreoffice.py`), then counted and placed like any PDF.

Such a kind has one step more than the others, `prepare`, that runs outside the exhibits
stage's guard, because the conversion keeps its own time limit and must kill LibreOffice
itself: the guard's watchdog would interrupt the waiting, not stop the program. `inspect` then
reads the converted PDF inside the guard, as the PDF kind reads a file.

Tracked changes and comments are found in the document itself (DOCX and ODT): LibreOffice
prints tracked changes as markup (insertions underlined, deletions struck through, in colour,
with a bar in the margin) and leaves comments out, and the attorney must know before filing.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfReader

from .geometry import page_geometry
from .libreoffice import CONVERTER_PACKAGE, Conversions, ConverterMissing, Document
from .source import Problem, SourceFile, short

ZIP_MARKER = b"PK\x03\x04"
ODF_TEXT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
OLE2_MARKER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of Word 97-2003 files
RTF_MARKER = b"{\\rtf"
SCAN_LIMIT = 64 * 1024 * 1024  # bytes of a document's XML read for revisions (a zip bomb stops)

DOCX_CHANGES = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)[ >]")
DOCX_FORMAT_CHANGES = re.compile(rb"<w:(?:rPrChange|pPrChange|sectPrChange|tblPrChange)[ >]")
DOCX_COMMENTS = re.compile(rb"<w:comment[ >]")
DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
ODT_CHANGES = re.compile(rb"<text:changed-region[ >]")
ODT_COMMENTS = re.compile(rb"<office:annotation[ >]")


@dataclass(frozen=True)
class Revisions:
    changes: int = 0
    comments: int = 0


def count(pattern: re.Pattern[bytes], archive: zipfile.ZipFile, name: str) -> int:
    """Occurrences of `pattern` in one member (its first SCAN_LIMIT bytes: a bomb stops)."""
    if name not in archive.namelist():
        return 0
    with archive.open(name) as stream:
        return len(pattern.findall(stream.read(SCAN_LIMIT)))


def docx_revisions(archive: zipfile.ZipFile) -> Revisions:
    parts = [name for name in archive.namelist() if DOCX_PARTS.fullmatch(name)]
    changes = sum(count(DOCX_CHANGES, archive, name) for name in parts)
    changes += sum(count(DOCX_FORMAT_CHANGES, archive, name) for name in parts)
    return Revisions(changes, count(DOCX_COMMENTS, archive, "word/comments.xml"))


def odt_revisions(archive: zipfile.ZipFile) -> Revisions:
    return Revisions(
        count(ODT_CHANGES, archive, "content.xml"), count(ODT_COMMENTS, archive, "content.xml")
    )


def zip_check(required: str, what: str) -> Callable[[SourceFile], Revisions | None]:
    """A ZIP-based document's structure: whole, with its main part; its revisions."""

    def check(source: SourceFile) -> Revisions | None:
        try:
            with zipfile.ZipFile(source.resolved) as archive:
                names = archive.namelist()
                if required not in names:
                    refuse_other_zip(source, names, what)
                    return None
                broken = archive.testzip()
                if broken is not None:
                    raise zipfile.BadZipFile(f"{broken} is damaged")
                return docx_revisions(archive) if what == "DOCX" else odt_revisions(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
            source.refuse(
                "file-conversion-failed",
                f"{source.path} is a damaged {what} document ({short(error)}) and cannot be "
                "converted; open it in Word or LibreOffice and save it again (or save it as PDF "
                "and use that), or ask for the document again",
            )
            return None

    return check


def refuse_other_zip(source: SourceFile, names: list[str], what: str) -> None:
    """A ZIP archive that is not the document it looks like."""
    if any(name.startswith("xl/") for name in names):
        other = "an Excel workbook"
    elif any(name.startswith("ppt/") for name in names):
        other = "a PowerPoint presentation"
    else:
        other = f"a ZIP archive, not a {what} document"
    source.refuse(
        "file-unsupported",
        f"{source.path} is {other}; open it and save or print it as PDF, then use that",
    )


def no_check(source: SourceFile) -> Revisions | None:
    return Revisions()


@dataclass(frozen=True)
class OfficeKind:
    """A word-processor format that LibreOffice converts to PDF."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    recognised_by: Callable[[bytes], bool]
    structure: Callable[[SourceFile], Revisions | None] = no_check

    @property
    def suffix(self) -> str:
        """The ending the copy given to LibreOffice has (it picks its import filter by it)."""
        return self.suffixes[0]

    def recognise(self, head: bytes) -> bool:
        return self.recognised_by(head)

    def document(self, source: SourceFile) -> Document:
        assert source.sha256 is not None, "the file has been read and hashed"
        return Document(source.sha256, source.resolved, self.suffix)

    def prepare(self, source: SourceFile, conversions: Conversions) -> None:
        """Check the document, convert it (or take its cached conversion) into
        `source.opened` as PDF bytes, or refuse it."""
        revisions = self.structure(source)
        if revisions is None:
            return
        try:
            conversions.convert([self.document(source)])
        except ConverterMissing:
            source.refuse(
                "converter-missing",
                f"{source.path} is a {self.title}, which LibreOffice converts to PDF, and "
                f"LibreOffice is not installed: install it (Debian or Ubuntu: `sudo apt-get "
                f"install {CONVERTER_PACKAGE}`; macOS: `brew install --cask libreoffice`; "
                "Windows: libreoffice.org), or save the document as PDF and use that",
            )
            return
        assert source.sha256 is not None
        data = conversions.cached(source.sha256)
        if data is None:
            reason = conversions.failed.get(source.sha256, "no PDF was written")
            slow = " (or raise --timeout if it is only slow)"
            source.refuse(
                "file-conversion-failed",
                f"{source.path} could not be converted to PDF: {reason}; open it in Word or "
                "LibreOffice and save it as PDF, then use that"
                f"{slow if source.sha256 in conversions.timed_out else ''}",
            )
            return
        source.opened = data
        source.converted_sha256 = hashlib.sha256(data).hexdigest()
        source.packet_size = len(data)
        if revisions.changes or revisions.comments:
            source.note("docx-has-revisions", revisions_message(source, revisions))

    def inspect(self, source: SourceFile) -> None:
        data = source.opened
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            pages = len(reader.pages)
            for page in reader.pages:
                page_geometry(page)
        except Exception as error:  # the guard: the converted PDF is unusable, whatever it is
            source.refuse(
                "file-conversion-failed",
                f"{source.path} was converted to a PDF that cannot be read ({short(error)}); "
                "save it as PDF from Word or LibreOffice and use that",
            )
            return
        if not pages:
            source.refuse(
                "file-conversion-failed",
                f"{source.path} was converted to a PDF without pages; check that the document "
                "has content, or save it as PDF and use that",
            )
            return
        source.pages = pages
        source.opened = reader

    def to_pdf(self, source: SourceFile, notes: list[Problem]) -> PdfReader:
        reader: PdfReader = source.opened
        return reader


def revisions_message(source: SourceFile, revisions: Revisions) -> str:
    parts = []
    if revisions.changes:
        parts.append(plural(revisions.changes, "tracked change"))
    if revisions.comments:
        parts.append(plural(revisions.comments, "comment"))
    shown = []
    if revisions.changes:
        shown.append(
            "the packet shows the changes as markup (insertions underlined, deletions struck "
            "through, in colour), not the final text"
        )
    if revisions.comments:
        shown.append("the comments are left out of the packet")
    return (
        f"{source.path} has {' and '.join(parts)}: {'; '.join(shown)}. Accept or reject every "
        "change and delete the comments (Word: Review, Accept All Changes, Delete All "
        "Comments), save, and use that file"
    )


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def is_odt(head: bytes) -> bool:
    """An OpenDocument text: a ZIP whose first member, stored, is its media type."""
    return head.startswith(ZIP_MARKER) and ODF_TEXT_MIMETYPE in head[30:120]


def is_docx(head: bytes) -> bool:
    """Any other ZIP: a DOCX, or refused as the archive it is once its members are read."""
    return head.startswith(ZIP_MARKER) and not is_odt(head)


DOCX = OfficeKind(
    "docx",
    "DOCX document (Word)",
    (".docx", ".docm"),
    is_docx,
    zip_check("word/document.xml", "DOCX"),
)
ODT = OfficeKind(
    "odt", "ODT document (OpenDocument)", (".odt",), is_odt, zip_check("content.xml", "ODT")
)
DOC = OfficeKind(
    "doc", "DOC document (Word 97-2003)", (".doc",), lambda head: head.startswith(OLE2_MARKER)
)
RTF = OfficeKind("rtf", "RTF document", (".rtf",), lambda head: head.startswith(RTF_MARKER))
