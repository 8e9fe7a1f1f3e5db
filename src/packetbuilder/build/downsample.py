"""Downsample (`--downsample DPI`): every raster image placed at more than 1.5 x DPI resampled
to DPI, never up; every other image kept byte for byte.

The stage walks what each merged page draws (its content, and the form XObjects it draws,
with their matrices) to find the resolution at which each image XObject is placed: its pixels
over the size the current matrix gives the unit square, the lowest of every placement and
both axes. An image above the threshold is resampled with Pillow in place (the same object,
so every page that draws it draws the smaller one):

- colour and grey, 8 bits: a JPEG at the quality asked for, unless the image was lossless and
  is smaller kept lossless (Flate) at the new size. A JPEG is decoded at the nearest
  reduction its DCT allows (`draft`), then resampled;
- 1 bit (a bilevel scan, a stencil mask): resampled in grey, thresholded, kept 1 bit (Flate).

Kept as they are, whatever their resolution: images with a soft mask or a colour-key mask
(the mask would have to follow), CMYK, Lab, indexed, separations, 16-bit samples, JBIG2 and
JPEG 2000 images, and images drawn only inline, by patterns, annotations or fonts.
"""

from __future__ import annotations

import io
import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from PIL import Image
from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from ..errors import UsageError
from ._pypdf import encoded_data, set_encoded_data
from .merge import MergedExhibits

THRESHOLD = 1.5  # an image placed above 1.5 x DPI is resampled; at or below, kept
DEFAULT_JPEG_QUALITY = 75
MAX_JPEG_QUALITY = 95  # above, JPEG files grow without looking better (Pillow's advice)
MIN_DPI, MAX_DPI = 50, 1200
# Chosen by measuring legibility (SSIM at 150 dpi against the lossless packet) against size on
# phone photos of documents: bench/notes.md, "Downsampling".
RESAMPLING = Image.Resampling.LANCZOS
REDUCING_GAP = 3.0  # Pillow reduces by whole factors first while 3x the target remains
THRESHOLD_1BIT = 128
MAX_DEPTH = 12  # form XObjects within form XObjects, as far as this
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class ImageBytes:
    """The encoded bytes of a document's images in the packet, before and after."""

    before: int
    after: int


@dataclass
class Placed:
    """An image XObject, the lowest resolution it is placed at, and the document that first
    draws it (its bytes are counted there)."""

    stream: StreamObject
    ppi: float
    document: str


@dataclass
class Downsampled:
    """What downsampling did, by document id (a form's, a letter's or exhibit's)."""

    dpi: float
    jpeg_quality: int
    images: dict[str, ImageBytes] = field(default_factory=dict)

    def of(self, document_ids: Iterable[str]) -> ImageBytes:
        """The image bytes of several documents together (an exhibit and its translation)."""
        counted = [self.images[id_] for id_ in document_ids if id_ in self.images]
        return ImageBytes(sum(i.before for i in counted), sum(i.after for i in counted))


def downsample_images(
    merged: MergedExhibits, dpi: float | None, jpeg_quality: int = DEFAULT_JPEG_QUALITY
) -> Downsampled | None:
    """Resample, in the merged writer, every image placed above THRESHOLD x `dpi` to `dpi`;
    None (nothing done) without `dpi`."""
    if dpi is None:
        return None
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise UsageError(f"--downsample {dpi:g}: give a resolution from {MIN_DPI} to {MAX_DPI} dpi")
    if not 1 <= jpeg_quality <= MAX_JPEG_QUALITY:
        raise UsageError(f"--jpeg-quality {jpeg_quality}: give a quality from 1 to 95")
    placed: dict[int, Placed] = {}
    documents = [*merged.form_pages.items(), *merged.part_pages.items()]
    for document, pages in documents:
        for page in pages:
            find_placements(page, merged.writer, document, placed)
    result = Downsampled(dpi, jpeg_quality)
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    for image in placed.values():
        size = len(encoded_data(image.stream))
        before[image.document] = before.get(image.document, 0) + size
        if image.ppi > THRESHOLD * dpi:
            resample(image.stream, dpi / image.ppi, jpeg_quality)
        after[image.document] = after.get(image.document, 0) + len(encoded_data(image.stream))
    for document, _ in documents:
        if document in before:
            result.images[document] = ImageBytes(before[document], after[document])
    return result


