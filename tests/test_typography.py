"""Typography of the front matter, measured from the PDF: where poppler's pdftotext finds each
word (its own reading of the page, independent of the layout code), not from pixels."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

from helpers import EXAMPLES, CaseFolder, pdf_bytes
from packetbuilder import api
from packetbuilder.api import check
from packetbuilder.build import compose, layout
from packetbuilder.build.compose import ComposeOptions
from packetbuilder.build.plan import tab_label
from packetbuilder.case.load import load_case
from packetbuilder.options import BuildOptions

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler's pdftotext (make system-deps)"
)

CITATION = re.compile(r"Exhibit\s+[A-Z]{1,3}\s+\(pp?\.\s+[\d,–-]+\)")
MONTHS = "January February March April May June July August September October November December"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    y0: float
    page: int


def words_of(pdf: Path, last_page: int | None = None) -> list[Word]:
    """Every word pdftotext finds, with its box in points from the top left."""
    command = ["pdftotext", "-bbox", "-f", "1"]
    if last_page is not None:
        command += ["-l", str(last_page)]
    html = subprocess.run(
        [*command, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ElementTree.fromstring(html.replace("&nbsp;", " "))
    found = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            found.append(
                Word(
                    (word.text or "").replace("\xa0", " "),
                    float(word.get("xMin", 0)),
                    float(word.get("xMax", 0)),
                    float(word.get("yMin", 0)),
                    number,
                )
            )
    return found


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines: same page, tops within 2 pt, left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.page, round(w.y0), w.x0)):
        if lines and lines[-1][0].page == word.page and abs(lines[-1][0].y0 - word.y0) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def text_of(line: list[Word]) -> str:
    return " ".join(word.text for word in line)


def build_front(case_folder: CaseFolder, tmp_path: Path) -> Path:
    output = tmp_path / "packet.pdf"
    api.build(case_folder.write(), BuildOptions(output=output))
    return output


def test_timeline_dates_never_touch_the_event_text(case_folder: CaseFolder, tmp_path: Path) -> None:
    long_what = "The hospital wrote again and the surgeon confirmed the date of the operation."
    case_folder.data["timeline"]["events"] = [
        {"date": day, "what": long_what, "exhibits": ["id-doc"]}
        for day in ("2026-09-30", "2026-11-28", "2026-02-01", "2026-12-31")
    ]
    words = words_of(build_front(case_folder, tmp_path), last_page=3)
    dated = 0
    for line in lines_of(words):
        # A timeline row: the date starts the line, the event's text follows on its baseline.
        if (
            len(line) > 3
            and line[0].text in MONTHS.split()
            and re.fullmatch(r"\d{4}", line[2].text)
        ):
            year, following = line[2], line[3]
            assert following.x0 - year.x1 >= 6, f"date runs into the text: {text_of(line)}"
            dated += 1
    assert dated >= 4  # every event's date was found and measured (the letter date is alone)


def test_a_citation_never_breaks_and_never_ends_a_paragraph_alone(
    case_folder: CaseFolder, tmp_path: Path
) -> None:
    # Citations after words of every length, so the line ends fall everywhere around them.
    for number in range(1, 7):
        case_folder.add_exhibit(f"x{number}", f"exhibits/x{number}.pdf", pdf_bytes(3), cite=False)
    paragraphs = []
    for paragraph in range(8):
        sentences = [
            f"{'word ' * ((paragraph * 7 + n * 3) % 11)}{'longerword' * (n % 3)} [[x{n % 6 + 1}]]."
            for n in range(1, 9)
        ]
        paragraphs.append(" ".join(sentences) + f" Finally{paragraph} [[x{paragraph % 6 + 1}]].")
    case_folder.data["reason"]["narrative"] = "\n\n".join(paragraphs)
    lines = [text_of(line) for line in lines_of(words_of(build_front(case_folder, tmp_path), 4))]
    checked = 0
    for text in lines:
        whole = CITATION.findall(text)
        cut = len(re.findall(r"\bExhibit [A-Z]{1,3}\b", text)) - len(whole)
        assert cut == 0, f"a citation broke: {text!r}"
        assert not re.match(r"^\(?p{1,2}\.|^\d+\)|^[.,;]", text), (
            f"a line starts mid-citation: {text!r}"
        )
        checked += len(whole)
    assert checked >= 8 * 9
    for paragraph in range(8):
        last = next(text for text in lines if f"Finally{paragraph}" in text)
        assert re.search(rf"Finally{paragraph} {CITATION.pattern}\.", last), last


def test_index_columns_fit_five_digit_page_ranges(tmp_path: Path) -> None:
    """Ranges like 12,000–16,000: the Pages column holds them on one line, inside the margin,
    clear of the titles."""
    report = check(EXAMPLES[0])
    template = report.documents[0]
    documents = tuple(
        dataclasses.replace(
            template,
            label=tab_label(i),
            entry=dataclasses.replace(template.entry, id=f"d{i}", title=f"Medical record {i}"),
            files=[dataclasses.replace(template.files[0], pages=4000)],
        )
        for i in range(8)
    )
    report = dataclasses.replace(report, documents=documents, forms=[])
    case = load_case(EXAMPLES[0]).case.complete()
    assert case is not None
    options = ComposeOptions(
        templates_dir=None,
        case_folder=EXAMPLES[0].parent,
        profile_title="Medical",
        bates_prefix="T",
        draft=False,
    )
    size = compose.estimated_size(case, report)
    for _ in range(4):
        laid_out = layout.lay_out(compose.compose(case, report, options, size))
        if laid_out.pdf is not None:
            break
        size = laid_out.size
    assert laid_out.pdf is not None
    pdf = tmp_path / "front.pdf"
    pdf.write_bytes(laid_out.pdf)
    rows = [
        line
        for line in lines_of(words_of(pdf))
        if any(word.text.startswith("Medical") for word in line)
        and re.search(r"\d{5}", text_of(line).replace(",", ""))
    ]
    assert len(rows) >= 6  # the rows whose ranges reach five digits
    for row in rows:
        pages = [word for word in row if re.fullmatch(r"[\d,]+–[\d,]*|[\d,]+", word.text)][-1:]
        title = [word for word in row[1:] if word not in pages]
        assert pages, text_of(row)
        assert max(word.x1 for word in pages) <= 612 - 72 + 1, f"past the margin: {text_of(row)}"
        assert max(word.x1 for word in title) < min(word.x0 for word in pages) - 4, text_of(row)
        assert re.fullmatch(r"[\d,]+–[\d,]+", "".join(word.text for word in pages)), text_of(row)


def test_an_honorific_stays_with_the_name(case_folder: CaseFolder, tmp_path: Path) -> None:
    case_folder.data["reason"]["narrative"] = " ".join(
        f"{'word ' * (n % 13)}Mr. Tremblay and Dr. Okafor met." for n in range(40)
    )
    lines = [text_of(line) for line in lines_of(words_of(build_front(case_folder, tmp_path), 4))]
    assert sum("Tremblay" in line for line in lines) >= 20
    assert not [line for line in lines if re.search(r"\b(Mr|Dr)\.$", line)]
