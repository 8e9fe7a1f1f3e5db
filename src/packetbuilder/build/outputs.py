"""What a build writes, staged and then committed together: the packet and its manifest, or
over a filing limit the folder of its parts, and with --per-exhibit the exhibits' folder.

Every file is written under a hidden name beside its target and verified (pages, and the
limit) before any output is put in place; a build that is interrupted, or whose file comes
out over the limit (`OverLimit`: the build plans again), leaves the previous outputs. An
output of the other form (a single file where parts now go, or the reverse) is removed when
the new one is committed, so that a stale packet is never filed by mistake.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputNotWritable
from .plan import PacketPlan
from .size import FilingLimit
from .split import (
    OverLimit,
    WrittenFile,
    exhibit_slices,
    part_slices,
    remove_leftovers,
    remove_output,
    replace_folder,
    stage_folder,
)
from .write import WrittenPacket, write_packet

STAGING = "packet"  # .packet.<pid>.part beside the packet: where the whole is written first


@dataclass(frozen=True)
class Targets:
    """Where a build's outputs go."""

    packet: Path  # the single file (or, for parts, the name they are made from)
    manifest: Path
    parts: Path  # <stem>-parts/
    exhibits: Path  # <id>-exhibits/ (-DRAFT for a draft)

    def folders(self, *, in_parts: bool, per_exhibit: bool) -> list[Path]:
        """The folders a build will write."""
        return [*([self.parts] if in_parts else []), *([self.exhibits] if per_exhibit else [])]


def output_targets(packet: Path, manifest: Path, case_id: str, *, draft: bool) -> Targets:
    """The outputs of a packet at `packet`: parts beside it as <stem>-parts/, the exhibits'
    files as <id>-exhibits/."""
    exhibits = f"{case_id}-exhibits{'-DRAFT' if draft else ''}"
    return Targets(
        packet, manifest, packet.with_name(f"{packet.stem}-parts"), packet.with_name(exhibits)
    )


def refuse_existing(paths: list[Path], *, force: bool) -> None:
    """An existing output is replaced only with --force (exit 4)."""
    for path in paths:
        if path.exists() and not force:
            raise OutputNotWritable(
                f"{path} already exists; nothing was written (use --force to replace it)"
            )


def write_outputs(
    writer: Any,
    plan: PacketPlan,
    targets: Targets,
    manifest: Callable[[WrittenPacket], dict[str, Any]],
    *,
    metadata: dict[str, str],
    limit: FilingLimit | None,
    per_exhibit: bool,
    expected_bookmarks: int,
) -> tuple[WrittenPacket, Path]:
    """Write, verify and commit every output; return the packet as written (for parts: the
    whole, never kept) and the path of the manifest."""
    in_parts = plan.part_count > 1
    folder = targets.packet.parent
    remove_leftovers(folder / STAGING)  # what an interrupted build left: .packet.*
    staging = folder / f".{STAGING}.{os.getpid()}.part"
    shutil.rmtree(staging, ignore_errors=True)
    staged: list[tuple[Path, Path]] = []
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.mkdir(staging)
        except OSError as error:
            raise OutputNotWritable(f"{folder} cannot be written ({error.strerror})") from None
        written = write_packet(
            writer,
            staging / targets.packet.name,
            staging / targets.manifest.name,
            manifest,
            force=True,
            expected_pages=plan.total_pages,
            expected_bookmarks=expected_bookmarks,
            expected_size=sum(source.size or 0 for tab in plan.tabs for source in tab.files),
        )
        too_large = limit is not None and not limit.per_exhibit and written.size > limit.bytes
        if too_large and not in_parts and limit is not None:
            raise OverLimit(targets.packet.name, written.size, limit.bytes)
        bytes_limit = limit.bytes if limit else None
        if in_parts:
            whole = manifest(written)
            staged.append(
                (
                    stage_folder(
                        written.path,
                        part_slices(plan, targets.packet.stem, metadata["/Title"]),
                        targets.parts,
                        metadata=metadata,
                        limit=bytes_limit,
                        manifest=lambda files: (
                            targets.manifest.name,
                            parts_manifest(whole, targets.parts, files, plan),
                        ),
                    )[0],
                    targets.parts,
                )
            )
        if per_exhibit:
            exhibits, files = stage_folder(
                written.path,
                exhibit_slices(plan, metadata["/Title"]),
                targets.exhibits,
                metadata=metadata,
                limit=None,
            )
            staged.append((exhibits, targets.exhibits))
            over = [file for file in files if bytes_limit is not None and file.size > bytes_limit]
            if over:
                raise OutputNotWritable(
                    f"{over[0].name} is {over[0].size:,} bytes, over the per-file limit of "
                    f"{bytes_limit:,}; nothing was written: rebuild with --downsample 150, or "
                    "split that exhibit into several"
                )
        # Everything is written and verified: put it in place, the other form removed.
        if in_parts:
            remove_output(targets.packet)
            remove_output(targets.manifest)
        else:
            os.replace(staging / targets.manifest.name, targets.manifest)
            os.replace(written.path, targets.packet)  # the packet last, as write_packet does
            remove_output(targets.parts)
        for path, target in staged:
            replace_folder(path, target)
    finally:
        for path, _ in staged:
            shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
    if in_parts:
        size = sum(path.stat().st_size for path in targets.parts.glob("*_Part*.pdf"))
        return WrittenPacket(targets.parts, "", written.pages, size), (
            targets.parts / targets.manifest.name
        )
    return WrittenPacket(targets.packet, written.sha256, written.pages, written.size), (
        targets.manifest
    )


def parts_manifest(
    whole: dict[str, Any], folder: Path, files: list[WrittenFile], plan: PacketPlan
) -> dict[str, Any]:
    """The manifest of a packet written in parts: the parts in place of the one file."""
    return {
        **whole,
        "packet": {"folder": folder.name, "pages": whole["packet"]["pages"], "parts": len(files)},
        "parts": [
            {
                "file": file.name,
                "sha256": file.sha256,
                "pages": file.pages,
                "pdf_pages": [file.first + 1, file.stop],
                "bates": [
                    plan.bates(max(1, file.first - plan.form_pages + 1)),
                    plan.bates(file.stop - plan.form_pages),
                ],
                "size": file.size,
            }
            for file in files
        ],
    }
