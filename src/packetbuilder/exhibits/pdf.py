"""PDF exhibits: opened (repairing what pypdf can), decrypted with an empty password, counted.

Imported by the exhibits registry only; pypdf is not needed to load or validate a case file.
"""

from __future__ import annotations

import io
from typing import Any, cast

from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from .geometry import page_geometry
from .guard import collected_log
from .source import Problem, SourceFile, short

PDF_MARKER = b"%PDF-"
READ_ERRORS = (
    PdfReadError,
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    OSError,
)


class PdfKind:
    """A PDF file, wherever its `%PDF-` header is in the first kilobyte."""

    name = "pdf"
    title = "PDF"
    suffixes = (".pdf",)

    def recognise(self, head: bytes) -> bool:
        return PDF_MARKER in head

    def inspect(self, source: SourceFile) -> None:
        try:
            with collected_log("pypdf") as log:
                data = source.resolved.read_bytes()
                # PDF 2.0 allows bytes before the header, and counts offsets from the header:
                # read from there, or pypdf would take the offsets as broken and repair them.
                start = max(data.find(PDF_MARKER), 0)
                reader = PdfReader(io.BytesIO(data[start:] if start else data), strict=False)
                if reader.is_encrypted and not decrypted(reader, source):
                    return
                pages = len(reader.pages)
                claimed = claimed_page_count(reader)
                attachments = attachment_names(reader) + page_attachments(reader)
                xfa = has_xfa(reader)
                for page in reader.pages:
                    page_geometry(page)  # what the build will read, read once here
        except FileNotDecryptedError:
            source.refuse(
                "file-encrypted",
                f"{source.path} is protected by a password; ask for an unlocked copy or use "
                "`qpdf --decrypt`",
            )
            return
        except READ_ERRORS as error:
            source.refuse(
                "file-corrupt",
                f"{source.path} is a damaged PDF that cannot be opened ({short(error)}); ask "
                "for the document again, or print it to a new PDF",
            )
            return
        if claimed is not None and claimed != pages:
            source.refuse(
                "file-corrupt",
                f"{source.path} is damaged: it says it has {claimed} pages but {pages} could be "
                "read; ask for the document again",
            )
            return
        if pages == 0:
            source.refuse(
                "file-no-pages", f"{source.path} has no pages; ask for the document again"
            )
            return
        if any("xref" in message.lower() for message in log.messages):
            source.note(
                "file-repaired",
                f"{source.path} was damaged (its cross-reference table) and was repaired; "
                f"{pages} pages were read: check them in the packet",
            )
        if xfa:
            source.note(
                "file-xfa",
                f"{source.path} is an XFA form: the packet shows its PDF pages only, which for "
                'an XFA form are often a "Please wait..." page or a static copy; open it in '
                "Adobe Acrobat or Reader and print it to a new PDF (or flatten it), then use that",
            )
        if attachments:
            source.note(
                "file-attachments-left-out",
                f"{source.path} carries attached files ({', '.join(attachments[:5])}) that "
                "a printed or uploaded packet cannot show; they are left out: add each one "
                "as an exhibit of its own if it is evidence",
            )
        source.pages = pages
        source.opened = reader

    def to_pdf(self, source: SourceFile, notes: list[Problem]) -> PdfReader:
        return with_field_appearances(cast(PdfReader, source.opened))


def decrypted(reader: PdfReader, source: SourceFile) -> bool:
    """Open an encrypted PDF with the empty password, or refuse it."""
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError) as error:
        source.refuse(
            "file-encrypted",
            f"{source.path} uses encryption this tool cannot open ({error}); ask for an "
            "unlocked copy, or run `qpdf --decrypt` on it",
        )
        return False
    if opened == PasswordType.NOT_DECRYPTED:
        source.refuse(
            "file-encrypted",
            f"{source.path} is protected by a password; ask the client for an unlocked copy, or "
            f"remove the password with `qpdf --decrypt --password=... {source.path} unlocked.pdf`",
        )
        return False
    return True


def attachment_names(reader: PdfReader) -> list[str]:
    """Names of the files embedded in the PDF's catalog (its attachments)."""
    try:
        names = reader.root_object.get("/Names")
        if names is None or "/EmbeddedFiles" not in names.get_object():
            return []
        return sorted(reader.attachments)
    except (KeyError, TypeError, ValueError, AttributeError, PyPdfError):
        return ["(unreadable)"]


def page_attachments(reader: PdfReader) -> list[str]:
    """Files attached to pages (file-attachment annotations, a page's /AF)."""
    names: list[str] = []
    try:
        for page in reader.pages:
            annotations = page.get("/Annots")
            for reference in annotations.get_object() if annotations is not None else []:
                annotation = reference.get_object()
                if annotation.get("/Subtype") == "/FileAttachment":
                    spec = annotation.get("/FS")
                    spec = spec.get_object() if spec is not None else {}
                    names.append(str(spec.get("/UF") or spec.get("/F") or "(unnamed)"))
            if "/AF" in page:
                names.append("(attached to a page)")
    except (KeyError, TypeError, ValueError, AttributeError, PyPdfError):
        names.append("(unreadable)")
    return names


def has_xfa(reader: PdfReader) -> bool:
    """True when the PDF carries an XFA form (its real form lives outside its PDF pages)."""
    try:
        form = reader.root_object.get("/AcroForm")
        return form is not None and "/XFA" in form.get_object()
    except (KeyError, TypeError, ValueError, AttributeError, PyPdfError):
        return False


def claimed_page_count(reader: PdfReader) -> int | None:
    """The page count the file's own page tree declares, to catch a repair that lost pages."""
    try:
        count = cast(Any, reader.root_object["/Pages"]).get_object().get("/Count")
        return int(count) if count is not None else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def with_field_appearances(reader: PdfReader) -> PdfReader:
    """The PDF with an appearance drawn for every filled text or choice field.

    Many producers store a field's value but leave drawing it to the viewer
    (NeedAppearances); flattening such a field would lose the value, so draw it first.
    """
    filled = {
        name: value
        for name, value in filled_fields(reader).items()
        if isinstance(value, str) and value
    }
    if not filled:
        return reader
    writer = PdfWriter(clone_from=reader)
    # By fully qualified name, on every page at once: a widget that is a kid of its field
    # has no name of its own, and two fields may share a partial name on different pages.
    writer.update_page_form_field_values(None, filled, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    return PdfReader(buffer, strict=False)


def filled_fields(reader: PdfReader) -> dict[str, object]:
    """Text and choice field values by name; nothing for a PDF without a form."""
    try:
        fields = reader.get_fields() or {}
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return {}
    return {
        name: field.get("/V")
        for name, field in fields.items()
        if field.get("/FT") in ("/Tx", "/Ch")
    }
