"""Word-processor documents to PDF with LibreOffice, headless: one start for all the documents
of a check, a throw-away profile per start, a time limit per document, one conversion per
content SHA-256 kept in `<case folder>/build/.cache/`.

`soffice --headless --convert-to pdf` converts its documents one after the other, in the
order given, writing each PDF as it finishes. The time limit is per document: the deadline
moves on each time a PDF appears; when none has appeared for `timeout` seconds the whole
process group is killed, the document it was converting has failed, and the documents after
it are converted by a new start. Each start has its own profile directory (two builds at once
never share one, and a crashed start leaves no lock behind).

What LibreOffice writes differs from run to run (dates, the file identifier, the producer): the
PDF is rewritten with its pages and bookmarks only, so that the same document always gives the
same bytes. The cache is an optimisation: when the case folder cannot be written, conversions
are kept for this run only.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter

CONVERTER_PACKAGE = "libreoffice-writer-nogui"
CONVERTER_NAMES = ("soffice", "libreoffice")
CACHE_FOLDER = Path("build") / ".cache"
POLL_SECONDS = 0.05
TIMED_OUT = "did not finish converting it within"
CACHE_VERSION = "1"  # in the cached file's name: a change of the rewriting is a new entry


@dataclass(frozen=True)
class Document:
    """One document to convert: its content's SHA-256, where it is, the ending that tells
    LibreOffice its format (.docx, .doc, .odt, .rtf)."""

    sha256: str
    path: Path
    suffix: str


@dataclass
class Conversions:
    """The conversions of one check or build: converted PDFs by source SHA-256, the reasons
    documents could not be converted, and how many times LibreOffice was started."""

    cache: Path | None  # None: keep conversions in memory only
    timeout: float | None
    converter: str | None = None  # the soffice program; found on PATH when first needed
    converted: dict[str, bytes] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    timed_out: set[str] = field(default_factory=set)  # of `failed`, those stopped at the limit
    starts: int = 0

    @classmethod
    def for_case(cls, case_folder: Path, timeout: float | None) -> Conversions:
        return cls(cache=case_folder / CACHE_FOLDER, timeout=timeout)

    def cached(self, sha256: str) -> bytes | None:
        """The converted PDF of a document already converted, by this run or an earlier one."""
        if sha256 in self.converted:
            return self.converted[sha256]
        if self.cache is None:
            return None
        try:
            data = cache_file(self.cache, sha256).read_bytes()
        except OSError:
            return None
        self.converted[sha256] = data
        return data

    def convert(self, documents: Sequence[Document]) -> None:
        """Convert every document not yet converted (nor failed), in as few starts as can be.

        Raises ConverterMissing when a document needs converting and LibreOffice is absent.
        """
        waiting: list[Document] = []
        for document in documents:
            if document.sha256 in self.failed or self.cached(document.sha256) is not None:
                continue
            if document.sha256 not in {other.sha256 for other in waiting}:
                waiting.append(document)
        if not waiting:
            return
        if self.converter is None:
            self.converter = find_converter()
        if self.converter is None:
            raise ConverterMissing()
        while waiting:
            self.starts += 1
            done, failed, rest = run_batch(self.converter, waiting, self.timeout)
            for sha256, data in done.items():
                self.keep(sha256, data)
            self.failed.update(failed)
            self.timed_out.update(sha256 for sha256, why in failed.items() if TIMED_OUT in why)
            waiting = rest

    def keep(self, sha256: str, data: bytes) -> None:
        self.converted[sha256] = data
        if self.cache is None:
            return
        target = cache_file(self.cache, sha256)
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            staged = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            staged.write_bytes(data)
            os.replace(staged, target)  # a concurrent build reads a whole file or none
        except OSError:
            self.cache = None  # a read-only case folder: this run keeps them in memory


class ConverterMissing(Exception):
    """LibreOffice is needed and not installed."""


def cache_file(cache: Path, sha256: str) -> Path:
    return cache / f"{sha256}.v{CACHE_VERSION}.pdf"


def find_converter() -> str | None:
    """LibreOffice's `soffice` on PATH (also installed as `libreoffice`)."""
    for name in CONVERTER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_batch(
    converter: str, documents: list[Document], timeout: float | None
) -> tuple[dict[str, bytes], dict[str, str], list[Document]]:
    """One start of LibreOffice over `documents`: the converted PDFs, the reasons of those that
    failed, and the documents left to convert after one that hung."""
    done: dict[str, bytes] = {}
    failed: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="packetbuilder-soffice-") as work_name:
        work = Path(work_name)
        inputs, outputs = work / "in", work / "out"
        inputs.mkdir()
        outputs.mkdir()
        named = []
        for document in documents:
            # Named by content: two documents called letter.docx in two folders cannot collide.
            copy = inputs / f"{document.sha256}{document.suffix}"
            shutil.copyfile(document.path, copy)
            named.append((document, copy, outputs / f"{document.sha256}.pdf"))
        log = work / "soffice.log"
        command = [
            converter,
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outputs),
            *(str(copy) for _, copy, _ in named),
        ]
        try:
            hung = run_watched(command, log, [output for _, _, output in named], timeout)
        except OSError as error:  # not a program that can be run
            reason = f"LibreOffice ({converter}) could not be started ({error.strerror})"
            return {}, {document.sha256: reason for document in documents}, []
        messages = log.read_text("utf-8", "replace") if log.exists() else ""
        rest: list[Document] = []
        for index, (document, copy, output) in enumerate(named):
            if hung is not None and index > hung:
                rest.append(document)
                continue
            if hung == index:
                failed[document.sha256] = (
                    f"LibreOffice did not finish converting it within {timeout:g} s and was stopped"
                )
                continue
            if not output.exists():
                failed[document.sha256] = reason_from_log(messages, copy.name)
                continue
            try:
                done[document.sha256] = normalised(output.read_bytes())
            except Exception as error:  # whatever pypdf raises: the PDF written is unusable
                failed[document.sha256] = f"LibreOffice wrote a PDF that cannot be read ({error})"
    return done, failed, rest


