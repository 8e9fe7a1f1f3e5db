"""Phone photos and screenshots: HEIC, WebP, GIF, BMP a page each, recognised from their
content, EXIF orientation honoured; an animated GIF and a speck of an image are warnings."""

from __future__ import annotations

import io
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image
from pypdf import PdfReader

from helpers import CaseFolder, codes, image_bytes
from packetbuilder import api
from packetbuilder.options import BuildOptions

ORIENTATION = 0x0112


def heic_bytes(size: tuple[int, int] = (900, 600), orientation: int | None = None) -> bytes:
    """A HEIC photo, as an iPhone writes it: its EXIF orientation tag if given."""
    image = Image.new("RGB", size, (30, 90, 160))
    image.paste((250, 250, 250), (0, 0, size[0] // 3, size[1] // 3))  # a corner to see a turn
    buffer = io.BytesIO()
    kwargs = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        kwargs["exif"] = exif.tobytes()
    pillow_heif.from_pillow(image).save(buffer, quality=80, **kwargs)
    return buffer.getvalue()


def animated_gif(frames: int = 3, size: tuple[int, int] = (500, 500)) -> bytes:
    images = [Image.new("RGB", size, (200, 40 * index, 40)) for index in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return buffer.getvalue()


def built_pages(folder: CaseFolder, tmp_path: Path) -> PdfReader:
    output = tmp_path / "packet.pdf"
    api.build(folder.write(), BuildOptions(output=output))
    return PdfReader(output)


def last_page_size(reader: PdfReader, index: int = -1) -> tuple[float, float]:
    """The size of the image drawn on an exhibit page, from the page's image XObject."""
    page = reader.pages[index]
    images = list(page.images)
    assert images, "no image on the page"
    image = images[0].image
    assert image is not None
    return image.size


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.heic", lambda: heic_bytes()),
        ("photo.webp", lambda: image_bytes("WEBP", quality=80)),
        ("screen.webp", lambda: image_bytes("WEBP", lossless=True)),
        ("still.gif", lambda: image_bytes("GIF")),
        ("scan.bmp", lambda: image_bytes("BMP")),
    ],
)
def test_each_kind_is_a_page(name, data, case_folder: CaseFolder, run_check, tmp_path) -> None:
    case_folder.add_exhibit("photo", f"exhibits/{name}", data())
    report = run_check(case_folder)
    assert report.findings == [], [f.message for f in report.findings]
    assert report.documents[-1].pages == 1
    reader = built_pages(case_folder, tmp_path)
    assert last_page_size(reader) in ((440, 570), (900, 600))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (lambda: heic_bytes(), "heic"),
        (lambda: image_bytes("WEBP"), "webp"),
        (lambda: image_bytes("GIF"), "gif"),
        (lambda: image_bytes("BMP"), "bmp"),
    ],
)
def test_recognised_from_content_not_name(data, kind, case_folder: CaseFolder, run_check) -> None:
    case_folder.add_exhibit("photo", "exhibits/photo.pdf", data())
    report = run_check(case_folder)
    assert codes(report) == ["file-name-misleading"]
    assert report.documents[-1].files[0].kind == kind
    assert report.documents[-1].pages == 1


def test_heic_exif_orientation_6_is_turned_upright(
    case_folder: CaseFolder, run_check, tmp_path
) -> None:
    """A landscape sensor image with orientation 6 (turn 90° clockwise) prints portrait, its
    light corner at the top right."""
    case_folder.add_exhibit("photo", "exhibits/photo.heic", heic_bytes((900, 600), 6))
    assert run_check(case_folder).findings == []
    reader = built_pages(case_folder, tmp_path)
    page = reader.pages[-1]
    drawn = next(iter(page.images)).image
    assert drawn is not None and drawn.size == (600, 900)
    rgb = drawn.convert("RGB")
    assert min(rgb.getpixel((560, 40))) > 200  # top right: the light corner
    assert max(rgb.getpixel((40, 40))) < 200  # top left: blue


def test_animated_gif_first_frame_and_a_warning(
    case_folder: CaseFolder, run_check, tmp_path
) -> None:
    case_folder.add_exhibit("clip", "exhibits/clip.gif", animated_gif(frames=3))
    report = run_check(case_folder)
    [finding] = report.findings
    assert finding.code == "image-animated" and finding.severity == "warning"
    assert "exhibits/clip.gif" in finding.message and "first frame" in finding.message
    assert report.documents[-1].pages == 1
    reader = built_pages(case_folder, tmp_path)
    drawn = next(iter(reader.pages[-1].images)).image
    assert drawn is not None
    assert drawn.convert("RGB").getpixel((10, 10)) == (200, 0, 40)  # the first frame's colour


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("speck.png", lambda: image_bytes("PNG", (16, 16))),
        ("speck.heic", lambda: heic_bytes((64, 64))),
        ("speck.gif", lambda: image_bytes("GIF", (16, 16))),
    ],
)
def test_image_too_small_is_a_warning(name, data, case_folder: CaseFolder, run_check) -> None:
    case_folder.add_exhibit("speck", f"exhibits/{name}", data())
    report = run_check(case_folder)
    [finding] = report.findings
    assert finding.code == "image-too-small" and finding.severity == "warning"
    assert f"exhibits/{name}" in finding.message and "rescan" in finding.message
    assert finding.location is not None and finding.location.line > 1


def test_image_a_quarter_page_or_more_is_not_too_small(case_folder: CaseFolder, run_check) -> None:
    # 6 x 4.5 in at 300 dpi: it does not fit in a quarter of the page (4.25 x 5.5 in).
    case_folder.add_exhibit(
        "photo", "exhibits/photo.png", image_bytes("PNG", (1800, 1350), dpi=(300, 300))
    )
    assert run_check(case_folder).findings == []


def test_high_resolution_small_image_is_too_small(case_folder: CaseFolder, run_check) -> None:
    """What counts is the printed size: 600 px at 600 dpi is one inch."""
    case_folder.add_exhibit(
        "stamp", "exhibits/stamp.png", image_bytes("PNG", (600, 600), dpi=(600, 600))
    )
    assert codes(run_check(case_folder)) == ["image-too-small"]


@pytest.mark.parametrize("name", ["broken.heic", "broken.webp", "broken.gif", "broken.bmp"])
def test_damaged_photo_is_file_corrupt(name, case_folder: CaseFolder, run_check) -> None:
    whole = {
        "broken.heic": heic_bytes(),
        "broken.webp": image_bytes("WEBP"),
        "broken.gif": image_bytes("GIF"),
        "broken.bmp": image_bytes("BMP"),
    }[name]
    case_folder.add_exhibit("broken", f"exhibits/{name}", whole[: len(whole) // 3])
    assert "file-corrupt" in codes(run_check(case_folder))


def test_transparent_webp_prints_on_white(case_folder: CaseFolder, run_check, tmp_path) -> None:
    case_folder.add_exhibit(
        "clear", "exhibits/clear.webp", image_bytes("WEBP", mode="RGBA", color=(0, 0, 0, 0))
    )
    assert run_check(case_folder).findings == []
    drawn = next(iter(built_pages(case_folder, tmp_path).pages[-1].images)).image
    assert drawn is not None and drawn.convert("RGB").getpixel((5, 5)) == (255, 255, 255)
