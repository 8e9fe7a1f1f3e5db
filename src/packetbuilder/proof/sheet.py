"""The contact sheet: a first page that lists the flagged pages, then every page as a
thumbnail, 20 to a US Letter page, each labelled with its page and Bates numbers."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from ..build._pypdf import add_object
from ..build.fonts import SANS, SANS_BOLD, Metrics, embed, metrics
from ..build.place import content_stream, fmt
from .measure import PageProof
from .output import TITLE_PREFIX

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0
MARGIN = 36.0
COLUMNS, ROWS = 4, 5  # 20 thumbnails to a page
HEADER = 22.0  # the line naming the packet at the top of every thumbnail page
LABEL = 18.0  # two lines of labels under each thumbnail
LABEL_SIZE = 6.5
LIST_SIZE = 9.0
FLAGGED = "0.8 0.1 0.1"  # red: the frame and words of a flagged page
REGULAR, BOLD = NameObject("/PBr"), NameObject("/PBb")


@dataclass(frozen=True)
class Fonts:
    """The two bundled cuts the sheet draws with, regular and bold."""

    regular: Metrics
    bold: Metrics

    def text(self, font: NameObject, size: float, x: float, y: float, text: str) -> str:
        """One line of text at (x, y), in the bundled font named by `font`."""
        metrics = self.bold if font == BOLD else self.regular
        shown = metrics.hex(drawable(text, metrics))
        return f"BT {font} {fmt(size)} Tf {fmt(x)} {fmt(y)} Td {shown} Tj ET"


def fit(text: str, font: Metrics, width: float) -> str:
    """`text` cut to `width` at the label size, with an ellipsis where it was cut."""
    if font.text_width(text, LABEL_SIZE) <= width:
        return text
    while text and font.text_width(text + "…", LABEL_SIZE) > width:
        text = text[:-1]
    return text.rstrip(" ,") + "…"


def drawable(text: str, font: Metrics) -> str:
    """`text` with every character the bundled Latin cut lacks shown as "?"."""
    return "".join(char if font.can_draw(char) else "?" for char in text)


def proof_sheet(packet_name: str, pages: Iterable[PageProof]) -> bytes:
    """The contact sheet's PDF bytes (the same pages give the same bytes)."""
    writer = PdfWriter()
    fonts = Fonts(metrics(SANS), metrics(SANS_BOLD))
    resources_fonts = DictionaryObject(
        {REGULAR: embed(writer, SANS), BOLD: embed(writer, SANS_BOLD)}
    )
    proofs: list[PageProof] = []
    cells: list[tuple[PageProof, object]] = []
    for proof in pages:
        proofs.append(proof)
        cells.append((proof, add_object(writer, image_xobject(proof))))
    sheets = [cells[start : start + COLUMNS * ROWS] for start in range(0, len(cells), 20)]
    for text in summary_pages(packet_name, proofs, fonts, len(sheets)):
        add_page(writer, text, resources_fonts, {})
    for number, sheet in enumerate(sheets, start=1):
        images = {NameObject(f"/T{i}"): ref for i, (_, ref) in enumerate(sheet)}
        text = thumbnail_page(packet_name, sheet, fonts, number, len(sheets))
        add_page(writer, text, resources_fonts, images)
    writer.add_metadata({"/Title": f"{TITLE_PREFIX}{packet_name}", "/Producer": "packetbuilder"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def add_page(
    writer: PdfWriter, text: str, fonts: DictionaryObject, images: dict[NameObject, object]
) -> None:
    """One Letter page of the sheet drawing `text`, with the fonts and thumbnails it names."""
    page = writer.add_blank_page(PAGE_WIDTH, PAGE_HEIGHT)
    resources = DictionaryObject({NameObject("/Font"): fonts})
    if images:
        resources[NameObject("/XObject")] = DictionaryObject(images)
    page[NameObject("/Resources")] = resources
    page[NameObject("/Contents")] = add_object(writer, content_stream(text).flate_encode())


def image_xobject(proof: PageProof) -> DecodedStreamObject:
    """The thumbnail's JPEG as an image XObject, kept as it was encoded."""
    stream = DecodedStreamObject()
    stream.set_data(proof.thumbnail)
    width, height = proof.pixels
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(width),
            NameObject("/Height"): NumberObject(height),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    return stream


def summary_pages(
    packet_name: str, proofs: list[PageProof], fonts: Fonts, sheets: int
) -> list[str]:
    """The first page (and more if the list is long): the packet, and every flagged page."""
    flagged = [proof for proof in proofs if proof.flags]
    lines = [
        (BOLD, 14.0, f"Proof sheet: {packet_name}"),
        (
            REGULAR,
            LIST_SIZE,
            f"{len(proofs)} pages, shown 20 to a page on the {sheets} pages that follow.",
        ),
        (
            REGULAR,
            LIST_SIZE,
            "Flagged: blank pages, pages whose content covers under 10% of the page, "
            "landscape pages.",
        ),
        (REGULAR, LIST_SIZE, ""),
    ]
    if flagged:
        lines.append((BOLD, LIST_SIZE, f"{len(flagged)} flagged page(s):"))
        lines += [
            (
                REGULAR,
                LIST_SIZE,
                f"Page {proof.number}{bates_text(proof)}: {', '.join(proof.flags)}",
            )
            for proof in flagged
        ]
    else:
        lines.append((BOLD, LIST_SIZE, "No page is blank, under 10% covered or landscape."))
    pages: list[str] = []
    y = PAGE_HEIGHT - MARGIN - 14
    current: list[str] = []
    for font, size, text in lines:
        if y < MARGIN:
            pages.append("\n".join(current))
            current, y = (
                [
                    fonts.text(
                        BOLD,
                        LIST_SIZE,
                        MARGIN,
                        PAGE_HEIGHT - MARGIN - 9,
                        "Flagged pages (continued)",
                    )
                ],
                PAGE_HEIGHT - MARGIN - 9 - 1.5 * LIST_SIZE,
            )
        current.append(fonts.text(font, size, MARGIN, y, text))
        y -= size * 1.5
    pages.append("\n".join(current))
    return pages


def bates_text(proof: PageProof) -> str:
    """ " (HP0142-000012)" after a page number, or nothing for an unnumbered page."""
    return f" ({proof.bates})" if proof.bates else ""


def thumbnail_page(
    packet_name: str, sheet: list[tuple[PageProof, object]], fonts: Fonts, number: int, total: int
) -> str:
    """One page of thumbnails: each scaled into its cell, framed, labelled underneath."""
    first, last = sheet[0][0].number, sheet[-1][0].number
    pages = f"pages {first}–{last}" if last != first else f"page {first}"
    parts = [
        fonts.text(
            REGULAR,
            8.0,
            MARGIN,
            PAGE_HEIGHT - MARGIN - 8,
            f"{packet_name}: {pages} (sheet {number} of {total})",
        )
    ]
    cell_w = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
    cell_h = (PAGE_HEIGHT - 2 * MARGIN - HEADER) / ROWS
    box_w, box_h = cell_w - 12, cell_h - LABEL - 8
    for i, (proof, _) in enumerate(sheet):
        column, row = i % COLUMNS, i // COLUMNS
        cell_x = MARGIN + column * cell_w
        cell_top = PAGE_HEIGHT - MARGIN - HEADER - row * cell_h
        scale = min(box_w / proof.width, box_h / proof.height)
        w, h = proof.width * scale, proof.height * scale
        x = cell_x + (cell_w - w) / 2
        y = cell_top - 4 - box_h  # on the row's baseline, the labels right below
        colour = FLAGGED if proof.flags else "0.6 0.6 0.6"
        parts.append(
            f"q {fmt(w)} 0 0 {fmt(h)} {fmt(x)} {fmt(y)} cm /T{i} Do Q "
            f"q {colour} RG {'1' if proof.flags else '0.4'} w "
            f"{fmt(x)} {fmt(y)} {fmt(w)} {fmt(h)} re S Q"
        )
        label_y = cell_top - 4 - box_h - LABEL_SIZE - 3  # one baseline for the whole row
        room = cell_x + cell_w - x - 2
        label = f"p. {proof.number}" + (f"   {proof.bates}" if proof.bates else "")
        parts.append(fonts.text(REGULAR, LABEL_SIZE, x, label_y, fit(label, fonts.regular, room)))
        second_y = label_y - LABEL_SIZE - 1.5
        if proof.flags:
            flags = fit(", ".join(proof.flags), fonts.bold, room)
            parts.append(f"q {FLAGGED} rg {fonts.text(BOLD, LABEL_SIZE, x, second_y, flags)} Q")
        elif proof.role:
            role = fit(proof.role, fonts.regular, room)
            parts.append(f"q 0.35 g {fonts.text(REGULAR, LABEL_SIZE, x, second_y, role)} Q")
    return "\n".join(parts)
