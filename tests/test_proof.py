"""packet proof: the contact sheet of a built packet, checked against poppler's own reading of
the packet (its text, its page sizes), not against the code that draws the sheet."""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject
from typer.testing import CliRunner

from helpers import CaseFolder, image_bytes, pdf_bytes
from packetbuilder import api
from packetbuilder.cli import app
from packetbuilder.options import BuildOptions
from packetbuilder.proof.measure import MOSTLY_EMPTY, coverage

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler's pdftotext (make system-deps)"
)
BATES = re.compile(r"\b([A-Z0-9]+-\d{6})\b")


def drawn_pdf(pages: int, drawing: bytes = b"") -> bytes:
    """Letter pages that each draw `drawing` (nothing: blank pages)."""
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        content = DecodedStreamObject()
        content.set_data(drawing)
        page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


FULL_PAGE = b"0.5 g 72 72 468 648 re f"  # a page of content, margin to margin


@pytest.fixture
def packet(case_folder: CaseFolder, tmp_path: Path) -> Path:
    """A packet with a blank page, a landscape page and a speck of an image among 25 pages."""
    case_folder.add_exhibit("blank", "exhibits/blank.pdf", drawn_pdf(1))
    case_folder.add_exhibit("wide", "exhibits/wide.pdf", pdf_bytes(1, 792, 612, "wide"))
    speck = image_bytes("PNG", size=(16, 16), color=(0, 0, 0), dpi=(72, 72))
    case_folder.add_exhibit("speck", "exhibits/speck.png", speck)
    case_folder.add_exhibit("long", "exhibits/long.pdf", drawn_pdf(12, FULL_PAGE))
    output = tmp_path / "out" / "packet.pdf"
    api.build(case_folder.write(), BuildOptions(output=output))
    return output


def page_count(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def poppler_text(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_coverage_is_the_share_inside_the_ink_above_the_stamp_band() -> None:
    page = Image.new("RGB", (170, 220), "white")
    assert coverage(page, band=9) == 0
    page.paste((0, 0, 0), (10, 215, 160, 219))  # a stamp, in the band: still blank
    assert coverage(page, band=9) == 0
    page.paste((0, 0, 0), (80, 100, 84, 104))  # a speck
    assert 0 < coverage(page, band=9) < MOSTLY_EMPTY
    page.paste((0, 0, 0), (20, 20, 150, 24))  # a line of text far from the speck
    assert coverage(page, band=9) > MOSTLY_EMPTY


@needs_poppler
def test_the_sheet_shows_every_page_with_its_bates_number_and_flags_what_to_look_at(
    packet: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["proof", str(packet)])
    assert result.exit_code == 0, result.output
    sheet = packet.with_name("packet-proof.pdf")
    assert result.stdout.strip() == str(sheet)
    pages = page_count(packet)
    assert page_count(sheet) == 1 + math.ceil(pages / 20)

    # Truth from poppler: each packet page's Bates number, and which pages are landscape.
    bates = {}
    for number in range(1, pages + 1):
        found = BATES.findall(poppler_text(packet, number))
        bates[number] = found[-1] if found else None
    reader = PdfReader(packet)
    landscape = {
        number
        for number, page in enumerate(reader.pages, start=1)
        if float(page.mediabox.width) > float(page.mediabox.height)
    }
    manifest = json.loads(next(packet.parent.glob("*manifest*.json")).read_text())
    tabs = {tab["id"]: tab for tab in manifest["tabs"]}
    forms = sum(form["pdf_pages"][1] - form["pdf_pages"][0] + 1 for form in manifest["forms"])
    blank_page = forms + tabs["blank"]["pages"][0] + 1
    speck_page = forms + tabs["speck"]["pages"][0] + 1
    assert landscape == {forms + tabs["wide"]["pages"][0] + 1}

    labels = "".join(poppler_text(sheet, number) for number in range(2, page_count(sheet) + 1))
    for number in range(1, pages + 1):
        expected = rf"p\. {number}" + (rf"\s+{bates[number]}" if bates[number] else "")
        assert re.search(rf"{expected}\b", labels), f"no label {expected!r} on the sheet"
    first = poppler_text(sheet, 1)
    listed = {int(n) for n in re.findall(r"Page (\d+)", first)}
    assert {blank_page, speck_page} | landscape <= listed
    assert f"Page {blank_page} ({bates[blank_page]}): blank" in first
    assert re.search(rf"Page {speck_page} \({bates[speck_page]}\): (under 1|\d)% covered", first)
    long_pages = range(forms + tabs["long"]["pages"][0] + 1, forms + tabs["long"]["pages"][1] + 1)
    assert not set(long_pages) & listed  # full pages are not flagged
    tab_pages = {forms + tab["pages"][0] for tab in manifest["tabs"]}
    assert not tab_pages & listed  # sparse by design, never flagged unless blank
    assert sorted(stderr_pages(result.stderr)) == sorted(listed)


def stderr_pages(stderr: str) -> list[int]:
    return [int(n) for n in re.findall(r"^page (\d+)", stderr, re.MULTILINE)]


def test_twenty_thumbnails_to_a_page(packet: Path, tmp_path: Path) -> None:
    result = api.proof(packet, tmp_path / "sheet.pdf")
    sheet = PdfReader(result.output)
    counts = [len(page["/Resources"].get("/XObject", {})) for page in sheet.pages[1:]]
    assert sum(counts) == page_count(packet) == result.pages
    assert all(count == 20 for count in counts[:-1]) and 0 < counts[-1] <= 20
    for page in sheet.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)


def test_the_same_packet_gives_the_same_sheet(packet: Path, tmp_path: Path) -> None:
    one = api.proof(packet, tmp_path / "one.pdf").output.read_bytes()
    two = api.proof(packet, tmp_path / "two.pdf").output.read_bytes()
    assert one == two


def test_an_earlier_sheet_is_replaced_and_any_other_file_is_kept(
    packet: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["proof", str(packet)]).exit_code == 0
    assert runner.invoke(app, ["proof", str(packet)]).exit_code == 0  # its own sheet: replaced
    precious = tmp_path / "precious.pdf"
    precious.write_bytes(pdf_bytes(1, text="keep me"))
    result = runner.invoke(app, ["proof", str(packet), "-o", str(precious)])
    assert result.exit_code == 4 and "--force" in result.stderr
    assert b"keep me" in precious.read_bytes() or page_count(precious) == 1
    assert runner.invoke(app, ["proof", str(packet), "-o", str(precious), "--force"]).exit_code == 0
    assert page_count(precious) == 1 + math.ceil(page_count(packet) / 20)
    result = runner.invoke(app, ["proof", str(packet), "-o", str(packet)])
    assert result.exit_code == 4  # never the packet itself


def test_a_missing_file_or_one_that_is_not_a_pdf_is_a_usage_error(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["proof", str(tmp_path / "none.pdf")])
    assert result.exit_code == 2 and "not a file" in result.stderr
    notes = tmp_path / "notes.pdf"
    notes.write_text("just some notes")
    result = runner.invoke(app, ["proof", str(notes)])
    assert result.exit_code == 2 and "cannot be opened as a PDF" in result.stderr
    assert not (tmp_path / "notes-proof.pdf").exists()
