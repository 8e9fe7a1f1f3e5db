"""Place each exhibit page on US Letter as it is viewed: upright, centred above the stamp band,
scaled down (never up).

The page's own content becomes a form XObject that the new page draws through a tiny shared
stream (`q cm … Do`): its content streams are never parsed or rewritten, and whatever they
leave open (an unclosed array, a missing `Q`) cannot swallow the stamps drawn after them.
"""

from __future__ import annotations

import functools

from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    RectangleObject,
    StreamObject,
)

from ..exhibits.geometry import Geometry, page_geometry
from ._pypdf import add_object
from .plan import LETTER

STAMP_BAND = 36.0  # the bottom 0.5 inch carries the stamps


def content_stream(text: str) -> DecodedStreamObject:
    """A small content stream (stamps, placement, drawn appearances) from its operators."""
    stream = DecodedStreamObject()
    stream.set_data(text.encode("latin-1"))
    return stream


CONTENT = NameObject("/PBc")  # the page's own content, as a form XObject


def fit_to_letter(page: PageObject, streams: StreamCache) -> Transformation:
    """Place the page as viewed on US Letter above the stamp band: upright, centred, never enlarged.

    Returns the matrix from the page's own user space to the new page's, already applied.
    """
    geometry = page_geometry(page)
    matrix, opening, target = placement(
        geometry.x0, geometry.y0, geometry.width, geometry.height, geometry.rotation
    )
    isolate_contents(page, streams, geometry, opening)
    page[NameObject("/MediaBox")] = RectangleObject((0, 0, *target))
    for key in ("/CropBox", "/Rotate", "/TrimBox", "/BleedBox", "/ArtBox", "/UserUnit"):
        if key in page:
            del page[key]
    return matrix


def keep_as_it_is(page: PageObject, streams: StreamCache) -> Transformation:
    """A form's page: its boxes and rotation as they are, its content isolated the same way."""
    geometry = page_geometry(page)
    isolate_contents(page, streams, geometry, "q\n")
    return Transformation()


def isolate_contents(
    page: PageObject, streams: StreamCache, geometry: Geometry, opening: str
) -> None:
    """Make the page's content a form XObject with the page's resources, drawn by the shared
    `opening` stream; the page gets resources of its own (stamps and appearances go there,
    never into resources other pages share)."""
    writer = streams.writer
    resources = page.get("/Resources")
    content = form_of_contents(page.get("/Contents"), writer)
    own = DictionaryObject()
    if content is not None:
        bbox = (
            geometry.x0,
            geometry.y0,
            geometry.x0 + geometry.width,
            geometry.y0 + geometry.height,
        )
        content[NameObject("/Subtype")] = NameObject("/Form")  # /Type is optional: left out
        content[NameObject("/BBox")] = RectangleObject(bbox)
        if isinstance(getattr(resources, "get_object", lambda: resources)(), DictionaryObject):
            content[NameObject("/Resources")] = resources  # anything else would draw nothing
        reference = getattr(content, "indirect_reference", None) or add_object(writer, content)
        own[NameObject("/XObject")] = DictionaryObject({CONTENT: reference})
        draw = f"{opening}{CONTENT} Do\n"
    else:
        draw = opening
    page[NameObject("/Resources")] = own
    page[NameObject("/Contents")] = ArrayObject([streams.get(draw)])


def form_of_contents(contents: object, writer: PdfWriter) -> StreamObject | None:
    """The page's content as one stream: the stream itself when there is one, else the
    streams of the array joined (decoded, as PDF joins them)."""
    if contents is None:
        return None
    resolved = contents.get_object() if hasattr(contents, "get_object") else contents
    if isinstance(resolved, StreamObject):
        return resolved
    if not isinstance(resolved, ArrayObject):
        return None
    parts = []
    for item in resolved:
        stream = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(stream, StreamObject):
            parts.append(stream.get_data())
    joined = DecodedStreamObject()
    joined.set_data(b"\n".join(parts))
    return joined.flate_encode()


@functools.lru_cache(maxsize=256)  # the pages of a document mostly share their geometry
def placement(
    x0: float, y0: float, width: float, height: float, rotation: int
) -> tuple[Transformation, str, tuple[float, float]]:
    """For a page box and rotation: the placing matrix, the stream that applies it (and clips
    to the box), and the Letter page size, portrait or landscape."""
    viewed = (height, width) if rotation in (90, 270) else (width, height)
    target_w, target_h = (LETTER[1], LETTER[0]) if viewed[0] > viewed[1] else LETTER
    usable_h = target_h - STAMP_BAND
    scale = min(1.0, target_w / viewed[0], usable_h / viewed[1])
    offset_x = (target_w - viewed[0] * scale) / 2
    offset_y = STAMP_BAND + (usable_h - viewed[1] * scale) / 2
    # /Rotate turns the page clockwise for viewing; these matrices do the same to the content.
    turn = {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, -1, 1, 0, 0, width),
        180: (-1, 0, 0, -1, width, height),
        270: (0, 1, -1, 0, height, 0),
    }[rotation]
    matrix = (
        Transformation()
        .translate(-x0, -y0)
        .transform(Transformation(turn))
        .scale(scale, scale)
        .translate(offset_x, offset_y)
    )
    clip = f"{fmt(x0)} {fmt(y0)} {fmt(width)} {fmt(height)} re W n"
    return matrix, f"q {' '.join(fmt(v) for v in matrix.ctm)} cm {clip}\n", (target_w, target_h)


class StreamCache:
    """Tiny content streams that many pages share (same placement), each stored once."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.references: dict[str, IndirectObject] = {}

    def get(self, text: str) -> IndirectObject:
        if text not in self.references:
            self.references[text] = add_object(self.writer, content_stream(text))
        return self.references[text]


def open_contents(page: PageObject, opening: IndirectObject) -> None:
    """Put a shared stream that opens with `q` before the page's own content, unparsed.

    The page's stamp stream, added last, starts with the matching `Q`.
    """
    existing = page.get("/Contents")
    streams: list = []
    if existing is not None:
        resolved = existing.get_object()
        streams = list(resolved) if isinstance(resolved, ArrayObject) else [existing]
    page[NameObject("/Contents")] = ArrayObject([opening, *streams])


def fmt(value: float, places: int = 4) -> str:
    """A number as PDF writes it: short, no exponent."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def apply(matrix: Transformation, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix.ctm
    return a * x + c * y + e, b * x + d * y + f


def transform_rect(rect: ArrayObject, matrix: Transformation) -> RectangleObject:
    x1, y1, x2, y2 = (float(v) for v in rect)
    corners = [apply(matrix, x, y) for x in (x1, x2) for y in (y1, y2)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return RectangleObject((min(xs), min(ys), max(xs), max(ys)))
