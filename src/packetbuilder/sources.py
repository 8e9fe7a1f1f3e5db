"""Exhibit files: what each one is (read from its content), how many pages, and whether it opens.

Each file is read once; its bytes and its opened PDF stay with the result, so that the build
reuses them instead of reading the disk again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import signal
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError

from .limits import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from pypdf import PdfReader

SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
KIND_BY_SUFFIX = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".tif": "tiff",
    ".tiff": "tiff",
}
KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG image", "png": "PNG image", "tiff": "TIFF image"}
PDF_MARKER_WINDOW = 1024  # the PDF header may follow some junk; readers look this far
JPEG_END = b"\xff\xd9"
JPEG_TAIL_WINDOW = 4096  # some cameras append data after the end-of-image marker


class FileTimeout(Exception):
    """Reading one file took longer than its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in the block after `seconds` (main thread only; elsewhere no limit).

    The parsers are pure Python, so the alarm interrupts even a file that makes one loop.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class CollectedLog(logging.Handler):
    """Keeps what a library logs while it reads a file, to say it once as a note."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def collected_log(name: str) -> Iterator[CollectedLog]:
    logger = logging.getLogger(name)
    handler = CollectedLog()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be used: a stable finding code and a message that says what to do."""

    code: str
    message: str


@dataclass
class SourceFile:
    """One exhibit file as check found it."""

    path: str  # as written in the case file
    resolved: Path
    kind: str | None = None  # pdf, jpeg, png, tiff
    pages: int | None = None
    sha256: str | None = None
    size: int | None = None
    problem: Problem | None = None
    notes: list[Problem] = field(default_factory=list)  # warnings: usable, but say so
    data: bytes | None = field(default=None, repr=False)
    reader: PdfReader | None = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        return self.problem is None and self.pages is not None


