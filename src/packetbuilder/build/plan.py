"""Plan: the order of the packet, its tab labels, its page map and Bates ranges, from page
counts alone.

A packet is: the official forms (as they are: no stamp, no Bates number), the cover letter,
the index, then one tab per letter or exhibit, each a tab page and the document's pages. A
translation sits right after its original, under the original's tab and label, unless the
case asks for `translations: own_tab` (a tab of its own, still right after its original).

Packet pages are numbered from 1 at the first page of the cover letter; the Bates number of a
page is its packet page number. Every page number the packet prints is that number, not the
page's position in the PDF file (the forms come before page 1).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..case.model import DocumentEntry, FormEntry
from ..errors import InternalError
from ..exhibits.source import SourceFile
from ..options import LabelStyle
from ..report import CheckReport, DocumentReport, FormReport
from .frontmatter import FrontMatterSize

LETTER = (612.0, 792.0)  # US Letter in points, portrait: every page of a packet
BATES_DIGITS = 6
PAGE_LINK_PREFIX = "packet:page/"  # links in the front matter to packet page N (assemble)
TranslationPlacement = Literal["with_original", "own_tab"]


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


@dataclass(frozen=True)
class Placed:
    """A letter or exhibit entry in packet order: its label, and its original if it is a
    translation placed under the original's tab."""

    entry: DocumentEntry
    label: str
    with_original: str | None


def originals_of(entries: Sequence[DocumentEntry]) -> dict[str, str]:
    """translation id → original id, for each valid translation of an existing original that
    is not itself a translation."""
    by_id = {entry.id: entry for entry in entries}
    found = {}
    for entry in entries:
        document = entry.document
        original = by_id.get(document.translation_of or "") if document else None
        if original is None or original is entry or original.document is None:
            continue
        if original.document.translation_of is None:
            found[entry.id] = original.id
    return found


def packet_order(
    entries: Sequence[DocumentEntry],
    style: LabelStyle = "letters",
    translations: TranslationPlacement = "with_original",
) -> list[Placed]:
    """Every entry in packet order with its label: letters, then exhibits, as listed; each
    translation moved right after its original (with its label, or its own tab)."""
    originals = originals_of(entries)
    followers: dict[str, list[DocumentEntry]] = {}
    for entry in entries:
        if entry.id in originals:
            followers.setdefault(originals[entry.id], []).append(entry)
    ordered: list[Placed] = []
    tabs = 0

    def place(entry: DocumentEntry) -> None:
        nonlocal tabs
        label = tab_label(tabs, style)
        tabs += 1
        ordered.append(Placed(entry, label, None))
        for translation in followers.get(entry.id, []):
            if translations == "own_tab":
                ordered.append(Placed(translation, tab_label(tabs, style), None))
                tabs += 1
            else:
                ordered.append(Placed(translation, label, entry.id))

    for kind in ("letter", "exhibit"):
        for entry in entries:
            if entry.kind == kind and entry.id not in originals:
                place(entry)
    return ordered


def tab_labels(entries: Sequence[DocumentEntry], style: LabelStyle) -> list[str]:
    """The labels of the entries, in the order given (each a tab of its own)."""
    return [tab_label(index, style) for index, _ in enumerate(entries)]


def forms_order(
    forms: Sequence[FormEntry], order: Sequence[str], people: Sequence[str], *, as_listed: bool
) -> list[FormEntry]:
    """The forms on top: in the agency's `order` of form names, each name's forms in the order
    of the people they are for, then as listed; or as listed."""
    if as_listed:
        return list(forms)

    def key(item: tuple[int, FormEntry]) -> tuple[int, int, int]:
        index, form = item
        rank = order.index(form.name) if form.name in order else len(order)
        person = people.index(form.person) if form.person in people else len(people)
        return rank, person, index

    return [form for _, form in sorted(enumerate(forms), key=key)]


def default_bates_prefix(case_id: str) -> str:
    """A Bates prefix from the case id: its letters and digits, upper case (HP-2026-0142 gives
    HP20260142)."""
    return re.sub(r"[^A-Za-z0-9]", "", case_id).upper() or "PACKET"


@dataclass(frozen=True)
class FormPlan:
    """One form on top of the packet: where its pages are in the PDF file (0-based)."""

    report: FormReport
    first_index: int
    pages: int

    @property
    def id(self) -> str:
        return self.report.id

    @property
    def title(self) -> str:
        return self.report.title


@dataclass(frozen=True)
class PartPlan:
    """One document under a tab: the original, or a translation placed with it."""

    report: DocumentReport
    first_page: int  # packet page of its first page
    pages: int  # 1 for a draft's placeholder
    placeholder: bool
    page_in_tab: int  # 1-based: its first page is page `page_in_tab` of the tab's pages

    @property
    def id(self) -> str:
        return self.report.id

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def is_translation(self) -> bool:
        return self.report.with_original is not None

    @property
    def last_page(self) -> int:
        return self.first_page + self.pages - 1


