"""Stamps: the Bates number at the right of every page, "Exhibit B, page 2 of 7" at the left of
exhibit pages, DRAFT across a draft's pages; real text in one small stream per page, with one
font shared by the whole packet."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from ._pypdf import add_object
from .annotations import page_resources
from .fonts import SANS, Metrics, embed, metrics
from .place import content_stream, fmt
from .plan import PacketPlan, TabPlan

STAMP_MARGIN = 36.0
STAMP_BASELINE = 15.0
STAMP_SIZE = 8.5
STAMP_FONT = NameObject("/PBs")
STAMP_FONT_FILE = SANS


def exhibit_stamp(tab: TabPlan, page_number: int) -> str:
    """The left stamp of an exhibit page: "Exhibit B, page 2 of 7" (tab page not counted)."""
    return f"Exhibit {tab.label}, page {page_number} of {tab.pages}"


@dataclass
class StampedPage:
    page: PageObject
    number: int | None  # None: a form on top, which carries no number
    exhibit_text: str | None
    stream: DecodedStreamObject


class Stamper:
    """Stamps pages with one font object shared by the whole packet, and can number them anew.

    Exhibit pages are stamped while the front matter is laid out, numbered by a first guess of
    its length; `renumber` rewrites each stamp in place when the length laid out differs, so
    that the packet never carries a number of a plan other than its own (`assemble` checks).
    """

    def __init__(self, writer: PdfWriter, plan: PacketPlan) -> None:
        self.writer = writer
        self.plan = plan
        self.metrics = metrics(STAMP_FONT_FILE)
        self.font = embed(writer, STAMP_FONT_FILE)
        self.stamped: list[StampedPage] = []

    def stamp(self, page: PageObject, number: int | None, exhibit_text: str | None) -> None:
        """Stamp packet page `number`: Bates number right, exhibit page left, DRAFT across
        (a form, `number` None, gets the DRAFT mark only, in a draft).

        The page's contents must have been opened with a `q` (open_contents).
        """
        fonts: Any = page_resources(page).get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            page_resources(page)[NameObject("/Font")] = fonts
        fonts.get_object()[STAMP_FONT] = self.font
        stream = content_stream(self.stamp_text(page, number, exhibit_text))
        cast(ArrayObject, page["/Contents"]).append(add_object(self.writer, stream))
        self.stamped.append(StampedPage(page, number, exhibit_text, stream))

    def renumber(self, plan: PacketPlan) -> None:
        """Move every stamp to `plan`, whose front matter differs in length from this one's."""
        shift = plan.front.total - self.plan.front.total
        self.plan = plan
        for stamped in self.stamped:
            if stamped.number is None:
                continue
            stamped.number += shift
            stamped.stream.set_data(
                self.stamp_text(stamped.page, stamped.number, stamped.exhibit_text).encode(
                    "latin-1"
                )
            )

    def stamp_text(self, page: PageObject, number: int | None, exhibit_text: str | None) -> str:
        """The stamp stream's operators for packet page `number`."""
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        if number is None:
            if not self.plan.draft:
                return "Q"
            mark = draft_mark(width, height, self.metrics)
            return f"Q\nq 1 0 0 1 {fmt(float(box.left))} {fmt(float(box.bottom))} cm {mark} Q"
        bates = self.plan.bates(number)
        # Q closes the page's own content; the state is then the page's initial one (black).
        # One text object with relative moves: this stream is the only per-page cost.
        bates_x = width - STAMP_MARGIN - self.metrics.text_width(bates, STAMP_SIZE)
        text = f"BT{STAMP_FONT} {fmt(STAMP_SIZE)} Tf "
        if exhibit_text:
            text += (
                f"{fmt(STAMP_MARGIN)} {fmt(STAMP_BASELINE)} Td{self.metrics.hex(exhibit_text)}Tj "
            )
            text += f"{fmt(bates_x - STAMP_MARGIN, 1)} 0 Td{self.metrics.hex(bates)}Tj ET"
        else:
            text += f"{fmt(bates_x, 1)} {fmt(STAMP_BASELINE)} Td{self.metrics.hex(bates)}Tj ET"
        parts = ["Q", text]
        if self.plan.draft:
            parts.append(draft_mark(width, height, self.metrics))
        return "\n".join(parts)


def draft_mark(width: float, height: float, font: Metrics) -> str:
    """A large outlined DRAFT across the page, diagonal, that leaves the content readable."""
    size = 120.0
    angle = math.atan2(height, width)
    cos, sin = math.cos(angle), math.sin(angle)
    text_w = font.text_width("DRAFT", size)
    cx, cy = width / 2, height / 2
    x = cx - cos * text_w / 2 + sin * size * 0.35
    y = cy - sin * text_w / 2 - cos * size * 0.35
    return (
        f"q 0.85 0.15 0.15 RG 1.2 w BT 1 Tr {STAMP_FONT} {fmt(size)} Tf "
        f"{fmt(cos)} {fmt(sin)} {fmt(-sin)} {fmt(cos)} {fmt(x)} {fmt(y)} Tm "
        f"{font.hex('DRAFT')} Tj ET Q"
    )
