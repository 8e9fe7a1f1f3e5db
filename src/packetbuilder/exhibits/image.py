"""Image exhibits (JPEG, PNG, TIFF): a page per frame, EXIF orientation honoured, through
img2pdf, which embeds JPEGs unchanged."""

from __future__ import annotations

import gc
import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

from .guard import collected_log
from .source import Problem, SourceFile, short

SANE_DPI = (10.0, 5000.0)
FALLBACK_DPI = 150.0
DEFAULT_DPI = 96.0  # img2pdf's, for an image that declares no resolution
LETTER_POINTS = (612.0, 792.0)
JPEG_END = b"\xff\xd9"
MPF_SEGMENT = b"MPF\x00"  # the APP2 segment that indexes a camera's preview images
JPEG_TAIL_WINDOW = 4096  # some cameras append data after the end-of-image marker


def img2pdf_convert(images: bytes | list[bytes]) -> bytes:
    """img2pdf's conversion, EXIF rotation honoured, with its own PDF writer.

    Imported here, not at the top: `packet check` never converts, and a build starts its
    layout before it needs img2pdf. Its own writer always: with pikepdf installed img2pdf would
    otherwise use that, and the same case would give different bytes on different machines.
    """
    import img2pdf

    options: dict[str, Any] = {
        "rotation": img2pdf.Rotation.ifvalid,
        "engine": img2pdf.Engine.internal,
        "layout_fun": sane_layout,
    }
    try:
        pdf = bytes(img2pdf.convert(images, **options))
    except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError) as error:
        raise ValueError(str(error)) from error
    # img2pdf's document is a cycle (pages and their parent) holding the image: without this
    # the image stays until the collector next runs, and a build of photos held each twice.
    gc.collect(0)
    return pdf


