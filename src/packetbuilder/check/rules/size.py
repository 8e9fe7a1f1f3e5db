"""Size under a filing limit (`--target`, `--max-size`): the parts a packet will make, an
exhibit that must be split between parts, a page that no part can hold."""

from __future__ import annotations

from ...build.size import (
    PART_OVERHEAD,
    estimated_bytes,
    human_bytes,
    packet_units,
    part_budget,
    split_into_parts,
    split_units,
)
from ..context import CheckContext


def rule_size(context: CheckContext) -> None:
    """packet-over-limit, exhibit-split, page-over-limit, exhibit-over-limit."""
    limit = context.limit
    if limit is None:
        return
    units = packet_units(context.forms, context.documents)
    total = estimated_bytes(units)
    tabs = {
        document.label: document for document in context.documents if not document.with_original
    }
    for unit in units[1:]:
        document = tabs.get(unit.key)
        if document is None:
            continue
        room = part_budget(limit.bytes)  # what one file holds besides its fonts
        too_large = [page for page, cost in enumerate(unit.pages) if cost > room]
        if limit.per_exhibit and unit.size > room and not too_large:
            context.findings.error(
                "exhibit-over-limit",
                f"exhibit {document.id} is about {human_bytes(unit.size + PART_OVERHEAD)} as one "
                f"file, over the per-file limit of {limit.source}, and each exhibit is uploaded "
                "as one file: rebuild with --downsample 150, or split the exhibit into two",
                exhibit=document.id,
                at=context.at(*document.file_path(0)),
            )
        if too_large:
            context.findings.error(
                "page-over-limit",
                f"exhibit {document.id}: page {too_large[0]} alone is about "
                f"{human_bytes(unit.pages[too_large[0]])}, over the limit of {limit.source}; "
                "no part can hold it: rebuild with --downsample 150, or rescan it smaller",
                exhibit=document.id,
                at=context.at(*document.file_path(0)),
            )
    if total <= limit.bytes or limit.per_exhibit:
        return
    parts = split_into_parts(units, limit.bytes)
    largest = max(units[1:], key=lambda unit: unit.size, default=None)
    document = tabs.get(largest.key) if largest else None
    context.findings.warning(
        "packet-over-limit",
        f"the packet is about {human_bytes(total)}, over the limit of {limit.source}: it will be "
        f"written as {len(parts)} parts"
        + (
            f" (the largest exhibit, {document.id}, is about {human_bytes(largest.size)}; "
            "--downsample 150 makes scans smaller)"
            if document and largest
            else ""
        ),
        at=context.at(*document.file_path(0)) if document else None,
    )
    for index in sorted(split_units(parts)):
        document = tabs.get(units[index].key)
        if document is not None:
            context.findings.warning(
                "exhibit-split",
                f"exhibit {document.id} is about {human_bytes(units[index].size)}, more than "
                f"one part can hold under {limit.source}: its pages will be split between "
                "parts (or rebuild with --downsample 150)",
                exhibit=document.id,
                at=context.at(*document.file_path(0)),
            )
