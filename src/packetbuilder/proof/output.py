"""Where a proof sheet goes, and when an existing file there may be replaced."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..build.output import refuse_unsafe_output
from ..build.write import outputs
from ..errors import OutputNotWritable, UsageError

TITLE_PREFIX = "Proof sheet: "


def default_proof_path(packet: Path) -> Path:
    """<packet>-proof.pdf beside the packet."""
    return packet.with_name(f"{packet.stem}-proof.pdf")


def refuse_unsafe_proof(packet: Path, target: Path, *, force: bool) -> None:
    """Refuse a missing packet (exit 2), a target that is the packet or not a .pdf, and an
    existing file that is not an earlier proof sheet unless `force` (exit 4)."""
    if not packet.is_file():
        raise UsageError(f"{packet} is not a file; give the path of a packet made by packet build")
    refuse_unsafe_output(target, target, [packet], force=True)
    if target.exists() and not force and not is_proof_sheet(target):
        raise OutputNotWritable(
            f"{target} already exists and is not a proof sheet; nothing was written (use "
            "--force to replace it, or another name with -o)"
        )


def is_proof_sheet(path: Path) -> bool:
    """True for a file this command wrote: a proof sheet is replaced without --force."""
    try:
        metadata = PdfReader(path).metadata
        title = metadata.get("/Title", "") if metadata else ""
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return False
    return isinstance(title, str) and title.startswith(TITLE_PREFIX)


def write_proof(target: Path, data: bytes) -> None:
    """Write the sheet beside its target and move it into place (never half-written)."""
    with outputs() as staged:
        file = staged.stage(target)
        file.stream.write(data)
        staged.finish(file)
        staged.commit(force=True)