@dataclass(frozen=True)
class ImageKind:
    """A raster image format that Pillow reads and img2pdf embeds."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    signatures: tuple[bytes, ...]
    multipage: bool = False  # every frame is a page (TIFF); else the first frame only
    # Decode every frame in check: a TIFF's compression may be one Pillow cannot decode,
    # which only decoding finds (the build would meet it otherwise).
    decode_check: bool = False

    def recognise(self, head: bytes) -> bool:
        return head.startswith(self.signatures)

    def inspect(self, source: SourceFile) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(source.resolved) as image:
                    size, dpi = image.size, image_dpi(image.info)
                    # A page per frame for a multi-page TIFF; a JPEG's other frames are the
                    # camera's previews (MPF), a PNG's the frames of an animation (APNG).
                    frames = getattr(image, "n_frames", 1) if self.multipage else 1
                    if self.decode_check:
                        decode_every_frame(image, frames)
                    else:
                        image.verify()
            if self.name == "jpeg" and JPEG_END not in file_tail(source, JPEG_TAIL_WINDOW):
                raise OSError("the image is cut short: it has no end-of-image marker")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            source.refuse(
                "image-too-large",
                f"{source.path} is an image too large to process safely; scan it again at "
                "300 dpi or less",
            )
            return
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            source.refuse(
                "file-corrupt",
                f"{source.path} is a damaged image ({short(error)}); ask for the scan again",
            )
            return
        source.pages = frames
        note_if_too_small(source, size, dpi)

    def to_pdf(self, source: SourceFile, notes: list[Problem]) -> PdfReader:
        data = source.resolved.read_bytes()
        if self.name == "jpeg":
            data = first_jpeg(data)  # not the previews a camera stores after it (MPF)
        with collected_log("img2pdf") as collected:
            try:
                pdf = img2pdf_convert(data)
            except (ValueError, OSError):
                pdf = img2pdf_convert(flattened_frames(data))
                collected.messages.append("converted to plain RGB")
        if collected.messages:
            notes.append(
                Problem(
                    "image-converted",
                    f"{source.path}: {'; '.join(sorted(set(collected.messages)))[:200]}; check "
                    "that the page looks right in the packet",
                )
            )
        return PdfReader(io.BytesIO(pdf))


def first_jpeg(data: bytes) -> bytes:
    """The first image of a JPEG file without its MPF index: a camera's MPF file stores
    preview images after the first, which img2pdf would make pages of. Reads the markers
    (the segments' lengths, then the entropy-coded data) rather than searching for FF D9,
    which also ends the EXIF thumbnail inside the first image. A file without MPF is
    returned as it is."""
    if MPF_SEGMENT not in data[: 65536 * 4]:
        return data
    kept = bytearray(data[:2])  # SOI
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return data  # not a JPEG as expected: leave it to img2pdf
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return bytes(kept + data[position : position + 2])
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        end = position + 2 + length
        if not (marker == 0xE2 and data[position + 4 : position + 8] == b"MPF\x00"):
            kept += data[position:end]
        position = end
        if marker == 0xDA:  # start of scan: entropy-coded data until the next real marker
            while position + 1 < len(data):
                if data[position] == 0xFF and data[position + 1] not in (0x00, *range(0xD0, 0xD8)):
                    break
                position += 1
            kept += data[end:position]
    return data


def decode_every_frame(image: Image.Image, frames: int) -> None:
    """Decode each frame (raises what Pillow raises for one it cannot decode)."""
    for index in range(frames):
        image.seek(index)
        image.load()


def image_dpi(info: Mapping[Any, Any]) -> tuple[float, float]:
    """The resolution an image file declares (img2pdf's 96 dpi when it declares none)."""
    dpi = info.get("dpi")
    try:
        x_dpi, y_dpi = (float(value) for value in dpi) if dpi else (DEFAULT_DPI, DEFAULT_DPI)
    except (TypeError, ValueError):
        return DEFAULT_DPI, DEFAULT_DPI
    return x_dpi or DEFAULT_DPI, y_dpi or DEFAULT_DPI


def printed_size(size: tuple[int, int], dpi: tuple[float, float]) -> tuple[float, float]:
    """The page an image makes, in points, at its own resolution (as `sane_layout` lays it)."""
    width, height, _, _ = sane_layout(size[0], size[1], dpi)
    return width, height


def note_if_too_small(source: SourceFile, size: tuple[int, int], dpi: tuple[float, float]) -> None:
    """Warn of an image that would print within a quarter of the Letter page (both sides at
    most half the page's): a 16 x 16 px PNG is a speck on an empty page."""
    width, height = printed_size(size, dpi)
    short_side, long_side = sorted((width, height))
    if short_side <= LETTER_POINTS[0] / 2 and long_side <= LETTER_POINTS[1] / 2:
        source.note(
            "image-too-small",
            f"{source.path} would print at only {width / 72:.1f} x {height / 72:.1f} in "
            f"({size[0]} x {size[1]} px at {round(dpi[0])} dpi), under a quarter of the page; "
            "rescan it at a higher resolution (300 dpi), or ask for the original photo",
        )


def sane_layout(width_px: int, height_px: int, dpi: tuple[float, float]) -> tuple[float, ...]:
    """img2pdf's page size from the image's pixels and resolution, with a resolution outside
    what a scanner or camera writes (a JPEG claiming 4294967295 dpi, or 1) taken as 150 dpi."""
    x_dpi, y_dpi = (value if SANE_DPI[0] <= value <= SANE_DPI[1] else FALLBACK_DPI for value in dpi)
    width, height = width_px * 72 / x_dpi, height_px * 72 / y_dpi
    return width, height, width, height


def file_tail(source: SourceFile, count: int) -> bytes:
    """The last `count` bytes of the file."""
    with source.resolved.open("rb") as stream:
        stream.seek(max(0, (source.size or 0) - count))
        return stream.read(count)


def flattened_frames(data: bytes) -> list[bytes]:
    """Every frame as an opaque RGB PNG, for images img2pdf cannot embed as they are."""
    frames = []
    with Image.open(io.BytesIO(data)) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frame = image.convert("RGBA")
            background = Image.new("RGB", frame.size, (255, 255, 255))
            background.paste(frame, mask=frame.getchannel("A"))
            buffer = io.BytesIO()
            background.save(buffer, "PNG", dpi=image.info.get("dpi", (150, 150)))
            frames.append(buffer.getvalue())
    return frames


JPEG = ImageKind("jpeg", "JPEG image", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
PNG = ImageKind("png", "PNG image", (".png",), (b"\x89PNG\r\n\x1a\n",))
TIFF = ImageKind(
    "tiff",
    "TIFF image",
    (".tif", ".tiff"),
    (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),  # classic TIFF and BigTIFF
    multipage=True,
    decode_check=True,
)
