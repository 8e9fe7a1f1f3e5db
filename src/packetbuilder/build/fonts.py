"""The fonts the build draws with directly (stamps, tab pages): small Latin cuts of the
bundled Noto fonts (`fonts/*-Latin.ttf`, made by tools/build_fonts.py), each embedded whole,
once per packet, as a Type0 font with Identity-H glyph ids and a ToUnicode map (the text
stays searchable and copyable).

No viewer substitutes a font of its own, so a packet looks the same everywhere. One glyph per
character from the font's cmap (no shaping): text these cuts cannot show (a Greek or Arabic
tab title) goes through the templates and WeasyPrint instead.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..resources import fonts_dir
from ._pypdf import add_object

SANS = "NotoSans-Regular-Latin.ttf"
SANS_BOLD = "NotoSans-Bold-Latin.ttf"
SERIF = "NotoSerif-Regular-Latin.ttf"


@dataclass(frozen=True)
class Metrics:
    """What drawing with a font needs: its glyphs by character and their advance widths."""

    file: str
    data: bytes
    cmap: dict[int, int]  # code point -> glyph id
    widths: list[int]  # per glyph id, in 1/1000 em
    ps_name: str
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    serif: bool

    def can_draw(self, text: str) -> bool:
        """True when every character of `text` has a glyph."""
        return all(ord(char) in self.cmap for char in text)

    def text_width(self, text: str, size: float) -> float:
        """The advance of `text` in points (a missing character counts as the .notdef)."""
        return sum(self.widths[self.cmap.get(ord(char), 0)] for char in text) * size / 1000

    def hex(self, text: str) -> str:
        """`text` as the operand of Tj: 2-byte glyph ids (a missing character shows .notdef)."""
        return "<" + "".join(f"{self.cmap.get(ord(char), 0):04X}" for char in text) + ">"


@functools.cache
def metrics(file: str) -> Metrics:
    """A bundled font's metrics, read once per process (the font files never change)."""
    data = (fonts_dir() / file).read_bytes()
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    order = font.getGlyphOrder()
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    return Metrics(
        file=file,
        data=data,
        cmap={point: font.getGlyphID(name) for point, name in font.getBestCmap().items()},
        widths=[round(font["hmtx"][name][0] * scale) for name in order],
        ps_name=font["name"].getDebugName(6) or "Font",
        bbox=(
            round(head.xMin * scale),
            round(head.yMin * scale),
            round(head.xMax * scale),
            round(head.yMax * scale),
        ),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or round(hhea.ascent * scale),
        serif=os2.panose.bSerifStyle not in (0, 1, 11, 12, 13),
    )


def embed(writer: PdfWriter, file: str) -> IndirectObject:
    """Add the whole font to the writer; return the Type0 font to name in page resources."""
    font = metrics(file)
    font_file = DecodedStreamObject()
    font_file.set_data(font.data)
    font_file[NameObject("/Length1")] = NumberObject(len(font.data))
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(to_unicode_cmap(font))
    base = NameObject(f"/{font.ps_name}")
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): base,
            NameObject("/Flags"): NumberObject(4 | (2 if font.serif else 0)),
            NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
            NameObject("/ItalicAngle"): FloatObject(0),
            NameObject("/Ascent"): NumberObject(font.ascent),
            NameObject("/Descent"): NumberObject(font.descent),
            NameObject("/CapHeight"): NumberObject(font.cap_height),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): add_object(writer, font_file.flate_encode()),
        }
    )
    descendant = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): base,
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): add_object(writer, descriptor),
            NameObject("/DW"): NumberObject(font.widths[0]),
            NameObject("/W"): ArrayObject(
                [NumberObject(0), ArrayObject(NumberObject(width) for width in font.widths)]
            ),
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    return add_object(
        writer,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/BaseFont"): base,
                NameObject("/Encoding"): NameObject("/Identity-H"),
                NameObject("/DescendantFonts"): ArrayObject([add_object(writer, descendant)]),
                NameObject("/ToUnicode"): add_object(writer, to_unicode.flate_encode()),
            }
        ),
    )


def to_unicode_cmap(font: Metrics) -> bytes:
    """The CMap that maps each glyph id back to its character, for search and copy."""
    pairs = sorted({gid: point for point, gid in sorted(font.cmap.items(), reverse=True)}.items())
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):  # at most 100 entries a block
        block = pairs[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [
            f"<{gid:04X}> <{chr(point).encode('utf-16-be').hex().upper()}>" for gid, point in block
        ]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def wrap(text: str, font: Metrics, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` (a word longer than a line stands alone)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines
