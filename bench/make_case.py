"""Generate a synthetic case for benchmarks: N text PDFs of M pages, K JPEG scans and P phone
photos of documents.

    python bench/make_case.py OUT_FOLDER [--pdfs 40] [--pages 25] [--scans 10] [--photos 0]

The case passes `packet check`. Each PDF page holds distinct text; each scan is a 200 dpi
photo-like page of text (300-600 KB); each photo is a 12-megapixel phone photo of a typed page
(2.5-4 MB: paper on a dark table, uneven light, sensor noise, 72 dpi as phones write; every
fourth one stored on its side with an EXIF orientation), five photos to an exhibit.
`baseline/` holds every exhibit but the photos as a PDF (the scans through img2pdf, not
re-encoded) in packet order, for the plain-merge baselines; the photos' baseline is img2pdf
itself, timed by bench/run.py.
"""

from __future__ import annotations

import argparse
import io
import random
import textwrap
from pathlib import Path

import img2pdf
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
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


PHOTO_SIZE = (3000, 4000)  # 12 megapixels, upright
PHOTOS_PER_EXHIBIT = 5
EXIF_ORIENTATION = 0x0112


def photo_jpeg(seed: int) -> bytes:
    """A phone photo of a typed page: paper slightly turned on a dark table, light brighter
    to one side, noise in each channel; every fourth stored on its side (EXIF orientation 6)."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    frame = Image.new("L", (width, height), 70)
    paper = Image.new("L", (2700, 3500), 225)
    draw = ImageDraw.Draw(paper)
    font = ImageFont.truetype(str(FONT), 44)
    title = ImageFont.truetype(str(FONT), 70)
    draw.text((200, 160), f"Photographed record {seed}", font=title, fill=30)
    y = 330
    while y < paper.height - 250:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 10)))
        draw.text((200, y), words, font=font, fill=40)
        y += 66
    paper = paper.rotate(rng.uniform(-3, 3), resample=Image.BICUBIC, expand=True, fillcolor=70)
    frame.paste(paper, ((width - paper.width) // 2, (height - paper.height) // 2))
    dx, dy = rng.randint(0, 96), rng.randint(0, 96)
    light = Image.radial_gradient("L").crop((dx, dy, dx + 160, dy + 160))
    light = light.resize((width, height), Image.BILINEAR).point(lambda v: 255 - v // 3)
    frame = ImageChops.multiply(frame, light).filter(ImageFilter.GaussianBlur(0.8))
    tints = (lambda v: min(255, int(v * 1.04)), lambda v: v, lambda v: int(v * 0.88))
    channels = [
        Image.blend(frame, Image.effect_noise((width, height), 40), 0.1).point(tint)
        for tint in tints
    ]
    photo = Image.merge("RGB", channels)
    exif = Image.Exif()
    if seed % 4 == 1:  # held sideways: the camera stores it so and says how to turn it
        photo = photo.transpose(Image.Transpose.ROTATE_90)
        exif[EXIF_ORIENTATION] = 6
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=91 + seed % 4, dpi=(72, 72), exif=exif)
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


def make_case(out: Path, pdfs: int, pages: int, scans: int, photos: int = 0) -> Path:
    """Write the case folder and the baseline PDFs; return the case file."""
    (out / "exhibits").mkdir(parents=True, exist_ok=True)
    (out / "baseline").mkdir(exist_ok=True)
    entries: list[str | list[str]] = []
    ids = []
    photo_exhibits = -(-photos // PHOTOS_PER_EXHIBIT)
    total = pdfs + scans + photo_exhibits
    scan_positions = {index * total // scans for index in range(scans)} if scans else set()
    photo_positions = (
        {index * total // photo_exhibits + 1 for index in range(photo_exhibits)} - scan_positions
        if photo_exhibits
        else set()
    )
    made = 0
    for index in range(total):
        exhibit_id = f"e{index:03d}"
        if index in photo_positions and made < photos:
            names = []
            for _ in range(min(PHOTOS_PER_EXHIBIT, photos - made)):
                names.append(f"exhibits/{exhibit_id}-{len(names) + 1}.jpg")
                (out / names[-1]).write_bytes(photo_jpeg(made))
                made += 1
            entries.append(names)
            ids.append(exhibit_id)
            continue
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
        f"  - id: {exhibit_id}\n    title: Synthetic exhibit {exhibit_id}\n    "
        + (f"files: [{', '.join(name)}]" if isinstance(name, list) else f"file: {name}")
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
    parser.add_argument("--photos", type=int, default=0)
    options = parser.parse_args()
    print(make_case(options.out, options.pdfs, options.pages, options.scans, options.photos))


if __name__ == "__main__":
    main()
