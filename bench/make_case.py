"""Generate a synthetic case for benchmarks: N text PDFs of M pages and K JPEG scans.

    python bench/make_case.py OUT_FOLDER [--pdfs 40] [--pages 25] [--scans 10]

The case passes `packet check`. Each PDF page holds distinct text; each scan is a 200 dpi
photo-like page of text (300-600 KB). `baseline/` holds every exhibit as a PDF (the scans
through img2pdf, not re-encoded) in packet order, for the plain-merge baselines.
"""

from __future__ import annotations

import argparse
import io
import random
import textwrap
from pathlib import Path

import img2pdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
WORDS = [
    "the",
    "applicant",
    "parole",
    "humanitarian",
    "hospital",
    "treatment",
    "letter",
    "evidence",
    "request",
    "support",
    "family",
    "urgent",
    "months",
    "passport",
    "medical",
    "country",
    "records",
    "travel",
    "sponsor",
    "community",
    "court",
    "identity",
    "translation",
    "certified",
    "physician",
    "surgery",
    "child",
    "departure",
    "period",
    "provider",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def text_pdf(pages: int, seed: int) -> bytes:
    """A text PDF whose every page differs, with one font shared by its pages."""
    rng = random.Random(seed)
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Times-Roman"),
            }
        )
    )
    for number in range(pages):
        page = writer.add_blank_page(612, 792)
        lines = [f"Document {seed}, page {number + 1}"]
        for _ in range(9):
            lines += textwrap.wrap(" ".join(sentence(rng) for _ in range(3)), 90) + [""]
        body = " ".join(f"({line}) Tj T*" for line in lines[:46])
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 11 Tf 14 TL 72 740 Td {body} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    writer.compress_identical_objects()
    for page in writer.pages:
        page.compress_content_streams()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scan_jpeg(seed: int) -> bytes:
    """A 200 dpi Letter 'photo' of a typed page: off-white, noisy, slightly skewed."""
    rng = random.Random(seed)
    width, height = 1700, 2200
    page = Image.new("L", (width, height), 236)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 30)
    y = 160
    draw.text((160, 90), f"Scanned record {seed}", font=ImageFont.truetype(str(FONT), 44), fill=20)
    while y < height - 200:
        draw.text((160, y), " ".join(rng.choice(WORDS) for _ in range(9)), font=font, fill=35)
        y += 46
    noise = Image.effect_noise((width, height), 40)
    page = Image.blend(page, noise, 0.18).filter(ImageFilter.GaussianBlur(0.7))
    page = page.rotate(rng.uniform(-1.2, 1.2), resample=Image.BICUBIC, fillcolor=236)
    photo = Image.merge(
        "RGB", (page, page.point(lambda v: v * 0.97), page.point(lambda v: v * 0.9))
    )
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=62, dpi=(200, 200))
    return buffer.getvalue()


CASE_HEAD = """version: 1
case:
  id: BENCH-{size}
  parole_type: port_of_entry
  filed_with: CBP
  office: Port Director
  office_address: ["U.S. Customs and Border Protection", "Port of Entry"]
  date: 2026-11-20
  bates_prefix: BENCH
applicant:
  given_name: Bench
  family_name: Mark
  date_of_birth: 1980-01-01
  citizenship: Canada
  passport: {{number: X1, country: Canada, expires: 2030-01-01}}
requestor: {{name: Bench Mark, relationship: self}}
reason:
  summary: A synthetic case for measuring speed.
  narrative: |
    {citations}
  urgency: None; this is a benchmark.
  why_not_visa: None; this is a benchmark.
timeline:
  requested_start: 2026-12-01
  requested_end: 2027-02-28
  events: []
  departure_plan: None.
letters: []
exhibits:
"""


def make_case(out: Path, pdfs: int, pages: int, scans: int) -> Path:
    """Write the case folder and the baseline PDFs; return the case file."""
    (out / "exhibits").mkdir(parents=True, exist_ok=True)
    (out / "baseline").mkdir(exist_ok=True)
    entries, ids = [], []
    total = pdfs + scans
    scan_positions = {index * total // scans for index in range(scans)} if scans else set()
    for index in range(total):
        exhibit_id = f"e{index:03d}"
        if index in scan_positions:
            name = f"exhibits/{exhibit_id}.jpg"
            data = scan_jpeg(index)
            baseline = img2pdf.convert(data)
        else:
            name = f"exhibits/{exhibit_id}.pdf"
            data = text_pdf(pages, index)
            baseline = data
        (out / name).write_bytes(data)
        (out / "baseline" / f"{exhibit_id}.pdf").write_bytes(baseline)
        entries.append(name)
        ids.append(exhibit_id)
    proves = (
        "\n    proves: [identity, urgent_reason, ties_and_return, financial_support,"
        " inadmissibility_and_rehabilitation]"
    )
    body = "".join(
        f"  - id: {exhibit_id}\n    title: Synthetic exhibit {exhibit_id}\n    file: {name}"
        + (proves if position == 0 else "")
        + "\n"
        for position, (exhibit_id, name) in enumerate(zip(ids, entries, strict=True))
    )
    citations = " ".join(f"[[{exhibit_id}]]" for exhibit_id in ids)
    case_file = out / "case.yaml"
    case_file.write_text(CASE_HEAD.format(size=len(ids), citations=citations) + body)
    return case_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pdfs", type=int, default=40)
    parser.add_argument("--pages", type=int, default=25)
    parser.add_argument("--scans", type=int, default=10)
    options = parser.parse_args()
    print(make_case(options.out, options.pdfs, options.pages, options.scans))


if __name__ == "__main__":
    main()
