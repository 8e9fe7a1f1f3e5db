"""Text in the PDF standard fonts (Helvetica, Times): stamps and tab pages, without a layout engine.

The standard fonts need no embedding and every PDF reader has them; their widths come from
Adobe's metrics as pypdf ships them. They cover Windows-1252 text only: anything else goes
through the templates and WeasyPrint.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, IndirectObject, NameObject

from ._pypdf import CORE_FONT_METRICS, add_object

ENCODING = "cp1252"  # what /WinAnsiEncoding means


def font_object(writer: PdfWriter, name: str) -> IndirectObject:
    """A standard-font dictionary, added once to the writer."""
    return add_object(
        writer,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(f"/{name}"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        ),
    )


def can_draw(text: str, font: str) -> bool:
    """True when every character of `text` exists in the standard font."""
    widths = CORE_FONT_METRICS[font].character_widths
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return all(char in widths for char in text)


def text_width(text: str, font: str, size: float) -> float:
    widths = CORE_FONT_METRICS[font].character_widths
    default = widths.get("default", 500)
    return sum(widths.get(char, default) for char in text) * size / 1000


def pdf_string(text: str) -> str:
    """A PDF literal string in WinAnsi encoding."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "(" + escaped.encode(ENCODING, "replace").decode("latin-1") + ")"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` (a word longer than a line stands alone)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def content_stream(text: str) -> DecodedStreamObject:
    """A small content stream (stamps, placement, tab pages) from its operators."""
    stream = DecodedStreamObject()
    stream.set_data(text.encode("latin-1"))
    return stream
