"""Tab pages drawn directly in PDF with the bundled fonts' Latin cuts: the look of the
templates' tab page, without a layout engine.

A packet has a tab page per exhibit; drawing them here instead of through WeasyPrint keeps
the cost of a packet of fifty exhibits close to that of a plain merge. A title the Latin cuts
cannot show (Greek, Cyrillic, Arabic...) or a firm's own `tab.html.j2` sends its tab pages
through the templates instead (see `templated_tabs`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from ._pypdf import add_object
from .fonts import SANS_BOLD, SERIF, Metrics, embed, metrics, wrap
from .plan import LETTER

TAB_TEMPLATE = "tab.html.j2"

PAGE_WIDTH, PAGE_HEIGHT = LETTER
LABEL_SIZE, TITLE_SIZE, COUNT_SIZE = 44.0, 15.0, 11.0
LABEL_BASELINE = 480.0
TITLE_WIDTH = 432.0  # 6 inches
TITLE_LEADING = 19.0
MAX_TITLE_LINES = 12
NAVY = "0.122 0.227 0.373 rg"
GREY = "0.27 g"


def templated_tabs(tabs: Iterable[tuple[str, str]], templates_dir: Path | None) -> frozenset[str]:
    """Labels of the tabs (label, title) whose tab page comes from the templates: all of them
    when the firm has its own tab.html.j2, else those the Latin cuts cannot show."""
    override = templates_dir is not None and (templates_dir / TAB_TEMPLATE).is_file()
    label_font, title_font = metrics(SANS_BOLD), metrics(SERIF)
    return frozenset(
        label
        for label, title in tabs
        if override or not (label_font.can_draw(f"EXHIBIT {label}") and title_font.can_draw(title))
    )


class TabPageMaker:
    """Draws tab pages into a writer, with the two fonts they use embedded once."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.label_font, self.title_font = metrics(SANS_BOLD), metrics(SERIF)
        self.fonts: DictionaryObject | None = None

    def font_resources(self) -> DictionaryObject:
        """The fonts, embedded when the first tab page needs them."""
        if self.fonts is None:
            self.fonts = DictionaryObject(
                {
                    NameObject("/PBl"): embed(self.writer, SANS_BOLD),
                    NameObject("/PBt"): embed(self.writer, SERIF),
                }
            )
        return self.fonts

    def add(self, label: str, title: str, pages: int, index: int | None = None) -> PageObject:
        """Add a tab page ("EXHIBIT B", the title, the page count) at the end or at `index`."""
        page = PageObject.create_blank_page(self.writer, PAGE_WIDTH, PAGE_HEIGHT)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): self.font_resources()}
        )
        stream = content(label, title, pages, self.label_font, self.title_font).flate_encode()
        page[NameObject("/Contents")] = ArrayObject([add_object(self.writer, stream)])
        # The writer adds a copy of the page: the copy is the one in the packet.
        if index is None:
            return self.writer.add_page(page)
        return self.writer.insert_page(page, index)


def centred(text: str, font: Metrics, resource: str, size: float, y: float) -> str:
    x = (PAGE_WIDTH - font.text_width(text, size)) / 2
    return f"BT /{resource} {size:g} Tf {x:.2f} {y:.2f} Td {font.hex(text)} Tj ET"


def content(
    label: str, title: str, pages: int, label_font: Metrics, title_font: Metrics
) -> DecodedStreamObject:
    lines = wrap(title, title_font, TITLE_SIZE, TITLE_WIDTH)
    if len(lines) > MAX_TITLE_LINES:
        lines = [*lines[: MAX_TITLE_LINES - 1], "…"]
    y = LABEL_BASELINE - 2.2 * TITLE_SIZE
    parts = [NAVY, centred(f"EXHIBIT {label}", label_font, "PBl", LABEL_SIZE, LABEL_BASELINE)]
    parts.append("0 g")
    for line in lines:
        parts.append(centred(line, title_font, "PBt", TITLE_SIZE, y))
        y -= TITLE_LEADING
    count = f"{pages} page{'s' if pages != 1 else ''}"
    parts += [GREY, centred(count, title_font, "PBt", COUNT_SIZE, y - 0.6 * TITLE_LEADING)]
    stream = DecodedStreamObject()
    stream.set_data("\n".join(parts).encode("ascii"))
    return stream
