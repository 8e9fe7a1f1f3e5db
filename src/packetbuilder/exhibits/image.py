"""Image exhibits (JPEG, PNG, TIFF): a page per frame, EXIF orientation honoured, through
img2pdf, which embeds JPEGs unchanged."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

from .guard import collected_log
from .source import Problem, SourceFile, short

JPEG_END = b"\xff\xd9"
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
    }
    try:
        return bytes(img2pdf.convert(images, **options))
    except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError) as error:
        raise ValueError(str(error)) from error


@dataclass(frozen=True)
class ImageKind:
    """A raster image format that Pillow reads and img2pdf embeds."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    signatures: tuple[bytes, ...]

    def recognise(self, head: bytes) -> bool:
        return head.startswith(self.signatures)

    def inspect(self, source: SourceFile) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(source.resolved) as image:
                    frames = getattr(image, "n_frames", 1)
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

    def to_pdf(self, source: SourceFile, notes: list[Problem]) -> PdfReader:
        data = source.resolved.read_bytes()
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
TIFF = ImageKind("tiff", "TIFF image", (".tif", ".tiff"), (b"II*\x00", b"MM\x00*"))
