"""Phone photos and screenshots (HEIC/HEIF, WebP, GIF, BMP): a page each, from the first
frame, EXIF orientation honoured.

Pillow decodes WebP, GIF and BMP; pillow-heif decodes HEIC/HEIF (used directly, not
registered as a Pillow plug-in: registering would change Pillow for the whole process).
img2pdf cannot embed these as they are, so the first frame, turned upright, is encoded once
more: as a JPEG for a photo (HEIC, lossy WebP), as a PNG for the others, at the resolution the
file declares, so that the page is the size `image-too-small` measured.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader

from .image import image_dpi, img2pdf_convert, note_if_too_small
from .source import Problem, SourceFile, short

# For a size limit, what a photo re-encoded at JPEG_QUALITY takes: measured on pictures of
# documents, 0.09 bytes a pixel for a clean one and about 2.5 times its HEIC file for a phone's.
JPEG_BYTES_PER_PIXEL = 0.12
HEIC_TO_JPEG = 2.5
JPEG_QUALITY = 92  # a photo re-encoded once: indistinguishable on paper, a tenth of a PNG
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1")
HEIF_BRANDS_MIF1 = (b"msf1",)
HEAD_WINDOW = 64  # the bytes read at each end for the declared lengths and the trailer
WEBP_CHUNK_WINDOW = 4096  # where a WebP's image chunk starts, after its optional ones
BMP_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)  # the DIB headers a BMP file may carry

Opener = Callable[[Path], Image.Image]


def open_with_pillow(format_name: str) -> Opener:
    """Pillow's reader for one format only (a file is never handed to another plug-in)."""

    def opener(path: Path) -> Image.Image:
        return Image.open(path, formats=[format_name])

    return opener


def open_heif(path: Path) -> Image.Image:
    """The primary image of a HEIC/HEIF file as a Pillow image; libheif has applied the
    file's own rotation and mirroring (and pillow-heif reset the EXIF orientation to match)."""
    import pillow_heif  # imported only for a HEIC file: most cases have none

    heif = pillow_heif.open_heif(path, convert_hdr_to_8bit=True)
    width, height = heif.size
    if width * height > (Image.MAX_IMAGE_PIXELS or 2**62) * 2:
        raise Image.DecompressionBombError(f"{width} x {height} pixels")
    image = heif.to_pillow()
    image.info.pop("dpi", None)  # HEIF declares no resolution: img2pdf's default, as for others
    return image


def is_heif(head: bytes) -> bool:
    """An ISO base media file (`ftyp` box) whose brand is a HEIF still image."""
    if head[4:8] != b"ftyp":
        return False
    major = head[8:12]
    size = int.from_bytes(head[:4], "big")
    compatible = [head[index : index + 4] for index in range(16, min(size, len(head)), 4)]
    if major in (b"avif", b"avis"):
        return False  # AV1 in the same container: not what pillow-heif reads
    return major in HEIF_BRANDS + HEIF_BRANDS_MIF1 or any(
        brand in HEIF_BRANDS for brand in compatible
    )


def gif_cut_short(head: bytes, tail: bytes, size: int) -> str | None:
    """A GIF ends with its trailer byte `;`."""
    return None if b";" in tail[-16:] else "it has no trailer"


def riff_cut_short(head: bytes, tail: bytes, size: int) -> str | None:
    """A WebP (RIFF) file declares its length after `RIFF`."""
    declared = int.from_bytes(head[4:8], "little") + 8
    return f"{size} of {declared} bytes" if declared > size else None


def bmp_cut_short(head: bytes, tail: bytes, size: int) -> str | None:
    """A BMP file declares its length after `BM` (0 from some writers: unknown)."""
    declared = int.from_bytes(head[2:6], "little")
    return f"{size} of {declared} bytes" if declared > size else None


def is_bmp(head: bytes) -> bool:
    """`BM`, then a DIB header of a size BMP files have (two letters alone are too common)."""
    return head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in BMP_HEADER_SIZES