# --- where images are placed -----------------------------------------------------------------


def find_placements(
    page: PageObject, writer: PdfWriter, document: str, placed: dict[int, Placed]
) -> None:
    """Record every image XObject the page draws, at the resolution it is drawn."""
    resources = page.get("/Resources")
    contents = page.get("/Contents")
    if contents is None or not draws_images(resources, set()):
        return
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    data = b"\n".join(item.get_object().get_data() for item in streams)
    walk(data, resolved(resources), IDENTITY, writer, document, placed, 0)


def draws_images(resources: Any, seen: set[int]) -> bool:
    """True when the resources' XObjects, or theirs, include an image (else nothing to parse)."""
    xobjects = resolved(resolved(resources).get("/XObject"))
    for reference in xobjects.values():
        key = getattr(reference, "idnum", None)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        xobject = reference.get_object()
        if not isinstance(xobject, StreamObject):
            continue
        subtype = xobject.get("/Subtype")
        if subtype == "/Image" or (
            subtype == "/Form" and draws_images(xobject.get("/Resources"), seen)
        ):
            return True
    return False


def walk(
    data: bytes,
    resources: DictionaryObject,
    ctm: Matrix,
    writer: PdfWriter,
    document: str,
    placed: dict[int, Placed],
    depth: int,
) -> None:
    """Follow a content stream's q, Q and cm to each Do of an image or a form."""
    xobjects = resolved(resources.get("/XObject"))
    stack: list[Matrix] = []
    content = ContentStream(None, writer)
    content.set_data(data)
    for operands, operator in content.operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop() if stack else ctm
        elif operator == b"cm" and len(operands) == 6:
            ctm = multiply(tuple(float(value) for value in operands), ctm)  # type: ignore[arg-type]
        elif operator == b"Do" and operands:
            reference = xobjects.get(operands[0])
            xobject = reference.get_object() if reference is not None else None
            if not isinstance(xobject, StreamObject):
                continue
            subtype = xobject.get("/Subtype")
            if subtype == "/Image" and isinstance(reference, IndirectObject):
                place(reference.idnum, xobject, ctm, document, placed)
            elif subtype == "/Form" and depth < MAX_DEPTH:
                matrix = xobject.get("/Matrix")
                inner = (
                    multiply(tuple(float(value) for value in matrix), ctm)  # type: ignore[arg-type]
                    if matrix is not None and len(matrix) == 6
                    else ctm
                )
                own = xobject.get("/Resources")
                walk(
                    xobject.get_data(),
                    resolved(own) if own is not None else resources,
                    inner,
                    writer,
                    document,
                    placed,
                    depth + 1,
                )


def place(
    key: int, image: StreamObject, ctm: Matrix, document: str, placed: dict[int, Placed]
) -> None:
    """Note an image drawn at `ctm`: its resolution there, the lowest of its two axes."""
    width_pt = math.hypot(ctm[0], ctm[1])
    height_pt = math.hypot(ctm[2], ctm[3])
    try:
        width, height = dimensions(image)
    except (KeyError, TypeError, ValueError):
        return
    if width_pt <= 0 or height_pt <= 0:
        return
    ppi = min(width * 72 / width_pt, height * 72 / height_pt)
    known = placed.get(key)
    if known is None:
        placed[key] = Placed(image, ppi, document)
    else:
        known.ppi = min(known.ppi, ppi)


def dimensions(image: StreamObject) -> tuple[int, int]:
    """The image's width and height in pixels."""
    return int(cast(Any, image["/Width"])), int(cast(Any, image["/Height"]))


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m x n, as PDF concatenates matrices (`cm` puts m before the current n)."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def resolved(value: Any) -> DictionaryObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


# --- resampling ------------------------------------------------------------------------------


def resample(image: StreamObject, scale: float, jpeg_quality: int) -> None:
    """Resample the image XObject by `scale` (< 1) in place, or leave it as it is when it is
    of a kind kept (module docstring) or cannot be decoded."""
    width, height = dimensions(image)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if "/SMask" in image or "/Mask" in image or size == (width, height):
        return
    filters = image.get("/Filter")
    filters = [filters] if isinstance(filters, NameObject) else list(filters or [])
    if any(name in ("/JBIG2Decode", "/JPXDecode") for name in filters):
        return
    bits = int(cast(Any, image.get("/BitsPerComponent", 1 if image.get("/ImageMask") else 8)))
    try:
        if bits == 1 and (image.get("/ImageMask") or components(image) == 1):
            replace_bilevel(image, size, filters)
        elif bits == 8 and components(image) in (1, 3):
            replace_tones(image, size, filters, jpeg_quality)
    except (OSError, ValueError, SyntaxError, NotImplementedError):
        return  # a stream Pillow or pypdf cannot decode stays as it was