def run_watched(
    command: list[str], log: Path, outputs: list[Path], timeout: float | None
) -> int | None:
    """Run LibreOffice in a process group of its own until it exits; kill the group when no
    new output has appeared for `timeout` seconds. Returns the index of the document it was
    converting when killed, or None when it ran to its end. Nothing is left running."""
    with log.open("wb") as log_stream:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: killed whole, with soffice.bin
            env=converter_environment(),
        )
        try:
            finished = 0
            deadline = time.monotonic() + timeout if timeout else None
            while process.poll() is None:
                ready = sum(1 for output in outputs if output.exists())
                if ready > finished:
                    finished = ready
                    deadline = time.monotonic() + timeout if timeout else None
                if deadline is not None and time.monotonic() >= deadline:
                    kill_group(process)
                    # Every PDF written and the program stuck on its way out: all converted.
                    return finished if finished < len(outputs) else None
                time.sleep(POLL_SECONDS)
            return None
        finally:
            kill_group(process)  # a child that outlived the program: never left running


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process's whole group and reap the process."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def converter_environment() -> dict[str, str]:
    """LibreOffice's environment: this one, without a display (headless means it)."""
    environment = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    environment["SAL_USE_VCLPLUGIN"] = "svp"
    return environment


def reason_from_log(messages: str, name: str) -> str:
    """What LibreOffice said about one document it wrote no PDF for."""
    for line in messages.splitlines():
        if line.startswith("Error") and name in line:
            return f"LibreOffice could not open it ({line.split(':', 1)[0].strip()})"
    errors = [line.strip() for line in messages.splitlines() if line.startswith("Error")]
    if errors:
        return f"LibreOffice could not open it ({errors[0][:100]})"
    return "LibreOffice wrote no PDF for it"


def normalised(data: bytes) -> bytes:
    """The PDF's pages and bookmarks only: without LibreOffice's dates, identifier, producer
    and XMP metadata, so that the same document converts to the same bytes."""
    reader = PdfReader(io.BytesIO(data))
    if not reader.pages:
        raise ValueError("no pages")
    writer = PdfWriter()
    writer.append(reader, import_outline=True)
    writer.metadata = None
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
