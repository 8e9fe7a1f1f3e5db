"""What the render stage is asked for and what it hands back; light enough to import anywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .model import REASON_TEXTS, Case
from .plan import FrontMatterSize

if TYPE_CHECKING:
    from .check import CheckReport

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class RenderOptions:
    templates_dir: Path | None
    case_folder: Path
    profile_title: str
    bates_prefix: str
    draft: bool
    templated_tabs: frozenset[str] = frozenset()  # labels whose tab pages the templates make


@dataclass(frozen=True)
class RenderedFrontMatter:
    """The rendered PDF, its settled size, and where each templated part is (page indexes)."""

    pdf: bytes
    size: FrontMatterSize
    tab_pages: dict[str, int]  # label -> page index of a tab page made from the templates
    placeholder_pages: dict[str, int]  # label -> page index of its draft placeholder


def packet_title(case: Case) -> str:
    return f"Request for humanitarian parole — {case.applicant.full_name}"


# Rough measures of the shipped stylesheet, in points, for a first guess of the length.
USABLE_HEIGHT = 792 - 0.9 * 72 - 72
LETTER_LINE, LETTER_CHARS_PER_LINE, LETTER_HEAD = 15.0, 88, 330.0
INDEX_ROW, INDEX_HEAD, INDEX_CHARS_PER_LINE = 25.0, 80.0, 62


def estimated_size(case: Case, report: CheckReport) -> FrontMatterSize:
    """A first guess at the cover letter's and the index's length: the render lays out from it
    and the build stamps the exhibit pages by it while the render runs. A wrong guess costs
    another layout pass and merging the exhibits again, never a wrong page number."""
    texts = [*(getattr(case.reason, name) for name in REASON_TEXTS)]
    texts += [event.what for event in case.timeline.events]
    texts += [case.timeline.departure_plan or ""]
    lines = sum(
        -(-(len(part) + 14 * part.count("[[")) // LETTER_CHARS_PER_LINE) + 0.5
        for text in texts
        for part in PARAGRAPH_BREAK.split(text)
    )
    cover_height = LETTER_HEAD + (lines + 16) * LETTER_LINE
    rows = sum(
        1 + len(document.document.title) // INDEX_CHARS_PER_LINE for document in report.documents
    )
    return FrontMatterSize(
        cover=max(1, -(-int(cover_height) // int(USABLE_HEIGHT))),
        index=max(1, -(-int(INDEX_HEAD + rows * INDEX_ROW) // int(USABLE_HEIGHT))),
    )
