"""Each page of a packet rendered once at thumbnail resolution, measured from its pixels, and
labelled with the Bates number its own stamp carries."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ..build.plan import BATES_DIGITS
from ..build.stamp import STAMP_BASELINE, STAMP_SIZE
from ..errors import UsageError
from .roles import page_roles

THUMBNAIL_DPI = 20  # enough to see a page's layout; the sheet shows 20 to a page
JPEG_QUALITY = 70
INK_BELOW = 224  # grey level under which a pixel is ink (paper and scanner noise are lighter)
MOSTLY_EMPTY = 0.10  # content covering under this share of the page is flagged
# The stamps sit in a band at the foot of every numbered page: measured without it, a blank
# exhibit page is blank although it carries its Bates number.
STAMP_BAND = STAMP_BASELINE + 2 * STAMP_SIZE
BATES = re.compile(rf"(\S+-\d{{{BATES_DIGITS}}})\s*$")


@dataclass(frozen=True)
class PageProof:
    """One page as the sheet shows it: its thumbnail and what was measured on it."""

    number: int  # 1-based, in the packet
    bates: str | None  # as stamped on the page; None for an unnumbered page (a form)
    role: str | None  # "Letter", "Tab B", "Exhibit B"... from the manifest, when it matches
    width: float  # points, as displayed (rotation applied)
    height: float
    thumbnail: bytes  # JPEG
    pixels: tuple[int, int]
    coverage: float  # share of the page (stamp band left out) inside the content's bounds

    @property
    def blank(self) -> bool:
        """Nothing drawn above the stamp band."""
        return self.coverage == 0

    @property
    def mostly_empty(self) -> bool:
        """Content inside under a tenth of the page."""
        return 0 < self.coverage < MOSTLY_EMPTY

    @property
    def landscape(self) -> bool:
        """Wider than tall, as displayed."""
        return self.width > self.height

    @property
    def tab_page(self) -> bool:
        """A tab page, by the manifest: sparse by design."""
        return self.role is not None and self.role.startswith("Tab ")

    @property
    def flags(self) -> list[str]:
        """What a reviewer should look at on this page, in words (a tab page is sparse by
        design: only a blank one is flagged)."""
        found = []
        if self.blank:
            found.append("blank")
        elif self.mostly_empty and not self.tab_page:
            percent = math.floor(self.coverage * 100)  # 9.9% is not "10%"
            found.append(f"{percent}% covered" if percent else "under 1% covered")
        if self.landscape:
            found.append("landscape")
        return found


def read_pages(packet: Path) -> Iterator[PageProof]:
    """Every page of the packet, rendered, measured and labelled (UsageError if not a PDF)."""
    import pypdfium2  # heavy, and only this command needs it

    roles = page_roles(packet)
    try:
        document = pypdfium2.PdfDocument(packet)
    except (pypdfium2.PdfiumError, OSError) as error:
        raise UsageError(
            f"{packet} cannot be opened as a PDF ({error}); give a packet made by packet build"
        ) from None
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                yield measure_page(page, index + 1, roles.get(index + 1))
            finally:
                page.close()
    finally:
        document.close()


def measure_page(page: object, number: int, role: str | None) -> PageProof:
    """Render one pdfium page and measure it."""
    import pypdfium2

    assert isinstance(page, pypdfium2.PdfPage)
    image = page.render(scale=THUMBNAIL_DPI / 72).to_pil().convert("RGB")
    # The page as displayed is the rendered bitmap (rotation applied by the renderer).
    width, height = page.get_size()
    if (image.width > image.height) != (width > height):
        width, height = height, width
    return PageProof(
        number=number,
        bates=stamped_bates(page),
        role=role,
        width=width,
        height=height,
        thumbnail=jpeg(image),
        pixels=image.size,
        coverage=coverage(image, band=round(STAMP_BAND * THUMBNAIL_DPI / 72)),
    )


def coverage(image: Image.Image, *, band: int) -> float:
    """The share of the page, above the stamp band, inside the bounds of its ink."""
    grey = image.convert("L")
    above_band = grey.crop((0, 0, grey.width, max(1, grey.height - band)))
    ink = ImageOps.invert(above_band).point(lambda value: 255 if value > 255 - INK_BELOW else 0)
    bounds = ink.getbbox()
    if bounds is None:
        return 0.0
    left, top, right, bottom = bounds
    return (right - left) * (bottom - top) / (above_band.width * above_band.height)


def stamped_bates(page: object) -> str | None:
    """The Bates number in the page's stamp band, read from its text (None when unstamped)."""
    import pypdfium2

    assert isinstance(page, pypdfium2.PdfPage)
    text_page = page.get_textpage()
    try:
        left, bottom, right, _ = page.get_mediabox()
        text = text_page.get_text_bounded(left, bottom, right, bottom + STAMP_BAND)
    finally:
        text_page.close()
    found = BATES.search(text.strip())
    return found.group(1) if found else None


def jpeg(image: Image.Image) -> bytes:
    """The thumbnail as a small baseline JPEG (the same bytes for the same pixels)."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=False)
    return buffer.getvalue()
