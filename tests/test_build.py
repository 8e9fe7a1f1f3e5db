"""Build: orientation, images, forms, bookmarks, drafts, refusals and injection, on tiny cases."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from typer.testing import CliRunner

from helpers import CORPUS, CaseFolder, image_bytes, pdf_bytes
from packetbuilder import api
from packetbuilder.build.worker import LayoutWorker
from packetbuilder.cli import app
from packetbuilder.options import BuildOptions

runner = CliRunner()
ROTATED = CORPUS / "015-arabic_habibi-rotated.pdf"
FORM = CORPUS / "012-libreoffice-form_libreoffice-form.pdf"


def build(folder: CaseFolder, **options):
    return api.build(folder.write(), BuildOptions(**options))


def page_of(reader: PdfReader, text: str) -> int:
    """0-based index of the first page whose text holds `text`."""
    return next(
        i for i, page in enumerate(reader.pages) if text in page.extract_text().replace("\xa0", " ")
    )


def stamp_positions(page) -> dict[str, tuple[float, float]]:
    """Where each stamp text is drawn on the page, in page coordinates."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        # Both stamps share a line, so the extractor may hand them over as one piece.
        for stamp in re.findall(r"\S+-\d{6}|Exhibit [A-Z]+, page \d+ of \d+", text or ""):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[stamp] = (x, y)

    page.extract_text(visitor_text=visit)
    return found


def test_landscape_page_comes_out_landscape_and_stamped_at_the_bottom(
    case_folder: CaseFolder,
) -> None:
    case_folder.add_exhibit("wide", "exhibits/wide.pdf", pdf_bytes(1, 842, 595, "wide"))
    reader = PdfReader(build(case_folder).output)
    page = reader.pages[page_of(reader, "wide page 1")]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (792, 612)
    positions = stamp_positions(page)
    exhibit_stamp = next(text for text in positions if text.startswith("Exhibit"))
    assert exhibit_stamp == "Exhibit C, page 1 of 1"
    assert all(y < 36 for _, y in positions.values())
    # A4 landscape is larger than Letter: scaled down, never up, and kept above the band.
    assert float(page.mediabox.width) >= 792


