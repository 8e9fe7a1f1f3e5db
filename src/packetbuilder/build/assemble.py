"""Assemble: the front matter, templated tab pages and draft placeholders inserted among the
merged exhibits and stamped; the front matter linked to the tabs; every tab bookmarked."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject

from ..errors import InternalError
from ..exhibits.source import Problem
from .frontmatter import RenderedFrontMatter
from .merge import MergedExhibits
from .metadata import PacketMetadata, pdf_metadata
from .outline import add_bookmarks
from .place import open_contents
from .plan import TAB_LINK_PREFIX, PacketPlan
from .stamp import exhibit_stamp


@dataclass
class AssembledPacket:
    """The packet as a pypdf writer, ready to be written, and what assembling noticed."""

    writer: PdfWriter
    page_count: int
    outline_count: int
    notes: list[Problem] = field(default_factory=list)


def assemble_packet(
    merged: MergedExhibits,
    plan: PacketPlan,
    front: RenderedFrontMatter,
    metadata: PacketMetadata,
) -> AssembledPacket:
    """Insert the front matter, templated tab pages and draft placeholders and stamp them;
    link the front matter to the tabs; bookmark every tab; set the document information."""
    writer = merged.writer
    stamper = merged.stamper
    if stamper is None:
        raise InternalError("the merged pages were not stamped")
    if front.pdf is None or front.size != plan.front:
        raise InternalError("the front matter was laid out for another length")
    stamped = stamper.plan
    if (stamped.bates_prefix, stamped.draft) != (plan.bates_prefix, plan.draft):
        raise InternalError("the merged pages were stamped for another packet")
    if stamped.front != plan.front:  # stamped by the first guess of the front matter's length
        stamper.renumber(plan)
    opening = merged.streams.get("q\n")
    front_reader = PdfReader(io.BytesIO(front.pdf))

    def insert(page: PageObject, number: int, exhibit_text: str | None = None) -> PageObject:
        inserted = writer.insert_page(page, number - 1)
        open_contents(inserted, opening)
        stamper.stamp(inserted, number, exhibit_text)
        return inserted

    front_pages = [insert(front_reader.pages[i], i + 1) for i in range(plan.front.total)]
    tab_pages: dict[str, PageObject] = {}
    for tab in plan.tabs:  # in order, so that every page before this tab is in place
        if tab.label in merged.tab_pages:  # drawn while merging
            tab_page = merged.tab_pages[tab.label]
        elif tab.label in front.tab_pages:  # made from the templates
            tab_page = insert(front_reader.pages[front.tab_pages[tab.label]], tab.tab_page)
        else:  # a draft's missing document
            tab_page = merged.tab_maker.add(tab.label, tab.title, tab.pages, tab.tab_page - 1)
            open_contents(tab_page, opening)
            stamper.stamp(tab_page, tab.tab_page, None)
        tab_pages[tab.label] = tab_page
        if tab.placeholder:
            placeholder = front_reader.pages[front.placeholder_pages[tab.label]]
            insert(placeholder, tab.first_page, exhibit_stamp(tab, 1))
    if len(writer.pages) != plan.total_pages:
        raise InternalError(f"planned {plan.total_pages} pages, assembled {len(writer.pages)}")

    link_front_matter(front_pages, tab_pages)
    nested = {tab.label: merged.outlines.get(tab.label, []) for tab in plan.tabs}
    outline_count = add_bookmarks(writer, plan, front_pages, tab_pages, nested)
    writer.add_metadata(pdf_metadata(metadata))
    return AssembledPacket(writer, len(writer.pages), outline_count, merged.notes)


def link_front_matter(front_pages: list[PageObject], tab_pages: dict[str, PageObject]) -> None:
    """Turn the rendered `packet:tab/B` links of the cover and index into links to tab pages."""
    for page in front_pages:
        for reference in page.get("/Annots", ArrayObject()):
            annotation = reference.get_object()
            action = annotation.get("/A")
            action = action.get_object() if action is not None else None
            uri = str(action.get("/URI", "")) if isinstance(action, DictionaryObject) else ""
            if not uri.startswith(TAB_LINK_PREFIX):
                continue
            target = tab_pages[uri.removeprefix(TAB_LINK_PREFIX)]
            del annotation["/A"]
            annotation[NameObject("/Dest")] = ArrayObject(
                [
                    target.indirect_reference,
                    NameObject("/XYZ"),
                    NullObject(),
                    NullObject(),
                    NullObject(),
                ]
            )
