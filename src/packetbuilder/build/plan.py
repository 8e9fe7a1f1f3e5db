"""Plan: tab labels, the packet's page map and Bates ranges, from page counts alone.

Packet pages are numbered from 1 at the first page of the cover letter; the Bates number of a
page is its packet page number, so both run continuously over the whole packet.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from ..case.model import DocumentEntry
from ..errors import InternalError
from ..exhibits.source import SourceFile
from ..options import LabelStyle
from ..report import CheckReport, DocumentReport
from .frontmatter import FrontMatterSize

LETTER = (612.0, 792.0)  # US Letter in points, portrait: every page of a packet
BATES_DIGITS = 6
TAB_LINK_PREFIX = "packet:tab/"  # links in the front matter that assemble points at tab pages


def tab_label(index: int, style: LabelStyle = "letters") -> str:
    """The label of the tab at 0-based `index`: A..Z, AA, AB... or 1, 2, 3..."""
    if style == "numbers":
        return str(index + 1)
    label = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        label = string.ascii_uppercase[remainder] + label
    return label


def tab_labels(entries: Sequence[DocumentEntry], style: LabelStyle) -> list[str]:
    """The label of each letter and exhibit entry, in packet order."""
    return [tab_label(index, style) for index, _ in enumerate(entries)]


def default_bates_prefix(case_id: str) -> str:
    """A Bates prefix from the case id: its letters and digits, upper case (HP-2026-0142 gives
    HP20260142)."""
    return re.sub(r"[^A-Za-z0-9]", "", case_id).upper() or "PACKET"


@dataclass(frozen=True)
class TabPlan:
    """One tab of the packet: its tab page, then its exhibit pages (or one placeholder page)."""

    report: DocumentReport
    tab_page: int  # packet page of the tab page
    pages: int  # exhibit pages after the tab page (1 for a draft placeholder)
    placeholder: bool

    @property
    def id(self) -> str:
        return self.report.id

    @property
    def label(self) -> str:
        return self.report.label

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def files(self) -> list[SourceFile]:
        return self.report.files

    @property
    def first_page(self) -> int:
        """Packet page of the exhibit's first page (right after its tab page)."""
        return self.tab_page + 1

    @property
    def last_page(self) -> int:
        return self.tab_page + self.pages


@dataclass(frozen=True)
class PacketPlan:
    """Where every page of the packet goes."""

    front: FrontMatterSize
    tabs: list[TabPlan]
    bates_prefix: str
    draft: bool

    @property
    def total_pages(self) -> int:
        return self.front.total + sum(1 + tab.pages for tab in self.tabs)

    @property
    def index_page(self) -> int:
        return self.front.cover + 1

    def bates(self, packet_page: int) -> str:
        """The Bates number of a packet page, e.g. HP0142-000123."""
        return f"{self.bates_prefix}-{packet_page:0{BATES_DIGITS}d}"

    def tab(self, document_id: str) -> TabPlan | None:
        return next((tab for tab in self.tabs if tab.id == document_id), None)


def plan_packet(
    report: CheckReport, front: FrontMatterSize, bates_prefix: str, *, draft: bool = False
) -> PacketPlan:
    """Lay the tabs out after the front matter; unusable documents become one placeholder page."""
    tabs: list[TabPlan] = []
    page = front.total + 1
    for document in report.documents:
        pages = document.pages
        placeholder = pages is None
        if placeholder and not draft:
            raise InternalError(f"{document.id} has no usable pages; only a draft can be planned")
        tab = TabPlan(report=document, tab_page=page, pages=pages or 1, placeholder=placeholder)
        tabs.append(tab)
        page = tab.last_page + 1
    return PacketPlan(front=front, tabs=tabs, bates_prefix=bates_prefix, draft=draft)
