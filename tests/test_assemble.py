"""Assemble: every page placed on US Letter as it is viewed, content never enlarged."""

from __future__ import annotations

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject, NumberObject

from packetbuilder.build.fonts import SANS_BOLD, SERIF, metrics, wrap
from packetbuilder.build.place import StreamCache, apply, fit_to_letter
from packetbuilder.build.tabs import templated_tabs


def page_with(width: float, height: float, rotate: int = 0):
    writer = PdfWriter()
    page = writer.add_blank_page(width, height)
    if rotate:
        page[NameObject("/Rotate")] = NumberObject(rotate)
    return page, StreamCache(writer)


@pytest.mark.parametrize(
    ("width", "height", "rotate", "target", "scale"),
    [
        (612, 792, 0, (612, 792), 756 / 792),  # Letter: shrunk just enough to clear the band
        (300, 400, 0, (612, 792), 1.0),  # small: never enlarged
        (842, 595, 0, (792, 612), 792 / 842),  # A4 landscape: width decides
        (595, 842, 90, (792, 612), 792 / 842),  # A4 turned a quarter: landscape as viewed
        (595, 842, 270, (792, 612), 792 / 842),
        (595, 842, 180, (612, 792), 756 / 842),
    ],
)
def test_fit_to_letter(width, height, rotate, target, scale) -> None:
    page, streams = page_with(width, height, rotate)
    matrix = fit_to_letter(page, streams)
    assert (float(page.mediabox.width), float(page.mediabox.height)) == target
    assert "/Rotate" not in page
    corners = [apply(matrix, x, y) for x in (0, width) for y in (0, height)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    assert min(ys) >= 36 - 1e-6 and max(ys) <= target[1] + 1e-6  # above the stamp band
    assert min(xs) >= -1e-6 and max(xs) <= target[0] + 1e-6
    assert abs((min(xs) + max(xs)) / 2 - target[0] / 2) < 1e-6  # centred
    placed = (max(xs) - min(xs)) * (max(ys) - min(ys))
    assert placed == pytest.approx(width * height * scale**2)


def test_rotate_90_puts_the_pages_left_edge_at_the_top() -> None:
    page, streams = page_with(100, 200, 90)
    matrix = fit_to_letter(page, streams)
    # Viewed clockwise by a quarter, the unrotated bottom-left corner is at the top-left.
    x, y = apply(matrix, 0, 0)
    left, top = apply(matrix, 0, 200)[0], apply(matrix, 100, 0)
    assert x < 792 / 2 and y > 612 / 2
    assert left > x and top[1] < y


def test_bundled_font_metrics() -> None:
    serif, bold = metrics(SERIF), metrics(SANS_BOLD)
    # Noto Serif's advance widths, in 1/1000 em, as its hmtx table gives them.
    assert serif.text_width("0", 10) == pytest.approx(5.59)
    assert serif.can_draw("Québec — Wróblewski, Wrocław, Łódź, Ağrı")
    assert not serif.can_draw("Ελλάδα") and not bold.can_draw("حبيبي")
    lines = wrap("one two three four five six", serif, 12, 60)
    assert len(lines) > 1 and all(serif.text_width(line, 12) <= 60 for line in lines)
    assert " ".join(lines) == "one two three four five six"


def test_templated_tabs_are_those_the_latin_cuts_cannot_draw_or_all_with_an_override(
    tmp_path,
) -> None:
    tabs = [("A", "Akt urodzenia — Wrocław"), ("B", "Свидетельство"), ("C", "شهادة")]
    assert templated_tabs(tabs, None) == {"B", "C"}
    assert templated_tabs(tabs, tmp_path) == {"B", "C"}  # a folder without tab.html.j2
    (tmp_path / "tab.html.j2").write_text("<section></section>")
    assert templated_tabs(tabs, tmp_path) == {"A", "B", "C"}