def components(image: StreamObject) -> int | None:
    """1 or 3 for the grey and RGB colour spaces resampled here (ICC-based ones by their N)."""
    space = image.get("/ColorSpace")
    space = space.get_object() if space is not None else None
    if space in ("/DeviceGray", "/CalGray", "/G"):
        return 1
    if space in ("/DeviceRGB", "/CalRGB", "/RGB"):
        return 3
    if isinstance(space, ArrayObject) and space and space[0] in ("/CalGray", "/CalRGB"):
        return 1 if space[0] == "/CalGray" else 3
    if isinstance(space, ArrayObject) and len(space) == 2 and space[0] == "/ICCBased":
        count = space[1].get_object().get("/N")
        return int(cast(Any, count)) if count in (1, 3) else None
    return None


def replace_tones(
    image: StreamObject, size: tuple[int, int], filters: list[Any], jpeg_quality: int
) -> None:
    """Colour or grey: JPEG, or Flate when the image was lossless and that is smaller."""
    mode = "L" if components(image) == 1 else "RGB"
    width, height = dimensions(image)
    if filters == ["/DCTDecode"]:
        with Image.open(io.BytesIO(encoded_data(image)), formats=["JPEG"]) as source:
            if source.mode != mode:
                return  # CMYK or YCCK data behind a grey or RGB colour space: left alone
            source.draft(mode, size)
            smaller = source.resize(size, RESAMPLING, reducing_gap=REDUCING_GAP)
        lossless = None
    else:
        decoded: Image.Image = Image.frombytes(mode, (width, height), image.get_data())
        smaller = decoded.resize(size, RESAMPLING, reducing_gap=REDUCING_GAP)
        del decoded
        lossless = zlib.compress(smaller.tobytes())
    buffer = io.BytesIO()
    # Huffman tables fitted to the image and a progressive scan: 6% smaller, the same pixels.
    smaller.save(buffer, "JPEG", quality=jpeg_quality, optimize=True, progressive=True)
    jpeg = buffer.getvalue()
    if lossless is not None and len(lossless) <= len(jpeg):
        set_image(image, size, 8, lossless, "/FlateDecode")
    else:
        set_image(image, size, 8, jpeg, "/DCTDecode")


def replace_bilevel(image: StreamObject, size: tuple[int, int], filters: list[Any]) -> None:
    """1 bit: resampled in grey, thresholded at the middle, kept 1 bit (Flate). The samples
    are resampled as they are stored, so /Decode and /ImageMask keep their meaning."""
    width, height = dimensions(image)
    data = image.get_data()
    if data[:4] in (b"II*\x00", b"MM\x00*"):  # pypdf gives CCITT images as a TIFF
        if image.get("/ImageMask") or "/Decode" in image:
            return  # the TIFF's white is not the stored sample's meaning: left alone
        source: Image.Image = Image.open(io.BytesIO(data))
        source.load()
    else:
        source = Image.frombytes("1", (width, height), data)
    grey = source.convert("L").resize(size, RESAMPLING, reducing_gap=REDUCING_GAP)
    bilevel = grey.point(lambda value: 255 if value >= THRESHOLD_1BIT else 0).convert("1")
    set_image(image, size, 1, zlib.compress(bilevel.tobytes(), 9), "/FlateDecode")


def set_image(
    image: StreamObject, size: tuple[int, int], bits: int, data: bytes, filter_name: str
) -> None:
    """The image object's new samples, size and filter (its other keys as they were)."""
    image[NameObject("/Width")] = NumberObject(size[0])
    image[NameObject("/Height")] = NumberObject(size[1])
    image[NameObject("/BitsPerComponent")] = NumberObject(bits)
    image[NameObject("/Filter")] = NameObject(filter_name)
    for key in ("/DecodeParms", "/DP"):
        if key in image:
            del image[key]
    set_encoded_data(image, data)
