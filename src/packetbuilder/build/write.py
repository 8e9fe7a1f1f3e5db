"""Write: the packet and its manifest, each to a hidden file beside its target, the packet
re-read and verified, then both moved into place together.

Nothing is ever half-written at an output path: each file goes to a temporary file in its
target's folder and replaces the target with `os.replace` (atomic on one file system) only
once both are complete and the packet has been verified; a failure at any point, a full disk
included, leaves the previous packet and manifest and removes the temporary files.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from ..errors import InternalError, OutputNotWritable
from ..exhibits.guard import collected_log

MB = 1_000_000


@dataclass(frozen=True)
class WrittenPacket:
    """A packet as it now is on disk."""

    path: Path
    sha256: str
    pages: int
    size: int


@dataclass
class Staged:
    """A temporary file beside `target`, moved into place by `commit`."""

    target: Path
    temporary: Path
    stream: IO[bytes]


class Outputs:
    """The files of one build, staged beside their targets and committed together."""

    def __init__(self) -> None:
        self.staged: list[Staged] = []

    def stage(self, target: Path) -> Staged:
        """A new temporary file in the target's folder (so that os.replace is atomic)."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_interrupted(target)
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
        except OSError as error:
            raise OutputNotWritable(
                f"{target.parent} cannot be written ({error.strerror}); choose another place "
                "with -o"
            ) from None
        # mkstemp makes files only the owner can read; a packet goes to shared drives.
        os.chmod(name, 0o666 & ~current_umask())
        staged = Staged(target, Path(name), os.fdopen(handle, "wb"))
        self.staged.append(staged)
        return staged

    def finish(self, staged: Staged, *, expected_size: int | None = None) -> None:
        """Flush a staged file to the disk and close it; a full disk is exit 4, saying how
        much room the build needs."""
        try:
            staged.stream.flush()
            os.fsync(staged.stream.fileno())
            staged.stream.close()
        except OSError as error:
            raise disk_error(staged, error, expected_size) from None

    def commit(self, *, force: bool) -> None:
        """Move every staged file into place, the first staged last.

        The packet is staged first and so moves last: a build killed between two moves leaves
        a new manifest whose SHA-256 does not match the old packet, never a new packet beside
        a manifest that vouches for the old one.
        """
        for staged in self.staged:
            if staged.target.exists() and not force:  # it may have appeared while we worked
                raise OutputNotWritable(
                    f"{staged.target} already exists; use --force to replace it"
                )
        for staged in reversed(self.staged):
            os.replace(staged.temporary, staged.target)
        self.staged.clear()

    def discard(self) -> None:
        """Remove every staged file that was not committed."""
        for staged in self.staged:
            with contextlib.suppress(OSError):
                staged.stream.close()
            with contextlib.suppress(OSError):
                staged.temporary.unlink()
        self.staged.clear()


@contextlib.contextmanager
def outputs() -> Iterator[Outputs]:
    """Staged outputs; whatever is not committed when the block ends is removed."""
    staged = Outputs()
    try:
        yield staged
    except OSError as error:
        raise OutputNotWritable(f"the packet cannot be written ({error.strerror})") from None
    finally:
        staged.discard()


def write_packet(
    writer: PdfWriter,
    target: Path,
    manifest_target: Path,
    manifest: Callable[[WrittenPacket], dict[str, Any]],
    *,
    force: bool,
    expected_pages: int,
    expected_bookmarks: int,
    expected_size: int | None = None,
) -> WrittenPacket:
    """Write the packet and its manifest (made from what was written), verify the packet as a
    reader finds it on disk, then put both in place."""
    with outputs() as staged:
        packet_file = staged.stage(target)
        hashed = Hashed(packet_file.stream)
        try:
            writer.write(cast(IO[bytes], hashed))
        except OSError as error:
            raise disk_error(packet_file, error, expected_size) from None
        staged.finish(packet_file, expected_size=expected_size)
        written = verified(
            packet_file.temporary,
            target,
            expected_pages,
            expected_bookmarks,
            sha256=hashed.digest.hexdigest(),
        )
        manifest_file = staged.stage(manifest_target)
        data = json.dumps(manifest(written), indent=2, ensure_ascii=False) + "\n"
        try:
            manifest_file.stream.write(data.encode("utf-8"))
        except OSError as error:
            raise disk_error(manifest_file, error, None) from None
        staged.finish(manifest_file)
        staged.commit(force=force)
    return written


class Hashed:
    """A file as pypdf writes it, hashed as the bytes go by (pypdf asks where it is, for the
    cross-reference table): a packet of photos is not read a second time to be hashed."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.stream.write(data)

    def tell(self) -> int:
        return self.stream.tell()

    def flush(self) -> None:
        self.stream.flush()


def verified(
    temporary: Path,
    target: Path,
    expected_pages: int,
    expected_bookmarks: int,
    *,
    sha256: str | None = None,
) -> WrittenPacket:
    """Re-read the written file strictly, as a reader would find it: its pages and outline,
    and its hash unless the bytes were hashed as they were written (`sha256`).

    Read from the disk as it is needed, never whole: a packet of photos is hundreds of MB.
    """
    with temporary.open("rb") as stream:
        if sha256 is None:
            sha256 = hashlib.file_digest(stream, "sha256").hexdigest()
        size = stream.seek(0, os.SEEK_END)
        try:
            pages, bookmarks = read_back(stream)
        except (PyPdfError, KeyError, TypeError, ValueError) as error:
            raise InternalError(
                f"the written packet does not read back ({error}); nothing was written to {target}"
            ) from None
    if pages != expected_pages or bookmarks != expected_bookmarks:
        raise InternalError(
            f"the written packet has {pages} pages and {bookmarks} bookmarks, expected "
            f"{expected_pages} and {expected_bookmarks}; nothing was written to {target}"
        )
    return WrittenPacket(target, sha256, pages, size)


def read_back(written: bytes | IO[bytes]) -> tuple[int, int]:
    """Re-open the written file (its bytes, or the file as on disk) through its
    cross-reference table: pages and bookmarks.

    Reads the page tree's count and walks the outline, without loading every page. A file
    pypdf has to repair as it reads (an offset that misses its object, say) is refused.
    """
    stream = io.BytesIO(written) if isinstance(written, bytes) else written
    with collected_log("pypdf") as log:
        reader = PdfReader(stream, strict=True)
        root = reader.root_object
        pages = int(cast(Any, root["/Pages"]).get_object()["/Count"])
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


def disk_error(staged: Staged, error: OSError, expected_size: int | None) -> OutputNotWritable:
    """A write that failed, as exit 4; for a full disk, how much room is missing."""
    if error.errno != errno.ENOSPC:
        return OutputNotWritable(f"{staged.target} cannot be written ({error.strerror})")
    free = shutil.disk_usage(staged.target.parent).free
    need = f" about {expected_size / MB:.1f} MB" if expected_size else " more"
    return OutputNotWritable(
        f"{staged.target.parent}: no space left on the disk ({free / MB:.1f} MB free; the "
        f"packet needs{need}); free some space or choose another place with -o; nothing was "
        "changed"
    )


def write_json(data: dict[str, Any], target: Path) -> None:
    """Write a JSON file atomically, like the packet."""
    with outputs() as staged:
        staged_file = staged.stage(target)
        staged_file.stream.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
        staged.finish(staged_file)
        staged.commit(force=True)


def remove_interrupted(target: Path) -> None:
    """Remove what a killed earlier build of this same file left behind (never the target)."""
    for leftover in target.parent.glob(f".{target.name}.*.part"):
        leftover.unlink(missing_ok=True)


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