@dataclass(frozen=True)
class TabPlan:
    """One tab of the packet: its tab page, then the pages of its documents."""

    label: str
    tab_page: int  # packet page of the tab page
    parts: list[PartPlan] = field(default_factory=list)

    @property
    def report(self) -> DocumentReport:
        """The tab's own document (its first part)."""
        return self.parts[0].report

    @property
    def id(self) -> str:
        return self.report.id

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def pages(self) -> int:
        """Pages after the tab page, translations included."""
        return sum(part.pages for part in self.parts)

    @property
    def placeholder(self) -> bool:
        """True when the tab's own document is missing (a draft's placeholder)."""
        return self.parts[0].placeholder

    @property
    def files(self) -> list[SourceFile]:
        return [source for part in self.parts for source in part.report.files]

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
    forms: list[FormPlan] = field(default_factory=list)
    part_pages: tuple[int, ...] = ()  # packet pages where Part 2, 3... begin (none: one file)

    @property
    def part_count(self) -> int:
        """How many files the packet is written as (1: one file)."""
        return len(self.part_pages) + 1

    def part_of(self, packet_page: int) -> int:
        """The part (1-based) that holds packet page `packet_page`."""
        return 1 + sum(1 for start in self.part_pages if start <= packet_page)

    def part_ranges(self) -> list[tuple[int, int]]:
        """Each part's pages in the PDF file, [start, stop) 0-based (Part 1 from the forms)."""
        starts = [0, *(self.pdf_index(page) for page in self.part_pages), self.total_pages]
        return list(zip(starts, starts[1:], strict=False))

    @property
    def form_pages(self) -> int:
        """Pages of the forms on top, before packet page 1."""
        return sum(form.pages for form in self.forms)

    @property
    def total_pages(self) -> int:
        """Pages of the PDF file, forms included."""
        return self.form_pages + self.last_page

    @property
    def last_page(self) -> int:
        """The last packet page (its Bates number)."""
        return self.front.total + sum(1 + tab.pages for tab in self.tabs)

    @property
    def index_page(self) -> int:
        return self.front.cover + 1

    def pdf_index(self, packet_page: int) -> int:
        """The 0-based position in the PDF file of packet page `packet_page`."""
        return self.form_pages + packet_page - 1

    def bates(self, packet_page: int) -> str:
        """The Bates number of a packet page, e.g. HP0142-000123."""
        return f"{self.bates_prefix}-{packet_page:0{BATES_DIGITS}d}"

    def tab(self, document_id: str) -> TabPlan | None:
        """The tab that holds the document (its own, or its original's)."""
        return next(
            (tab for tab in self.tabs if any(part.id == document_id for part in tab.parts)), None
        )

    def part(self, document_id: str) -> PartPlan | None:
        return next(
            (part for tab in self.tabs for part in tab.parts if part.id == document_id), None
        )

    @property
    def parts(self) -> list[PartPlan]:
        return [part for tab in self.tabs for part in tab.parts]


def plan_packet(
    report: CheckReport,
    front: FrontMatterSize,
    bates_prefix: str,
    *,
    draft: bool = False,
    part_starts: Sequence[tuple[int, int]] = (),
) -> PacketPlan:
    """Lay the forms out first, then the tabs after the front matter; an unusable document
    becomes one placeholder page (a draft only). `part_starts`: where Parts 2, 3... begin, as
    (tab index, page of the tab counting its tab page as 0)."""
    forms = []
    index = 0
    for form in report.forms:
        if form.pages is None:
            if not draft:
                raise InternalError(f"form {form.id} has no usable pages; only a draft has it")
            continue  # a draft leaves out a form it cannot use: check says which
        forms.append(FormPlan(form, index, form.pages))
        index += form.pages
    tabs: list[TabPlan] = []
    page = front.total + 1
    for document in report.documents:
        pages = document.pages
        placeholder = pages is None
        if placeholder and not draft:
            raise InternalError(f"{document.id} has no usable pages; only a draft can be planned")
        if document.with_original is None or not tabs:
            tabs.append(TabPlan(label=document.label, tab_page=page))
            page += 1
        tab = tabs[-1]
        part = PartPlan(document, page, pages or 1, placeholder, tab.pages + 1)
        tab.parts.append(part)
        page += part.pages
    part_pages = tuple(tabs[tab].tab_page + offset for tab, offset in part_starts)
    return PacketPlan(front, tabs, bates_prefix, draft, forms, part_pages)
