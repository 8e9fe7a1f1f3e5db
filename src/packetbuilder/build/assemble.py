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
from .plan import PAGE_LINK_PREFIX, PacketPlan
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
        inserted = writer.insert_page(page, plan.pdf_index(number))
        open_contents(inserted, opening)
        stamper.stamp(inserted, number, exhibit_text)
        return inserted

    # In packet order, so that every page before the one inserted is in its place.
    front_pages = [
        insert(front_reader.pages[index], index + 1, letter_stamp(index + 1, plan))
        for index in range(plan.front.total)
    ]
    tab_pages: dict[str, PageObject] = {}
    placeholders = iter(sorted(front.placeholder_pages.items(), key=lambda item: int(item[0])))
    for tab in plan.tabs:
        if tab.label in merged.tab_pages:  # drawn while merging
            tab_pages[tab.label] = merged.tab_pages[tab.label]
        else:  # made from the templates
            page = front_reader.pages[front.tab_pages[tab.label]]
            tab_pages[tab.label] = insert(page, tab.tab_page)
        for part in tab.parts:
            if part.placeholder:  # a draft's missing document
                _, page_index = next(placeholders)
                insert(
                    front_reader.pages[page_index],
                    part.first_page,
                    exhibit_stamp(tab, part.page_in_tab),
                )
    if len(writer.pages) != plan.total_pages:
        raise InternalError(f"planned {plan.total_pages} pages, assembled {len(writer.pages)}")

    link_front_matter(front_pages, writer, plan)
    outline_count = add_bookmarks(
        writer, plan, front_pages, tab_pages, merged.form_pages, merged.outlines
    )
    writer.add_metadata(pdf_metadata(metadata))
    return AssembledPacket(writer, len(writer.pages), outline_count, merged.notes)


def letter_stamp(number: int, plan: PacketPlan) -> str | None:
    """The left stamp of a cover letter page: "Page 1 of 3" (the index carries none)."""
    return f"Page {number} of {plan.front.cover}" if number <= plan.front.cover else None


def link_front_matter(front_pages: list[PageObject], writer: PdfWriter, plan: PacketPlan) -> None:
    """Turn the laid-out `packet:page/N` links of the cover and index into links to packet
    page N."""
    for page in front_pages:
        for reference in page.get("/Annots", ArrayObject()):
            annotation = reference.get_object()
            action = annotation.get("/A")
            action = action.get_object() if action is not None else None
            uri = str(action.get("/URI", "")) if isinstance(action, DictionaryObject) else ""
            if not uri.startswith(PAGE_LINK_PREFIX):
                continue
            target = writer.pages[plan.pdf_index(int(uri.removeprefix(PAGE_LINK_PREFIX)))]
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
