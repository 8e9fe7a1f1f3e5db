"""Choose `--downsample`'s resampling filter and JPEG quality: legibility against size.

    python bench/legibility.py [--photos 6]

Builds a small case of phone photos of documents (bench/make_case.py) losslessly, then with
`--downsample 150` for each filter and quality (and with and without decoding the JPEG at a
reduced size first, Pillow's `draft`), renders every photo page at 150 dpi (PDFium, grey) and
compares it with the same page of the lossless packet (SSIM, scikit-image). Prints mean and
lowest SSIM, the photos' bytes after, and the build's time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy
import pypdfium2
from PIL import Image, JpegImagePlugin
from skimage.metrics import structural_similarity

from packetbuilder import api
from packetbuilder.build import downsample
from packetbuilder.options import BuildOptions

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
FILTERS = {
    "nearest": Image.Resampling.NEAREST,
    "bilinear": Image.Resampling.BILINEAR,
    "box": Image.Resampling.BOX,
    "bicubic": Image.Resampling.BICUBIC,
    "lanczos": Image.Resampling.LANCZOS,
}
QUALITIES = (50, 60, 75, 85)


def photo_pages(manifest: dict) -> list[int]:
    """Indexes (from 0) of the packet's photo pages."""
    pages = []
    for tab in manifest["tabs"]:
        if any(entry["path"].endswith(".jpg") for entry in tab["files"]):
            pages += range(tab["pages"][0], tab["pages"][1])  # after the tab page, from 1
    return pages


def render(packet: Path, pages: list[int], dpi: float = 150) -> list[numpy.ndarray]:
    document = pypdfium2.PdfDocument(packet)
    try:
        return [
            numpy.asarray(document[index].render(scale=dpi / 72).to_pil().convert("L"))
            for index in pages
        ]
    finally:
        document.close()


def ssim(first: numpy.ndarray, second: numpy.ndarray) -> float:
    return float(structural_similarity(first, second, data_range=255))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=6)
    options = parser.parse_args()
    folder = WORK / f"legibility-{options.photos}"
    case = folder / "case.yaml"
    if not case.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_case.py"), str(folder), "--pdfs", "1"]
            + ["--pages", "1", "--scans", "0", "--photos", str(options.photos)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    out = folder / "out"
    lossless = api.build(case, BuildOptions(output=out / "lossless.pdf", force=True))
    manifest = json.loads(lossless.manifest.read_text())
    pages = photo_pages(manifest)
    reference = render(lossless.output, pages)
    real_draft = JpegImagePlugin.JpegImageFile.draft
    print("| filter | quality | draft | SSIM mean | SSIM lowest | photos after (KB) | build (s) |")
    print("|---|---|---|---|---|---|---|")
    variants = [(name, quality, True) for name in FILTERS for quality in QUALITIES]
    variants += [("lanczos", quality, False) for quality in (60, 75)]
    for name, quality, draft in variants:
        downsample.RESAMPLING = FILTERS[name]
        JpegImagePlugin.JpegImageFile.draft = real_draft if draft else (lambda *a, **k: None)
        started = time.perf_counter()
        built = api.build(
            case,
            BuildOptions(
                output=out / "downsampled.pdf", force=True, downsample=150, jpeg_quality=quality
            ),
        )
        elapsed = time.perf_counter() - started
        after = sum(
            tab["image_bytes"]["after"] for tab in json.loads(built.manifest.read_text())["tabs"]
        )
        scores = [ssim(a, b) for a, b in zip(reference, render(built.output, pages), strict=True)]
        print(
            f"| {name} | {quality} | {'yes' if draft else 'no'} | "
            f"{sum(scores) / len(scores):.4f} | {min(scores):.4f} | {after / 1000:.0f} | "
            f"{elapsed:.2f} |"
        )
    JpegImagePlugin.JpegImageFile.draft = real_draft


if __name__ == "__main__":
    main()
