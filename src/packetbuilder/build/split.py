"""Split: a written packet as several files, in a folder that replaces the previous one whole.

Two uses: a packet over a filing limit as parts (`<id>-packet-parts/`, `…_Part1.pdf`, …), and
one file per exhibit for uploads (`<id>-exhibits/`). Each file is cut from the packet as
written, so its pages are the packet's, stamps and Bates numbers included; pypdf keeps the
bookmarks and links that point inside the file and drops those that point outside it.

The folder is written in full under a hidden name beside the target, every file verified,
then put in place of the previous folder in one step (Linux `renameat2` with
`RENAME_EXCHANGE`) or, elsewhere, by moving the old one aside first: an interrupted build
leaves the previous set or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

from ..errors import InternalError, OutputNotWritable
from .plan import PacketPlan

RENAME_EXCHANGE = 2
AT_FDCWD = -100
STAGING_PREFIX = "."  # hidden folders beside the target: .<name>.<random>.part / .old


@dataclass(frozen=True)
class Slice:
    """One file cut from the packet: PDF pages [start, stop) (0-based)."""

    name: str
    start: int
    stop: int
    title: str
    continued: str | None = None  # the bookmark of an exhibit begun in the part before


@dataclass(frozen=True)
class WrittenFile:
    """A file of the folder as written: for the manifest."""

    name: str
    sha256: str
    pages: int
    size: int
    first: int  # 0-based PDF index of its first page in the packet
    stop: int


def part_slices(plan: PacketPlan, stem: str, title: str) -> list[Slice]:
    """The parts of a packet over its limit: `<stem>_Part1.pdf`, … titled "(part 2 of 3)"."""
    ranges = plan.part_ranges()
    count = len(ranges)
    return [
        Slice(
            f"{stem}_Part{number}.pdf",
            start,
            stop,
            f"{title} (part {number} of {count})",
            continued_bookmark(plan, start) if number > 1 else None,
        )
        for number, (start, stop) in enumerate(ranges, start=1)
    ]


def continued_bookmark(plan: PacketPlan, pdf_index: int) -> str | None:
    """ "D. Bank records (continued)" when the part starting at `pdf_index` continues an
    exhibit split between parts; None when it starts with a tab page."""
    page = pdf_index - plan.form_pages + 1
    for tab in plan.tabs:
        if tab.tab_page < page <= tab.last_page:
            return f"{tab.label}. {tab.title} (continued)"
    return None


def exhibit_slices(plan: PacketPlan, title: str) -> list[Slice]:
    """One file per form, one for the cover letter and index, one per tab (its tab page and
    pages): `F1-<form id>.pdf`, `00-cover-and-index.pdf`, `A-<exhibit id>.pdf`."""
    slices = [
        Slice(
            f"F{number}-{form.id}.pdf",
            form.first_index,
            form.first_index + form.pages,
            f"{title}: {form.title}",
        )
        for number, form in enumerate(plan.forms, start=1)
    ]
    slices.append(
        Slice(
            "00-cover-and-index.pdf",
            plan.pdf_index(1),
            plan.pdf_index(plan.front.total) + 1,
            f"{title}: cover letter and index",
        )
    )
    slices += [
        Slice(
            f"{tab.label}-{tab.id}.pdf",
            plan.pdf_index(tab.tab_page),
            plan.pdf_index(tab.last_page) + 1,
            f"{title}: Exhibit {tab.label}, {tab.title}",
        )
        for tab in plan.tabs
    ]
    return slices


class OverLimit(Exception):
    """A file written came out larger than the limit its plan was made for: the build plans
    its parts again, tighter (never reported as such: see api.build)."""

    def __init__(self, name: str, size: int, limit: int) -> None:
        super().__init__(f"{name} would be {size:,} bytes, over the limit of {limit:,}")
        self.name, self.size, self.limit = name, size, limit


def stage_folder(
    packet: Path,
    slices: Sequence[Slice],
    folder: Path,
    *,
    metadata: dict[str, str],
    limit: int | None,
    manifest: Callable[[list[WrittenFile]], tuple[str, dict[str, Any]]] | None = None,
) -> tuple[Path, list[WrittenFile]]:
    """Cut `slices` from the written `packet` into a hidden folder beside `folder` (with the
    manifest `manifest` makes of them), each verified and, under `limit`, measured; the
    caller puts it in place with `replace_folder` once every output is ready."""
    remove_leftovers(folder)
    staging = folder.parent / f"{STAGING_PREFIX}{folder.name}.{os.getpid()}.part"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        os.mkdir(staging)  # the mode the umask leaves, as any folder the user makes
        reader = PdfReader(packet)  # parsed once, for every file cut from it
        written = [cut(reader, piece, staging, metadata=metadata, limit=limit) for piece in slices]
        if manifest is not None:
            name, data = manifest(written)
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            (staging / name).write_text(text, encoding="utf-8")
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputNotWritable(f"{folder} cannot be written ({error.strerror})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, written


def cut(
    reader: PdfReader, piece: Slice, folder: Path, *, metadata: dict[str, str], limit: int | None
) -> WrittenFile:
    """One file: the packet's pages of `piece`, its bookmarks and links inside them."""
    writer = PdfWriter()
    writer.append(reader, pages=(piece.start, piece.stop), import_outline=True)
    if piece.continued:
        writer.add_outline_item(title=piece.continued, page_number=0)
    writer.add_metadata({**metadata, "/Title": piece.title})
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    if pages != piece.stop - piece.start:
        raise InternalError(f"{piece.name} has {pages} pages, expected {piece.stop - piece.start}")
    if limit is not None and len(data) > limit:
        raise OverLimit(piece.name, len(data), limit)
    path = folder / piece.name
    with open(path, "wb") as stream:  # the mode the umask leaves
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return WrittenFile(
        piece.name, hashlib.sha256(data).hexdigest(), pages, len(data), piece.start, piece.stop
    )


def replace_folder(staged: Path, target: Path) -> None:
    """Put `staged` where `target` is, as one step where the system can."""
    if not target.exists():
        os.rename(staged, target)
        return
    if exchange(staged, target):
        shutil.rmtree(staged, ignore_errors=True)  # it now holds the previous set
        return
    aside = target.parent / f"{STAGING_PREFIX}{target.name}.{os.getpid()}.old"
    shutil.rmtree(aside, ignore_errors=True)
    os.rename(target, aside)  # the only window: no folder at all, never a mixed one
    os.rename(staged, target)
    shutil.rmtree(aside, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unavailable."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return bool(result == 0)


def remove_leftovers(path: Path) -> None:
    """Staging folders an interrupted build left beside `path` (hidden, named after it and
    the process that made it): never those of a build still running beside this one."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f"{STAGING_PREFIX}{path.name}.*"):
            if leftover.is_dir() and not still_running(leftover.name.split(".")[-2]):
                shutil.rmtree(leftover, ignore_errors=True)


def still_running(pid: str) -> bool:
    """True when `pid` names a process alive on this machine (ours included)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, another user's
        return True
    return True


def remove_output(path: Path) -> None:
    """An earlier output of another form (a single file where parts now go, or the reverse)."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