def sniff_kind(head: bytes) -> str | None:
    """The file's type from its first bytes: pdf, jpeg, png, tiff, or None."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if b"%PDF-" in head[:PDF_MARKER_WINDOW]:
        return "pdf"
    return None


def describe_unknown(head: bytes) -> str:
    """A guess at what a file that is no PDF or image is, for the message."""
    text = head[:512].lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "an HTML page (perhaps a download page saved instead of the document)"
    if text.startswith(b"pk\x03\x04"):
        return "a ZIP archive or an Office document"
    if text.startswith(b"{\\rtf"):
        return "an RTF document"
    return "not a PDF, JPEG, PNG or TIFF file"


def inspect_file(
    written: str,
    case_folder: Path,
    *,
    allow_outside: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> SourceFile:
    """Read one exhibit file and find out whether it can go into a packet."""
    resolved = (case_folder / written).resolve() if written else case_folder.resolve()
    source = SourceFile(path=written, resolved=resolved)
    if not allow_outside and not is_inside(resolved, case_folder.resolve()):
        source.problem = Problem(
            "path-outside-case",
            f"{written} is outside the case folder; copy the file into the case folder "
            "(or pass --allow-outside if that is intended)",
        )
        return source
    if not resolved.exists():
        source.problem = Problem(
            "exhibit-missing",
            f"{written} not found; put the file there or correct the path",
        )
        return source
    if resolved.is_dir():
        source.problem = Problem(
            "file-is-folder", f"{written} is a folder; name the file inside it instead"
        )
        return source
    try:
        data = resolved.read_bytes()
    except OSError as error:
        source.problem = Problem(
            "file-unreadable",
            f"{written} cannot be read ({error.strerror}); check its permissions",
        )
        return source
    source.size = len(data)
    source.sha256 = hashlib.sha256(data).hexdigest()
    if not data:
        source.problem = Problem(
            "file-empty", f"{written} is empty (0 bytes); ask for the document again"
        )
        return source
    kind = sniff_kind(data[:PDF_MARKER_WINDOW])
    if kind is None:
        source.problem = Problem(
            "file-unsupported",
            f"{written} is {describe_unknown(data)}; convert it to PDF or ask for a PDF, "
            "JPEG, PNG or TIFF",
        )
        return source
    source.kind = kind
    named_kind = KIND_BY_SUFFIX.get(resolved.suffix.lower())
    if named_kind is not None and named_kind != kind:
        source.notes.append(
            Problem(
                "file-name-misleading",
                f"{written} is a {KIND_NAMES[kind]} although its name says "
                f"{KIND_NAMES[named_kind]}; it is used as a {KIND_NAMES[kind]} (rename it "
                "to avoid confusion)",
            )
        )
    source.data = data
    try:
        with time_limit(timeout):
            if kind == "pdf":
                inspect_pdf(source, data)
            else:
                inspect_image(source, data)
    except FileTimeout:
        source.problem = Problem(
            "file-timeout",
            f"{written} took more than {timeout:g} s to read and was given up; print it to a "
            "new PDF or scan it again (or raise --timeout)",
        )
        source.pages = None
        source.reader = None
    return source


def is_inside(path: Path, folder: Path) -> bool:
    """True when `path` (already resolved, so symlinks followed) lies within `folder`."""
    return path == folder or folder in path.parents


def inspect_pdf(source: SourceFile, data: bytes) -> None:
    """Open a PDF (repairing what pypdf can), decrypt it with an empty password, count pages."""
    # Imported here: the render worker unpickles these classes and reads no PDF.
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

    try:
        with warnings.catch_warnings(), collected_log("pypdf") as log:
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as error:
                    source.problem = Problem(
                        "file-encrypted",
                        f"{source.path} uses encryption this tool cannot open ({error}); "
                        "ask for an unlocked copy, or run `qpdf --decrypt` on it",
                    )
                    return
                if opened == PasswordType.NOT_DECRYPTED:
                    source.problem = Problem(
                        "file-encrypted",
                        f"{source.path} is protected by a password; ask the client for an "
                        "unlocked copy, or remove the password with "
                        f"`qpdf --decrypt --password=... {source.path} unlocked.pdf`",
                    )
                    return
            pages = len(reader.pages)
            claimed = claimed_page_count(reader)
            attachments = attachment_names(reader)
    except FileNotDecryptedError:
        source.problem = Problem(
            "file-encrypted",
            f"{source.path} is protected by a password; ask for an unlocked copy or use "
            "`qpdf --decrypt`",
        )
        return
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
    ) as error:
        source.problem = Problem(
            "file-corrupt",
            f"{source.path} is a damaged PDF that cannot be opened ({short(error)}); ask for "
            "the document again, or print it to a new PDF",
        )
        return
    if claimed is not None and claimed != pages:
        source.problem = Problem(
            "file-corrupt",
            f"{source.path} is damaged: it says it has {claimed} pages but {pages} could be "
            "read; ask for the document again",
        )
        return
    if pages == 0:
        source.problem = Problem(
            "file-no-pages", f"{source.path} has no pages; ask for the document again"
        )
        return
    if any("xref" in message.lower() or "startxref" in message.lower() for message in log.messages):
        source.notes.append(
            Problem(
                "file-repaired",
                f"{source.path} was damaged (its cross-reference table) and was repaired; "
                f"{pages} pages were read: check them in the packet",
            )
        )
    if attachments:
        source.notes.append(
            Problem(
                "file-attachments-left-out",
                f"{source.path} carries attached files ({', '.join(attachments[:5])}) that "
                "a printed or uploaded packet cannot show; they are left out: add each one "
                "as an exhibit of its own if it is evidence",
            )
        )
    source.pages = pages
    source.reader = reader


def attachment_names(reader: PdfReader) -> list[str]:
    """Names of the files embedded in the PDF's catalog (its attachments)."""
    from pypdf.errors import PyPdfError

    try:
        names = reader.trailer["/Root"].get_object().get("/Names")
        if names is None or "/EmbeddedFiles" not in names.get_object():
            return []
        return sorted(reader.attachments)
    except (KeyError, TypeError, ValueError, AttributeError, PyPdfError):
        return ["(unreadable)"]


def claimed_page_count(reader: PdfReader) -> int | None:
    """The page count the file's own page tree declares, to catch a repair that lost pages."""
    try:
        count = reader.trailer["/Root"].get_object()["/Pages"].get_object().get("/Count")
        return int(count) if count is not None else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def inspect_image(source: SourceFile, data: bytes) -> None:
    """Open an image's header, count its frames (multi-page TIFF) and refuse broken ones."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                frames = getattr(image, "n_frames", 1)
                image.verify()
        if source.kind == "jpeg" and JPEG_END not in data[-JPEG_TAIL_WINDOW:]:
            raise OSError("the image is cut short: it has no end-of-image marker")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        source.problem = Problem(
            "image-too-large",
            f"{source.path} is an image too large to process safely; scan it again at "
            "300 dpi or less",
        )
        return
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        source.problem = Problem(
            "file-corrupt",
            f"{source.path} is a damaged image ({short(error)}); ask for the scan again",
        )
        return
    source.pages = frames


def short(error: BaseException) -> str:
    """An exception as one short line for a message."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
