"""Place each exhibit page on US Letter as it is viewed: upright, centred above the stamp band,
scaled down (never up), by a tiny content stream in front of the page's own content, which is
never parsed or rewritten."""

from __future__ import annotations

import functools

from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import ArrayObject, IndirectObject, NameObject, RectangleObject

from ._pypdf import add_object
from .corefonts import content_stream
from .plan import LETTER

STAMP_BAND = 36.0  # the bottom 0.5 inch carries the stamps


def fit_to_letter(page: PageObject, streams: StreamCache) -> Transformation:
    """Place the page as viewed on US Letter above the stamp band: upright, centred, never enlarged.

    Returns the matrix from the page's own user space to the new page's, already applied.
    """
    box = page.cropbox
    matrix, opening, target = placement(
        float(box.left), float(box.bottom), float(box.width), float(box.height), page.rotation % 360
    )
    open_contents(page, streams.get(opening))
    page[NameObject("/MediaBox")] = RectangleObject((0, 0, *target))
    for key in ("/CropBox", "/Rotate", "/TrimBox", "/BleedBox", "/ArtBox", "/UserUnit"):
        if key in page:
            del page[key]
    return matrix


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