def text_positions(page) -> list[tuple[float, float]]:
    """Where the page's own words (not stamps) are drawn, in page coordinates."""
    found: list[tuple[float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and not re.search(r"-\d{6}|Exhibit [A-Z]+, page", text):
            found.append(
                (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            )

    page.extract_text(visitor_text=visit)
    return found


def viewed_quadrant(x: float, y: float, rotation: int, width: float, height: float):
    """Which quadrant of the page, as a viewer shows it, the point (x, y) falls in."""
    viewed = {
        0: (x, y, width, height),
        90: (y, width - x, height, width),
        180: (width - x, height - y, width, height),
        270: (height - y, x, height, width),
    }[rotation % 360]
    return viewed[0] > viewed[2] / 2, viewed[1] > viewed[3] / 2


def viewed_word_quadrants(pdf: Path, page_number: int) -> set[tuple[bool, bool]]:
    """The quadrants where the words of a page stand as a viewer shows it (poppler's
    pdftotext, independent of this tool and of pypdf), stamps left out."""
    import html
    import subprocess

    output = subprocess.run(
        ["pdftotext", "-f", str(page_number), "-l", str(page_number), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', output)
    assert size
    width, height = float(size.group(1)), float(size.group(2))
    quadrants = set()
    for match in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', output
    ):
        x, y, word = float(match.group(1)), float(match.group(2)), html.unescape(match.group(3))
        if y > height - 36 or re.search(r"-\d{6}|^Exhibit$|^page$|^of$|^\d+,?$", word):
            continue  # the stamp band
        quadrants.add((x > width / 2, y > height / 2))
    return quadrants


@pytest.mark.skipif(not ROTATED.exists(), reason="../shared/corpus/real-world is not present")
@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed"
)
def test_rotated_pages_come_out_upright_with_the_stamp_at_the_viewed_bottom(
    case_folder: CaseFolder,
) -> None:
    case_folder.add_exhibit("rotated", "exhibits/rotated.pdf", ROTATED.read_bytes())
    packet_path = build(case_folder).output
    reader = PdfReader(packet_path)
    source = PdfReader(ROTATED)
    assert [page.rotation % 360 for page in source.pages] == [90, 180, 270, 0]
    tab = page_of(reader, "EXHIBIT C")
    for offset, original in enumerate(source.pages):
        page = reader.pages[tab + 1 + offset]
        assert page.get("/Rotate", 0) == 0
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        # A4 turned a quarter is landscape as viewed; so is its packet page.
        landscape = original.rotation % 180 == 90
        assert (width, height) == ((792, 612) if landscape else (612, 792))
        positions = stamp_positions(page)
        assert f"Exhibit C, page {offset + 1} of {len(source.pages)}" in positions
        assert all(y < 36 for _, y in positions.values())
        # The words stand where a viewer shows them on the original page (poppler's view).
        expected = viewed_word_quadrants(ROTATED, offset + 1)
        actual = viewed_word_quadrants(packet_path, tab + 2 + offset)
        assert expected and actual == expected, offset


def test_exif_rotated_jpeg_is_shown_as_viewed_and_embedded_unchanged(
    case_folder: CaseFolder,
) -> None:
    # Pixels stored portrait, EXIF orientation 6: viewed, the photo is landscape.
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = image_bytes("JPEG", size=(300, 600), exif=exif, dpi=(100, 100))
    case_folder.add_exhibit("photo", "exhibits/photo.jpg", photo)
    result = build(case_folder)
    reader = PdfReader(result.output)
    page = reader.pages[page_of(reader, "EXHIBIT C") + 1]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (792, 612)
    assert photo in result.output.read_bytes()


def test_multi_frame_tiff_gives_a_page_per_frame(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("scan", "exhibits/scan.tiff", image_bytes("TIFF", frames=3))
    reader = PdfReader(build(case_folder).output)
    text = "\n".join(page.extract_text().replace("\xa0", " ") for page in reader.pages)
    assert "Exhibit C, page 3 of 3" in text


def test_png_with_transparency_and_16_bit_png_build(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit(
        "alpha", "exhibits/alpha.png", image_bytes("PNG", color=(10, 20, 30, 128), mode="RGBA")
    )
    case_folder.add_exhibit(
        "deep", "exhibits/deep.png", image_bytes("PNG", color=40000, mode="I;16")
    )
    result = build(case_folder)
    text = "\n".join(
        page.extract_text().replace("\xa0", " ") for page in PdfReader(result.output).pages
    )
    assert "Exhibit C, page 1 of 1" in text and "Exhibit D, page 1 of 1" in text


@pytest.mark.skipif(not FORM.exists(), reason="../shared/corpus/real-world is not present")
def test_form_fields_with_the_same_name_keep_their_own_values(case_folder: CaseFolder) -> None:
    for exhibit_id, value in (("form-a", "Quentinax"), ("form-b", "Zebulonix")):
        writer = PdfWriter(clone_from=FORM)
        writer.update_page_form_field_values(
            writer.pages[0], {"First Name": value}, auto_regenerate=False
        )
        writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = writer._root_object[
            "/AcroForm"
        ]["/NeedAppearances"]
        buffer = io.BytesIO()
        writer.write(buffer)
        case_folder.add_exhibit(exhibit_id, f"exhibits/{exhibit_id}.pdf", buffer.getvalue())
    reader = PdfReader(build(case_folder).output)
    first = reader.pages[page_of(reader, "EXHIBIT C") + 1].extract_text()
    second = reader.pages[page_of(reader, "EXHIBIT D") + 1].extract_text()
    assert "Quentinax" in first and "Zebulonix" not in first
    assert "Zebulonix" in second and "Quentinax" not in second
    assert "/AcroForm" not in reader.trailer["/Root"]


@pytest.mark.skipif(not FORM.exists(), reason="../shared/corpus/real-world is not present")
def test_values_left_for_the_viewer_to_draw_stay_visible(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("form", "exhibits/form.pdf", FORM.read_bytes())
    reader = PdfReader(build(case_folder).output)
    assert "Alice" in reader.pages[page_of(reader, "EXHIBIT C") + 1].extract_text()


def outlined_pdf(loop: bool = False) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(3, text="outlined"))))
    chapter = writer.add_outline_item(title="Chapter one", page_number=0)
    writer.add_outline_item(title="Section on page three", page_number=2, parent=chapter)
    last = writer.add_outline_item(title="Chapter two", page_number=1)
    if loop:
        last.get_object()[NameObject("/Next")] = chapter
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("loop", [False, True], ids=["plain", "next-loops"])
def test_exhibit_bookmarks_are_nested_under_its_tab(case_folder: CaseFolder, loop: bool) -> None:
    case_folder.add_exhibit("book", "exhibits/book.pdf", outlined_pdf(loop=loop))
    reader = PdfReader(build(case_folder).output)
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:2] == ["Cover letter", "Index of exhibits"]
    position = titles.index("C. Exhibit book")
    nested = outline[
        [i for i, item in enumerate(outline) if not isinstance(item, list)][position] + 1
    ]
    assert isinstance(nested, list)
    chapter_one = nested[0]
    assert chapter_one.title == "Chapter one"
    tab = page_of(reader, "EXHIBIT C")
    assert reader.get_destination_page_number(chapter_one) == tab + 1
    section = nested[1][0]
    assert section.title == "Section on page three"
    assert reader.get_destination_page_number(section) == tab + 3


def test_case_with_errors_is_not_built(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("gone", "exhibits/gone.pdf")
    result = runner.invoke(app, ["build", str(case_folder.write())])
    assert result.exit_code == 1
    assert "exhibit-missing" in result.stderr
    assert not (case_folder.root / "build").exists()


def test_draft_builds_with_placeholders(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("gone", "exhibits/gone.pdf")
    result = runner.invoke(app, ["build", str(case_folder.write()), "--draft"])
    assert result.exit_code == 0, result.output
    output = case_folder.root / "build" / "TEST-1-packet-DRAFT.pdf"
    assert result.stdout.strip() == str(output)
    reader = PdfReader(output)
    texts = [page.extract_text().replace("\xa0", " ") for page in reader.pages]
    assert all("DRAFT" in text for text in texts)
    placeholder = texts[page_of(reader, "EXHIBIT C") + 1]
    assert "MISSING" in placeholder and "exhibits/gone.pdf" in placeholder
    manifest = (case_folder.root / "build" / "TEST-1-manifest-DRAFT.json").read_text()
    assert '"draft": true' in manifest


def test_existing_output_needs_force(case_folder: CaseFolder, tmp_path: Path) -> None:
    path = case_folder.write()
    target = tmp_path / "out" / "packet.pdf"
    first = runner.invoke(app, ["build", str(path), "-o", str(target)])
    assert first.exit_code == 0, first.output
    assert target.exists() and (target.parent / "packet-manifest.json").exists()
    target.write_bytes(b"previous packet")
    refused = runner.invoke(app, ["build", str(path), "-o", str(target)])
    assert refused.exit_code == 4
    assert "--force" in refused.stderr
    assert target.read_bytes() == b"previous packet"
    forced = runner.invoke(app, ["build", str(path), "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("which", ["case", "exhibit"])
def test_output_equal_to_an_input_is_refused(case_folder: CaseFolder, which: str) -> None:
    path = case_folder.write()
    target = path if which == "case" else case_folder.root / "letters" / "urgent.pdf"
    before = target.read_bytes()
    result = runner.invoke(app, ["build", str(path), "-o", str(target), "--force"])
    assert result.exit_code == 4
    assert target.read_bytes() == before


def test_packet_is_readable_by_others(case_folder: CaseFolder) -> None:
    old = os.umask(0o022)
    try:
        output = build(case_folder).output
    finally:
        os.umask(old)
    assert stat.S_IMODE(output.stat().st_mode) == 0o644


def test_case_text_prints_as_written(case_folder: CaseFolder) -> None:
    case_folder.data["reason"]["summary"] = (
        "<b>bold</b> {{ 7*7 }} {% for x in y %} <script>alert(1)</script> "
        '<link rel="attachment" href="file:///etc/passwd"> <img src="http://example.com/x.png"> '
        "url(file:///etc/passwd)"
    )
    output = build(case_folder).output
    reader = PdfReader(output)
    cover = " ".join(reader.pages[0].extract_text().split())
    for literal in (
        "<b>bold</b>",
        "{{ 7*7 }}",
        "{% for x in y %}",
        "<script>alert(1)</script>",
        'href="file:///etc/passwd">',
    ):
        assert literal in cover, literal
    assert "49" not in cover
    assert b"/EmbeddedFiles" not in output.read_bytes()
    assert b"root:" not in output.read_bytes()


def test_numbers_labels(case_folder: CaseFolder) -> None:
    reader = PdfReader(build(case_folder, labels="numbers").output)
    text = "\n".join(page.extract_text().replace("\xa0", " ") for page in reader.pages)
    assert "EXHIBIT 1" in text and "EXHIBIT 2" in text
    assert "Exhibit 2, page 1 of 1" in text
    assert re.search(r"Exhibit 2\s+\(p\.\s*\d+\)", text)


def test_template_override_by_file_name(case_folder: CaseFolder, tmp_path: Path) -> None:
    templates = tmp_path / "firm"
    templates.mkdir()
    (templates / "tab.html.j2").write_text(
        '<section id="tab-{{ tab.label }}" class="tab">FIRM TAB {{ tab.label }}</section>'
    )
    (templates / "packet.css").write_text(
        (Path(__file__).parent.parent / "templates" / "packet.css").read_text()
        + '\n.index h1::after { content: " (firm style)"; }\n'
    )
    reader = PdfReader(build(case_folder, templates_dir=templates).output)
    text = "\n".join(page.extract_text().replace("\xa0", " ") for page in reader.pages)
    assert "FIRM TAB A" in text and "Index of exhibits (firm style)" in text
    assert "Exhibit A (p." in text  # the shipped cover letter is still used


def test_long_cover_letter_keeps_page_numbers_exact(case_folder: CaseFolder) -> None:
    paragraph = "This paragraph explains the facts at length. " * 40
    case_folder.data["reason"]["narrative"] = "\n\n".join(
        [paragraph] * 8 + ["The passport is at [[id-doc]]."]
    )
    reader = PdfReader(build(case_folder).output)
    tab = page_of(reader, "EXHIBIT B")
    assert tab > 4  # the cover letter runs over several pages
    text = " ".join(
        " ".join(page.extract_text().replace("\xa0", " ") for page in reader.pages[:tab]).split()
    )
    assert f"Exhibit B (p. {tab + 1})" in text


def test_titles_beyond_the_standard_fonts_use_the_template(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit(
        "arabic",
        "exhibits/arabic.pdf",
        pdf_bytes(1, text="arabic"),
        title="شهادة الميلاد — Wrocław",
    )
    case_folder.add_exhibit("after", "exhibits/after.pdf", pdf_bytes(2, text="after"))
    reader = PdfReader(build(case_folder).output)
    tab = page_of(reader, "EXHIBIT C")
    assert "Wrocław" in reader.pages[tab].extract_text()
    assert "arabic page 1" in reader.pages[tab + 1].extract_text()
    # The drawn tab page of the next exhibit stays in its place after the templated one.
    assert page_of(reader, "EXHIBIT D") == tab + 2
    assert "after page 2" in reader.pages[tab + 4].extract_text()
    assert "Exhibit D, page 2 of 2" in reader.pages[tab + 4].extract_text()
    fonts = reader.pages[tab]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    # The title's Arabic in the bundled Arabic face; the stamp in the bundled sans; no other.
    assert any(name.endswith("+PB-Arabic") for name in names)
    assert all("+PB-" in name or name.startswith("/NotoSans-") for name in names), names


def test_laid_out_in_a_worker_or_inline_the_packet_is_the_same(
    case_folder: CaseFolder, tmp_path: Path
) -> None:
    """The CLI lays out in a worker, a library call in its own process: the same bytes."""
    with LayoutWorker() as worker:
        forked = build(case_folder, output=tmp_path / "forked.pdf", layout_worker=worker)
        assert worker.pid is not None  # the build used the worker and left it to its owner
    inline = build(case_folder, output=tmp_path / "inline.pdf")
    assert inline.output.read_bytes() == forked.output.read_bytes()
