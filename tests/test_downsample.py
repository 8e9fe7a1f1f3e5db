"""`--downsample DPI`: images placed above 1.5 x DPI resampled to DPI (JPEG at the quality
asked, 1-bit kept 1-bit), never up; every other image byte for byte; the manifest's image
bytes before and after; the same case always the same bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import img2pdf
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import StreamObject

from helpers import CaseFolder
from packetbuilder import api
from packetbuilder.errors import UsageError
from packetbuilder.options import BuildOptions


def scan(size: tuple[int, int], dpi: int, kind: str = "JPEG", mode: str = "RGB", **save) -> bytes:
    """A scanned page: lines of 'text' on paper, at `dpi`."""
    page = Image.new("L", size, 235)
    draw = ImageDraw.Draw(page)
    for y in range(size[1] // 20, size[1] - size[1] // 20, max(4, size[1] // 40)):
        draw.rectangle((size[0] // 10, y, size[0] * 8 // 10, y + max(1, size[1] // 120)), fill=30)
    image = page.convert(mode) if mode != "L" else page
    buffer = io.BytesIO()
    image.save(buffer, kind, dpi=(dpi, dpi), **save)
    return buffer.getvalue()


def case_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    case = CaseFolder(tmp_path)
    for number, (name, data) in enumerate(files.items()):
        case.add_exhibit(f"scan-{number}", f"exhibits/{name}", data)
    return case.write()


def build(case_file: Path, name: str, **options: Any) -> tuple[Path, dict[str, Any]]:
    output = case_file.parent / "out" / name
    result = api.build(case_file, BuildOptions(output=output, **options))
    return result.output, json.loads(result.manifest.read_text())


def images_of(packet: Path) -> list[StreamObject]:
    """Every image XObject the packet's pages draw, through their form XObjects, in order."""
    found: dict[int, StreamObject] = {}

    def visit(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for reference in resources.get("/XObject", {}).values():
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.setdefault(reference.idnum, xobject)
            elif xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in PdfReader(packet).pages:
        visit(page.get("/Resources"))
    return list(found.values())


def scanned(packet: Path) -> list[StreamObject]:
    """The packet's images but the case's passport photo (440 x 570)."""
    return [image for image in images_of(packet) if image["/Width"] != 440]


def stored(image: StreamObject) -> bytes:
    return image._data


def tab_bytes(manifest: dict[str, Any], exhibit_id: str) -> dict[str, int]:
    return next(tab for tab in manifest["tabs"] if tab["id"] == exhibit_id)["image_bytes"]


@pytest.mark.slow
def test_images_at_or_below_the_threshold_are_kept_byte_for_byte(tmp_path: Path) -> None:
    """A 150 dpi scan with --downsample 150 (threshold 225) and a 100 dpi one with
    --downsample 300: kept, never enlarged; the packet is the one built without the option."""
    at_150 = scan((1200, 1500), 150)
    at_100 = scan((800, 1000), 100, "PNG")
    case_file = case_with(tmp_path, {"at-150.jpg": at_150, "at-100.png": at_100})
    plain, _ = build(case_file, "plain.pdf")
    for dpi in (150, 300):
        packet, manifest = build(case_file, f"at-{dpi}.pdf", downsample=dpi)
        assert packet.read_bytes() == plain.read_bytes()
        assert manifest["downsample"] == {"dpi": dpi, "jpeg_quality": 75}
        for exhibit_id in ("scan-0", "scan-1"):
            counted = tab_bytes(manifest, exhibit_id)
            assert counted["before"] == counted["after"] > 0
    assert at_150 in [stored(image) for image in images_of(plain)]  # the JPEG as scanned


@pytest.mark.slow
def test_a_600_dpi_colour_scan_is_resampled_to_150_at_the_quality_asked(tmp_path: Path) -> None:
    original = scan((1800, 2400), 600, quality=95)  # 3 x 4 inches: placed at its own size
    case_file = case_with(tmp_path, {"scan.jpg": original})
    packet, manifest = build(case_file, "packet.pdf", downsample=150, jpeg_quality=60)
    [image] = scanned(packet)
    assert (image["/Width"], image["/Height"]) == (450, 600)
    assert image["/Filter"] == "/DCTDecode"
    assert image["/ColorSpace"] == "/DeviceRGB"
    written = Image.open(io.BytesIO(stored(image)))
    assert written.mode == "RGB"
    reference = io.BytesIO()
    Image.new("RGB", (16, 16)).save(reference, "JPEG", quality=60)
    assert written.quantization == Image.open(reference).quantization
    counted = tab_bytes(manifest, "scan-0")
    assert counted == {"before": len(original), "after": len(stored(image))}
    assert counted["after"] < counted["before"] / 4
    # the letter's PDF has no images: nothing before, nothing after
    assert tab_bytes(manifest, "urgent-letter") == {"before": 0, "after": 0}


@pytest.mark.slow
def test_a_1_bit_scan_stays_1_bit(tmp_path: Path) -> None:
    """A fax-like 1-bit TIFF (CCITT G4) at 600 dpi becomes 1-bit at 200 dpi."""
    bilevel = scan((2400, 3000), 600, "TIFF", mode="1", compression="group4")
    case_file = case_with(tmp_path, {"fax.tif": bilevel})
    packet, manifest = build(case_file, "packet.pdf", downsample=200)
    [image] = scanned(packet)
    assert (image["/Width"], image["/Height"]) == (800, 1000)
    assert image["/BitsPerComponent"] == 1
    assert image["/ColorSpace"] == "/DeviceGray"
    pixels = Image.frombytes("1", (800, 1000), image.get_data())
    histogram = pixels.convert("L").histogram()
    assert sum(histogram[1:255]) == 0  # black and white only
    assert 0.05 < histogram[0] / (800 * 1000) < 0.6  # both ink and paper survive
    counted = tab_bytes(manifest, "scan-0")
    assert counted["after"] == len(stored(image))


@pytest.mark.slow
def test_an_image_inside_a_pdf_exhibit_is_resampled_where_it_is_drawn(tmp_path: Path) -> None:
    """A PDF whose page draws a 2400 x 3000 image over 4 x 5 inches (600 dpi as placed)."""
    photo = scan((2400, 3000), 72, quality=90)  # its own dpi says nothing: the placing does
    layout = img2pdf.get_fixed_dpi_layout_fun((600, 600))
    pdf = img2pdf.convert(photo, layout_fun=layout)
    case_file = case_with(tmp_path, {"scanned.pdf": pdf})
    packet, _ = build(case_file, "packet.pdf", downsample=150)
    [image] = scanned(packet)
    assert (image["/Width"], image["/Height"]) == (600, 750)


@pytest.mark.slow
def test_downsampled_builds_are_byte_identical(tmp_path: Path) -> None:
    files = {
        "scan.jpg": scan((1800, 2400), 600),
        "screen.png": scan((1800, 2400), 600, "PNG"),
        "fax.tif": scan((2400, 3000), 600, "TIFF", mode="1", compression="group4"),
    }
    case_file = case_with(tmp_path, files)
    first, manifest = build(case_file, "first.pdf", downsample=150)
    second, _ = build(case_file, "second.pdf", downsample=150)
    assert first.read_bytes() == second.read_bytes()
    assert all(
        tab_bytes(manifest, f"scan-{n}")["after"] < tab_bytes(manifest, f"scan-{n}")["before"]
        for n in range(3)
    )


@pytest.mark.parametrize(("dpi", "quality"), [(20, 75), (150, 0), (150, 100)])
def test_resolutions_and_qualities_out_of_range_are_usage_errors(
    tmp_path: Path, dpi: int, quality: int
) -> None:
    case_file = case_with(tmp_path, {"scan.jpg": scan((300, 400), 100)})
    with pytest.raises(UsageError):
        build(case_file, "packet.pdf", downsample=dpi, jpeg_quality=quality)