@dataclass(frozen=True)
class PhotoKind:
    """A picture format that becomes one page from its first frame."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    recognised_by: Callable[[bytes], bool]
    opener: Opener
    # Why the file is cut short, from the lengths it declares (None: whole). Pillow's own check
    # is off in a process that imported WeasyPrint, which sets LOAD_TRUNCATED_IMAGES.
    cut_short: Callable[[bytes, bytes, int], str | None] = lambda head, tail, size: None
    photo: bool = False  # lossy by nature: re-encoded as JPEG, not PNG

    def recognise(self, head: bytes) -> bool:
        return self.recognised_by(head)

    def inspect(self, source: SourceFile) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with self.opener(source.resolved) as image:
                    frames = getattr(image, "n_frames", 1)
                    image.load()  # decode the frame the page is made of: a damaged one fails here
                    upright = ImageOps.exif_transpose(image) or image
                    size, dpi = upright.size, image_dpi(image.info)
            with source.resolved.open("rb") as stream:
                head = stream.read(HEAD_WINDOW)
                stream.seek(max(0, (source.size or 0) - HEAD_WINDOW))
                tail = stream.read(HEAD_WINDOW)
            reason = self.cut_short(head, tail, source.size or 0)
            if reason:
                raise OSError(f"the image is cut short: {reason}")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            source.refuse(
                "image-too-large",
                f"{source.path} is an image too large to process safely; save it again at a "
                "smaller size, or scan it at 300 dpi or less",
            )
            return
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            source.refuse(
                "file-corrupt",
                f"{source.path} is a damaged image ({short(error)}); ask for the picture again",
            )
            return
        source.pages = 1
        if self.photo:  # re-encoded as JPEG (see JPEG_QUALITY): about this, for a size limit
            pixels = int(size[0] * size[1] * JPEG_BYTES_PER_PIXEL)
            source.packet_size = max(int((source.size or 0) * HEIC_TO_JPEG), pixels)
        if frames > 1:
            source.note(
                "image-animated",
                f"{source.path} is an animation of {frames} frames; the packet shows its first "
                "frame only: if another frame matters, save it as a picture of its own and add "
                "that",
            )
        note_if_too_small(source, size, dpi)

    def to_pdf(self, source: SourceFile, notes: list[Problem]) -> PdfReader:
        with self.opener(source.resolved) as image:
            image.seek(0)
            dpi = image_dpi(image.info)
            upright = ImageOps.exif_transpose(image) or image
            page = flattened(upright)
        lossy = self.photo and not is_lossless_webp(source)
        buffer = io.BytesIO()
        if lossy:
            page.save(buffer, "JPEG", quality=JPEG_QUALITY, dpi=dpi, optimize=False)
        else:
            page.save(buffer, "PNG", dpi=dpi)
        return PdfReader(io.BytesIO(img2pdf_convert(buffer.getvalue())))


def is_lossless_webp(source: SourceFile) -> bool:
    """A WebP whose image is in the lossless format (a screenshot, often): kept lossless."""
    if source.kind != "webp":
        return False
    with source.resolved.open("rb") as stream:
        head = stream.read(WEBP_CHUNK_WINDOW)
    return b"VP8L" in head and b"VP8 " not in head


def flattened(image: Image.Image) -> Image.Image:
    """The image as opaque RGB (or L for a grey one): transparency on white paper."""
    if image.mode in ("RGB", "L"):
        return image.copy()
    if image.mode == "LA":
        paper = Image.new("L", image.size, 255)
        paper.paste(image.getchannel("L"), mask=image.getchannel("A"))
        return paper
    if image.mode in ("1", "I", "I;16", "F"):
        return image.convert("L")
    rgba = image.convert("RGBA")
    paper = Image.new("RGB", rgba.size, (255, 255, 255))
    paper.paste(rgba, mask=rgba.getchannel("A"))
    return paper


HEIC = PhotoKind("heic", "HEIC photo", (".heic", ".heif", ".hif"), is_heif, open_heif, photo=True)
WEBP = PhotoKind(
    "webp",
    "WebP image",
    (".webp",),
    lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    open_with_pillow("WEBP"),
    cut_short=riff_cut_short,
    photo=True,
)
GIF = PhotoKind(
    "gif",
    "GIF image",
    (".gif",),
    lambda head: head.startswith((b"GIF87a", b"GIF89a")),
    open_with_pillow("GIF"),
    cut_short=gif_cut_short,
)
BMP = PhotoKind(
    "bmp", "BMP image", (".bmp", ".dib"), is_bmp, open_with_pillow("BMP"), cut_short=bmp_cut_short
)
