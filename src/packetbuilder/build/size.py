"""Size: how large a packet will be, and where it breaks into parts under a per-file limit.

Check estimates from the files' own sizes; the build plans its parts from the same estimate,
then verifies every part it wrote against the limit (and plans again, tighter, when an
estimate was short). Parts break between exhibits; an exhibit larger than a part by itself is
split between its pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import UsageError
from ..report import DocumentReport, FormReport

# What the packet adds to its files, measured on the benchmark packets (bench/results.md):
# a stamp and its placement per page, the front matter with its fonts, a tab page per tab.
PAGE_OVERHEAD = 260
FRONT_MATTER_BYTES = 60_000  # the letter and index with their fonts subset
TAB_PAGE_BYTES = 1_500
PART_OVERHEAD = 75_000  # each part embeds the stamps' and tab pages' fonts (three, whole)
LIMIT_MARGIN = 0.97  # plan below the limit: the estimate is an estimate
UNITS = {"B": 1, "KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000}
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?B)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FilingLimit:
    """The per-file limit a packet must keep, and where it comes from (for messages)."""

    bytes: int
    source: str  # "ecas", "--max-size 20MB"
    per_exhibit: bool = False


def filing_limit(target: str | None, max_size: int | None) -> FilingLimit | None:
    """The limit of `--target` and `--max-size` (which sets or overrides the target's)."""
    from ..case.data import filing_target

    chosen = filing_target(target) if target else None
    per_exhibit = chosen.per_exhibit if chosen else False
    if max_size is not None:
        return FilingLimit(max_size, f"--max-size {human_bytes(max_size)}", per_exhibit)
    if chosen is None or chosen.max_bytes is None:
        return None
    return FilingLimit(
        chosen.max_bytes, f"{chosen.id} ({human_bytes(chosen.max_bytes)})", per_exhibit
    )


def human_bytes(size: int) -> str:
    """25 MB, 812 KB: decimal, as filing limits are given."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}".rstrip("0").rstrip(".") + " MB"
    return f"{max(1, round(size / 1000))} KB"


def parse_size(text: str) -> int:
    """`25MB`, `12 MB`, `500KB`, `1.5GB`, `800000` (decimal units) as bytes."""
    found = SIZE.match(text)
    if not found:
        raise UsageError(f"--max-size {text}: give a size such as 25MB (units B, KB, MB, GB)")
    number, unit = float(found[1]), (found[2] or "B").upper()
    size = int(number * UNITS[unit])
    if size < 100_000:
        raise UsageError(f"--max-size {text}: at least 100KB (a part holds the letter and index)")
    return size


@dataclass(frozen=True)
class Unit:
    """What is placed whole where it can be: the forms and front matter (always Part 1), or
    one tab (its tab page, then its pages), with an estimate of each page's bytes."""

    key: str  # "front" or the tab's label
    pages: tuple[int, ...]  # estimated bytes of each PDF page of the unit

    @property
    def size(self) -> int:
        """Estimated bytes of the whole unit."""
        return sum(self.pages)


@dataclass(frozen=True)
class Piece:
    """A run of pages of one unit inside one part: pages [start, stop) of the unit."""

    unit: int
    start: int
    stop: int


def file_pages(files: Sequence[object], pages: int | None) -> list[int]:
    """Estimated bytes per page of a document: each file's size spread over its pages."""
    costs: list[int] = []
    for source in files:
        size = getattr(source, "packet_size", None) or getattr(source, "size", None) or 0
        count = getattr(source, "pages", None) or 1
        costs += [size // count + PAGE_OVERHEAD] * count
    return costs or [PAGE_OVERHEAD] * (pages or 1)


def packet_units(
    forms: Sequence[FormReport],
    documents: Sequence[DocumentReport],
    front_pages: int = 3,
    saved: Mapping[str, int] | None = None,
) -> list[Unit]:
    """The packet as units in order: forms and front matter, then each tab. `saved`: bytes
    a document's images lost to downsampling, by document id (taken from its pages)."""
    saved = saved or {}

    def pages_of(document_id: str, files: Sequence[object], pages: int | None) -> list[int]:
        costs = file_pages(files, pages)
        total = sum(costs)
        if not saved.get(document_id) or not total:
            return costs
        kept = max(0.0, 1 - saved[document_id] / total)
        return [max(PAGE_OVERHEAD, int(cost * kept)) for cost in costs]

    first: list[int] = []
    for form in forms:
        first += pages_of(form.id, form.files, form.pages)
    first += [FRONT_MATTER_BYTES // max(1, front_pages)] * front_pages
    units = [Unit("front", tuple(first))]
    tab_pages: list[int] = []
    label = None
    for document in documents:
        if document.with_original is None and label is not None:
            units.append(Unit(label, tuple(tab_pages)))
            tab_pages = []
        if document.with_original is None:
            label = document.label
            tab_pages = [TAB_PAGE_BYTES]
        tab_pages += pages_of(document.id, document.files, document.pages)
    if label is not None:
        units.append(Unit(label, tuple(tab_pages)))
    return units


def scaled(units: Sequence[Unit], factor: float) -> list[Unit]:
    """The units with every page's estimate multiplied by `factor`."""
    if factor == 1.0:
        return list(units)
    return [Unit(unit.key, tuple(int(cost * factor) for cost in unit.pages)) for unit in units]


def estimated_bytes(units: Sequence[Unit]) -> int:
    """The packet's estimated size as one file (its fonts once)."""
    return sum(unit.size for unit in units) + PART_OVERHEAD


def part_budget(limit: int) -> int:
    """What one file under `limit` is planned to hold besides its fonts."""
    return int(limit * LIMIT_MARGIN) - PART_OVERHEAD


def split_into_parts(units: Sequence[Unit], limit: int) -> list[list[Piece]]:
    """Parts under `limit`: whole units where they fit, the first unit in Part 1, a unit too
    large for a part of its own split between its pages (each part at least one page)."""
    budget = part_budget(limit)
    parts: list[list[Piece]] = [[]]
    used = 0
    for index, unit in enumerate(units):
        if used + unit.size <= budget or (index == 0):
            parts[-1].append(Piece(index, 0, len(unit.pages)))
            used += unit.size
            continue
        if unit.size <= budget:  # a new part, whole
            parts.append([Piece(index, 0, len(unit.pages))])
            used = unit.size
            continue
        # Too large for any part: page by page, starting a part of its own.
        if parts[-1]:
            parts.append([])
            used = 0
        start = 0
        for page, cost in enumerate(unit.pages):
            if used + cost > budget and page > start:
                parts[-1].append(Piece(index, start, page))
                parts.append([])
                start, used = page, 0
            used += cost
        parts[-1].append(Piece(index, start, len(unit.pages)))
    return [part for part in parts if part]


def split_units(parts: Sequence[Sequence[Piece]]) -> set[int]:
    """The units split between parts."""
    seen: dict[int, int] = {}
    for part in parts:
        for piece in part:
            seen[piece.unit] = seen.get(piece.unit, 0) + 1
    return {unit for unit, count in seen.items() if count > 1}


def part_starts(parts: Sequence[Sequence[Piece]]) -> tuple[tuple[int, int], ...]:
    """Where Parts 2, 3... begin, as (tab index, page of the unit) for the plan (the first
    unit is the forms and front matter: tab index = unit index - 1)."""
    return tuple((part[0].unit - 1, part[0].start) for part in parts[1:])
