"""Stage 6, write: to a temporary file beside the target, verified, then moved into place.

Nothing is ever half-written at the output path: the packet goes to a temporary file in the
target folder, is re-opened and checked (page count, bookmarks), gets ordinary permissions,
and only then replaces the target with `os.replace`, which is atomic on one file system.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from pypdf import PdfReader

from .errors import InternalError, OutputNotWritable
from .plan import PacketPlan


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


def write_packet(
    write_pdf: Callable[[IO[bytes]], None],
    output: Path,
    *,
    expected_pages: int,
    expected_bookmarks: int,
    force: bool,
) -> tuple[str, int]:
    """Write, verify and move the packet into place; return its SHA-256 and page count."""
    with temporary_beside(output) as (stream, temporary):
        write_pdf(stream)
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        digest = hashlib.sha256(temporary.read_bytes()).hexdigest()
        pages, bookmarks = read_back(temporary)
        if pages != expected_pages or bookmarks != expected_bookmarks:
            raise InternalError(
                f"the written packet has {pages} pages and {bookmarks} bookmarks, expected "
                f"{expected_pages} and {expected_bookmarks}; nothing was written to {output}"
            )
        if output.exists() and not force:  # it may have appeared while we worked
            raise OutputNotWritable(f"{output} already exists; use --force to replace it")
        os.replace(temporary, output)
    return digest, pages


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


def read_back(path: Path) -> tuple[int, int]:
    """Re-open the written file through its cross-reference table: pages and bookmarks.

    Reads the page tree's count and walks the outline, without loading every page.
    """
    reader = PdfReader(path)
    root = reader.trailer["/Root"].get_object()
    pages = int(root["/Pages"].get_object()["/Count"])
    outlines = root.get("/Outlines")
    return pages, count_outline(outlines.get_object()) if outlines is not None else 0


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
