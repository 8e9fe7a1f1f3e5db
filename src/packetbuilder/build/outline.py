"""Bookmarks: each exhibit's own outline, read with a guard against loops and depth, and the
packet's: cover letter, index, then one per tab with the exhibit's own nested below."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .annotations import destination_page
from .plan import PacketPlan

MAX_OUTLINE_ITEMS = 10_000
MAX_OUTLINE_DEPTH = 32


@dataclass
class OutlineEntry:
    """A bookmark of an exhibit's own outline: title, target page in the packet, children."""

    title: str
    page: PageObject | None
    children: list[OutlineEntry] = field(default_factory=list)


def read_outline(reader: PdfReader, added: dict[int, PageObject]) -> list[OutlineEntry]:
    """An exhibit's own bookmarks, walked with a guard: loops and deep nesting end the walk."""
    try:
        root = reader.root_object.get("/Outlines")
        if root is None:
            return []
        seen: set[int] = set()
        return list(outline_children(reader, root.get_object(), added, seen, 0))
    except (KeyError, AttributeError, TypeError, ValueError, RecursionError):
        return []


def outline_children(
    reader: PdfReader,
    parent: DictionaryObject,
    added: dict[int, PageObject],
    seen: set[int],
    depth: int,
) -> Iterator[OutlineEntry]:
    if depth > MAX_OUTLINE_DEPTH:
        return
    reference = parent.get("/First")
    while isinstance(reference, IndirectObject) and len(seen) < MAX_OUTLINE_ITEMS:
        if reference.idnum in seen:
            return  # a /Next or /First that loops back: stop here
        seen.add(reference.idnum)
        item = reference.get_object()
        if not isinstance(item, DictionaryObject):
            return
        entry = OutlineEntry(
            title=str(item.get("/Title", "")).strip() or "(untitled)",
            page=outline_target(reader, item, added),
        )
        entry.children = list(outline_children(reader, item, added, seen, depth + 1))
        yield entry
        reference = item.get("/Next")


def outline_target(
    reader: PdfReader, item: DictionaryObject, added: dict[int, PageObject]
) -> PageObject | None:
    destination = item.get("/Dest")
    action = item.get("/A")
    if destination is None and action is not None:
        action = action.get_object()
        if isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
            destination = action.get("/D")
    if destination is None:
        return None
    resolved = destination.get_object()
    if not isinstance(resolved, ArrayObject):  # a named destination
        named = reader.named_destinations.get(str(resolved))
        if named is None:
            return None
        number = reader.get_destination_page_number(named)
        return added.get(-1 - number) if number is not None and number >= 0 else None
    return destination_page(resolved, added)


def add_bookmarks(
    writer: PdfWriter,
    plan: PacketPlan,
    front_pages: list[PageObject],
    tab_pages: dict[str, PageObject],
    form_pages: dict[str, list[PageObject]],
    outlines: dict[str, list[OutlineEntry]],
) -> int:
    """ "Forms" with one child per form; cover letter, index; then one bookmark per tab with
    the exhibit's own bookmarks nested below, and one per translation placed with it."""
    count = 0
    if plan.forms:
        first = form_pages[plan.forms[0].id][0]
        parent = writer.add_outline_item(title="Forms", page_number=first, is_open=True)
        for form in plan.forms:
            writer.add_outline_item(
                title=form.title, page_number=form_pages[form.id][0], parent=parent
            )
        count += 1 + len(plan.forms)
    writer.add_outline_item(title="Cover letter", page_number=front_pages[0])
    writer.add_outline_item(title="Index of exhibits", page_number=front_pages[plan.front.cover])
    count += 2
    for tab in plan.tabs:
        title = f"{tab.label}. {tab.title}" + (" (missing)" if tab.placeholder else "")
        tab_page = tab_pages[tab.label]
        parent = writer.add_outline_item(title=title, page_number=tab_page, is_open=False)
        count += 1
        for part in tab.parts:
            below, fallback = parent, tab_page
            if part.is_translation:
                fallback = writer.pages[plan.pdf_index(part.first_page)]
                below = writer.add_outline_item(
                    title=part.title, page_number=fallback, parent=parent, is_open=False
                )
                count += 1
            count += add_nested(writer, below, outlines.get(part.id, []), fallback)
    return count


def add_nested(
    writer: PdfWriter, parent: Any, entries: list[OutlineEntry], fallback: PageObject
) -> int:
    count = 0
    for entry in entries:
        item = writer.add_outline_item(
            title=entry.title, page_number=entry.page or fallback, parent=parent, is_open=False
        )
        count += 1 + add_nested(writer, item, entry.children, entry.page or fallback)
    return count
