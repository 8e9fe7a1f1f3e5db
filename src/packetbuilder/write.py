"""Stage 6, write: to a temporary file beside the target, verified, then moved into place.

Nothing is ever half-written at the output path: the packet goes to a temporary file in the
target folder, is re-opened and checked (page count, bookmarks), gets ordinary permissions,
and only then replaces the target with `os.replace`, which is atomic on one file system.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO, Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from .errors import InternalError, OutputNotWritable
from .plan import PacketPlan
from .sources import collected_log

HEADER_LENGTH = len("%PDF-1.7")


def default_output(case_folder: Path, case_id: str, *, draft: bool) -> Path:
    """<case folder>/build/<case id>-packet.pdf (…-packet-DRAFT.pdf for a draft)."""
    return case_folder / "build" / f"{case_id}-packet{'-DRAFT' if draft else ''}.pdf"


def manifest_path(output: Path, case_id: str, *, draft: bool) -> Path:
    """<case id>-manifest.json beside the packet (…-manifest-DRAFT.json for a draft)."""
    return output.parent / f"{case_id}-manifest{'-DRAFT' if draft else ''}.json"


def refuse_unsafe_output(output: Path, manifest: Path, inputs: list[Path], *, force: bool) -> None:
    """Refuse to overwrite an input, or an existing packet without --force (exit 4)."""
    resolved_inputs = {path.resolve() for path in inputs}
    for target in (output, manifest):
        if target.resolve() in resolved_inputs:
            raise OutputNotWritable(
                f"{target} is one of the case's own files; choose another output path with -o"
            )
    if output.is_dir():
        raise OutputNotWritable(f"{output} is a folder; give a file name ending in .pdf")
    if output.exists() and not force:
        raise OutputNotWritable(
            f"{output} already exists; nothing was written (use --force to replace it)"
        )


class PacketFile:
    """The packet's temporary file, written by object number from a pypdf writer in two parts.

    pypdf writes a whole document at once; a packet's exhibit pages are settled before its
    front matter is rendered, so `write_objects` writes them while the render goes on, and
    `commit` adds what came after, the cross-reference table and the trailer (pypdf's own),
    then verifies the file and moves it into place.
    """

    def __init__(self, stream: IO[bytes], temporary: Path, output: Path, force: bool) -> None:
        self.stream = stream
        self.temporary = temporary
        self.output = output
        self.force = force
        self.offsets: dict[int, int] = {}

    def write_objects(self, writer: PdfWriter, *, holding: Collection[int] = ()) -> None:
        """Write every object of `writer` not written yet, except those in `holding` (object
        numbers of objects that will still change)."""
        if self.stream.tell() == 0:
            # The version is written again at the end, should pages added later raise it.
            self.stream.write(writer.pdf_header.encode() + b"\n%\xe2\xe3\xcf\xd3\n")
        for idnum in range(1, len(writer._objects) + 1):
            obj = writer._objects[idnum - 1]
            if obj is None or idnum in self.offsets or idnum in holding:
                continue
            self.offsets[idnum] = self.stream.tell()
            self.stream.write(f"{idnum} 0 obj\n".encode())
            obj.write_to_stream(self.stream)
            self.stream.write(b"\nendobj\n")

    def restart(self) -> None:
        """Forget what was written: the packet is assembled anew."""
        self.stream.seek(0)
        self.stream.truncate()
        self.offsets.clear()

    def commit(
        self, writer: PdfWriter, *, expected_pages: int, expected_bookmarks: int
    ) -> tuple[str, int]:
        """Write the rest and the cross-reference table, verify, move into place; return the
        packet's SHA-256 and page count."""
        self.write_objects(writer)
        count = len(writer._objects)
        positions = [self.offsets.get(idnum, -1) for idnum in range(1, count + 1)]
        free = [idnum for idnum, offset in enumerate(positions, start=1) if offset < 0] + [0]
        xref = writer._write_xref_table(self.stream, positions, free)
        writer._write_trailer(self.stream, xref)
        header = writer.pdf_header.encode()
        if len(header) != HEADER_LENGTH:
            raise InternalError(f"unexpected PDF header {writer.pdf_header!r}")
        self.stream.seek(0)
        self.stream.write(header)
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        written = self.temporary.read_bytes()  # as a reader would find it on disk
        digest = hashlib.sha256(written).hexdigest()
        try:
            pages, bookmarks = read_back(written)
        except (PyPdfError, KeyError, TypeError, ValueError) as error:
            raise InternalError(
                f"the written packet does not read back ({error}); nothing was written to "
                f"{self.output}"
            ) from None
        if pages != expected_pages or bookmarks != expected_bookmarks:
            raise InternalError(
                f"the written packet has {pages} pages and {bookmarks} bookmarks, expected "
                f"{expected_pages} and {expected_bookmarks}; nothing was written to {self.output}"
            )
        if self.output.exists() and not self.force:  # it may have appeared while we worked
            raise OutputNotWritable(f"{self.output} already exists; use --force to replace it")
        os.replace(self.temporary, self.output)
        return digest, pages


@contextlib.contextmanager
def packet_file(output: Path, *, force: bool) -> Iterator[PacketFile]:
    """A PacketFile beside `output`; if anything fails before `commit`, nothing is left."""
    with temporary_beside(output) as (stream, temporary):
        yield PacketFile(stream, temporary, output, force)


def write_json(data: dict[str, Any], target: Path) -> None:
    """Write a JSON file atomically, like the packet."""
    with temporary_beside(target) as (stream, temporary):
        stream.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        os.replace(temporary, target)


@contextlib.contextmanager
def temporary_beside(target: Path) -> Iterator[tuple[IO[bytes], Path]]:
    """A temporary file in the target's folder (so os.replace is atomic), removed on failure."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_interrupted_parts(target)
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as error:
        raise OutputNotWritable(
            f"{target.parent} cannot be written ({error.strerror}); choose another place with -o"
        ) from None
    temporary = Path(name)
    # mkstemp makes files only the owner can read; a packet goes to shared drives.
    os.chmod(temporary, 0o666 & ~current_umask())
    stream = os.fdopen(handle, "wb")
    try:
        yield stream, temporary
    except OSError as error:
        raise OutputNotWritable(f"{target} cannot be written ({error.strerror})") from None
    finally:
        stream.close()
        temporary.unlink(missing_ok=True)


def remove_interrupted_parts(target: Path) -> None:
    """Remove what a killed earlier build of this same file left behind (never the target)."""
    for leftover in target.parent.glob(f".{target.name}.*.part"):
        leftover.unlink(missing_ok=True)


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_back(written: bytes) -> tuple[int, int]:
    """Re-open the written file (its bytes as read from disk) through its cross-reference
    table: pages and bookmarks.

    Reads the page tree's count and walks the outline, without loading every page. A file
    pypdf has to repair as it reads (an offset that misses its object, say) is refused.
    """
    with collected_log("pypdf") as log:
        reader = PdfReader(io.BytesIO(written), strict=True)
        root = reader.trailer["/Root"].get_object()
        pages = int(root["/Pages"].get_object()["/Count"])
        outlines = root.get("/Outlines")
        bookmarks = count_outline(outlines.get_object()) if outlines is not None else 0
    if log.messages:
        raise ValueError(f"it needed repairs: {log.messages[0]}")
    return pages, bookmarks


def count_outline(node: Any) -> int:
    """Items below an outline node (it was written here, so it has no loops)."""
    count = 0
    item = node.get("/First")
    while item is not None:
        item = item.get_object()
        count += 1 + count_outline(item)
        item = item.get("/Next")
    return count


def packet_manifest(
    plan: PacketPlan,
    *,
    case_id: str,
    version: str,
    packet_file: Path,
    sha256: str,
    pages: int,
) -> dict[str, Any]:
    """What went into the packet, page by page: for the record and for checking it later."""
    return {
        "tool": "packetbuilder",
        "version": version,
        "case": case_id,
        "draft": plan.draft,
        "packet": {"file": packet_file.name, "sha256": sha256, "pages": pages},
        "front_matter": {
            "cover_pages": [1, plan.front.cover],
            "index_pages": [plan.index_page, plan.front.total],
            "bates": [plan.bates(1), plan.bates(plan.front.total)],
        },
        "tabs": [
            {
                "label": tab.label,
                "id": tab.id,
                "title": tab.title,
                "kind": "letter" if tab.report.is_letter else "exhibit",
                "missing": tab.placeholder,
                "tab_page": tab.tab_page,
                "pages": [tab.tab_page, tab.last_page],
                "bates": [plan.bates(tab.tab_page), plan.bates(tab.last_page)],
                "files": [
                    {"path": source.path, "sha256": source.sha256, "pages": source.pages}
                    for source in tab.files
                ],
            }
            for tab in plan.tabs
        ],
    }
