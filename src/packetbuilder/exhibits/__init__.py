"""Stage 2, exhibits: every file of every letter and exhibit, read once, found usable or not.

`KINDS` is the registry of the kinds of file the tool takes: what a file is, is decided by its
content, never by its name. A new kind is one module and one entry here.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import InternalError
from ..options import CheckOptions
from ..paths import is_inside
from .guard import FileTimeout, collected_log, time_limit
from .image import JPEG, PNG, TIFF
from .kinds import HEAD_BYTES, ConvertedKind, ExhibitKind
from .libreoffice import Conversions, ConverterMissing, Document
from .office import DOC, DOCX, ODT, RTF
from .pdf import PdfKind
from .photo import BMP, GIF, HEIC, WEBP
from .source import Problem, SourceFile, short

KINDS: tuple[ExhibitKind, ...] = (  # the first that recognises
    JPEG,
    PNG,
    TIFF,
    HEIC,
    WEBP,
    GIF,
    BMP,
    DOCX,
    ODT,
    DOC,
    RTF,
    PdfKind(),
)
HASH_CHUNK = 1024 * 1024
LIBRARY_LOGGERS = ("pypdf", "PIL", "img2pdf", "pillow_heif")

__all__ = [
    "KINDS",
    "Conversions",
    "ExhibitKind",
    "Problem",
    "SourceFile",
    "convert_documents",
    "inspect_file",
    "kind_of",
]


def kind_of(source: SourceFile) -> ExhibitKind:
    """The registered kind of a file the exhibits stage recognised."""
    for kind in KINDS:
        if kind.name == source.kind:
            return kind
    raise InternalError(f"{source.path}: no registered kind {source.kind!r}")


def convert_documents(
    paths: Iterable[str], case_folder: Path, options: CheckOptions
) -> Conversions:
    """Convert every word-processor document among `paths` that is not converted yet, with one
    start of LibreOffice for all; `inspect_file` then finds them converted. A file this cannot
    read, or LibreOffice missing, is left for `inspect_file` to report."""
    conversions = Conversions.for_case(case_folder, options.timeout)
    documents: list[Document] = []
    for written in dict.fromkeys(paths):
        source = located(written, case_folder, options)
        if source.problem:
            continue
        head = read_head_and_hash(source)
        kind = next((kind for kind in KINDS if kind.recognise(head)), None) if head else None
        if isinstance(kind, ConvertedKind):
            documents.append(kind.document(source))
    with contextlib.suppress(ConverterMissing):
        conversions.convert(documents)
    return conversions


def located(written: str, case_folder: Path, options: CheckOptions) -> SourceFile:
    """The file as written in the case, resolved; refused when outside the case folder."""
    resolved = (case_folder / written).resolve() if written else case_folder.resolve()
    source = SourceFile(path=written, resolved=resolved)
    if not options.allow_outside and not is_inside(resolved, case_folder.resolve()):
        source.refuse(
            "path-outside-case",
            f"{written} is outside the case folder; copy the file into the case folder "
            "(or pass --allow-outside if that is intended)",
        )
    return source


def inspect_file(
    written: str,
    case_folder: Path,
    options: CheckOptions,
    conversions: Conversions | None = None,
) -> SourceFile:
    """Read one exhibit file and find out whether it can go into a packet, and how many pages.

    `conversions`: the documents of the case converted so far (`convert_documents`); without
    it a document is converted on its own."""
    source = located(written, case_folder, options)
    if source.problem:
        return source
    resolved = source.resolved
    head = read_head_and_hash(source)
    if head is None:
        return source
    kind = next((kind for kind in KINDS if kind.recognise(head)), None)
    if kind is None:
        source.refuse(
            "file-unsupported",
            f"{written} is {describe_unknown(head)}; convert it to PDF or ask for a "
            f"{accepted_kinds()}",
        )
        return source
    source.kind = kind.name
    named = next((other for other in KINDS if resolved.suffix.lower() in other.suffixes), None)
    if named is not None and named is not kind:
        source.note(
            "file-name-misleading",
            f"{written} is a {kind.title} although its name says {named.title}; it is used as "
            f"a {kind.title} (rename it to avoid confusion)",
        )
    if isinstance(kind, ConvertedKind):  # converted outside the guard: it bounds itself
        kind.prepare(source, conversions or Conversions.for_case(case_folder, options.timeout))
        if source.problem:
            return source
    try:
        with time_limit(options.timeout), collected_log(*LIBRARY_LOGGERS):
            kind.inspect(source)
    except FileTimeout:
        source.refuse(
            "file-timeout",
            f"{written} took more than {options.timeout:g} s to read and was given up; print it "
            "to a new PDF or scan it again (or raise --timeout)",
        )
    except Exception as error:  # the guard: whatever a reader raises, this file is unusable
        source.refuse(
            "file-corrupt",
            f"{written} could not be read ({short(error)}); ask for the document again, or "
            "print it to a new PDF",
        )
    return source


def read_head_and_hash(source: SourceFile) -> bytes | None:
    """The first bytes of a regular file, its size and SHA-256 (read in chunks, nothing kept);
    None, with the file refused, when it is not a regular file that can be read."""
    written = source.path
    try:
        # Non-blocking, so that a FIFO named as an exhibit does not hang the open.
        descriptor = os.open(source.resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        source.refuse(
            "exhibit-missing", f"{written} not found; put the file there or correct the path"
        )
        return None
    except IsADirectoryError:
        source.refuse("file-is-folder", f"{written} is a folder; name the file inside it instead")
        return None
    except OSError as error:
        source.refuse(
            "file-unreadable", f"{written} cannot be read ({error.strerror}); check its permissions"
        )
        return None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            source.refuse(
                "file-is-folder", f"{written} is a folder; name the file inside it instead"
            )
        else:
            source.refuse(
                "file-not-regular",
                f"{written} is not a regular file (a pipe, socket or device); name the "
                "document's file itself",
            )
        return None
    with os.fdopen(descriptor, "rb") as stream:
        digest = hashlib.sha256()
        head = b""
        size = 0
        try:
            while chunk := stream.read(HASH_CHUNK):
                if not head:
                    head = chunk[:HEAD_BYTES]
                digest.update(chunk)
                size += len(chunk)
        except OSError as error:
            source.refuse(
                "file-unreadable",
                f"{written} cannot be read ({error.strerror}); check its permissions",
            )
            return None
    source.size = size
    source.sha256 = digest.hexdigest()
    if not size:
        source.refuse("file-empty", f"{written} is empty (0 bytes); ask for the document again")
        return None
    return head


def describe_unknown(head: bytes) -> str:
    """A guess at what a file that is no supported kind is, for the message."""
    text = head[:512].lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "an HTML page (perhaps a download page saved instead of the document)"
    if text.startswith(b"pk\x03\x04"):
        return "a ZIP archive or an Office document"
    if text.startswith(b"{\\rtf"):
        return "an RTF document"
    return f"not a {accepted_kinds()} file"


def accepted_kinds() -> str:
    """'PDF, JPEG, PNG or TIFF': the kinds of file the tool takes, for messages."""
    names = sorted((kind.title.split()[0] for kind in KINDS), key=lambda name: name != "PDF")
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
