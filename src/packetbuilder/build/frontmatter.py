"""What the layout is asked for and what it hands back; light enough to import anywhere.

The layout worker imports this and `layout` only: no models, no templates, no PDF library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FrontMatterSize:
    """How many pages the cover letter and the index take."""

    cover: int
    index: int

    @property
    def total(self) -> int:
        return self.cover + self.index


@dataclass(frozen=True)
class LayoutRequest:
    """Composed HTML to lay out, numbered for a front matter of `size` pages."""

    html: str
    size: FrontMatterSize
    stylesheet: Path
    base_folder: Path  # relative URLs in the case text resolve here
    allowed_folders: tuple[Path, ...]  # the only folders the layout may read files from
    tab_labels: tuple[str, ...]  # tabs whose tab page is in the HTML
    date: dt.date  # the date written into the PDF (fonts carry one)


@dataclass(frozen=True)
class RenderedFrontMatter:
    """The laid-out front matter, its measured size, and where each templated part is.

    `pdf` is None when the size measured is not the size the page numbers were composed for.
    """

    pdf: bytes | None
    size: FrontMatterSize
    tab_pages: dict[str, int]  # label -> page index of a tab page made from the templates
    placeholder_pages: dict[str, int]  # label -> page index of its draft placeholder
