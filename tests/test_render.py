"""Render: citations and escaping, a URL fetcher confined to its folders, the first guess."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpers import EXAMPLES
from packetbuilder.api import check
from packetbuilder.build import compose, layout
from packetbuilder.build.compose import CitationFormatter, ComposeOptions, long_date
from packetbuilder.build.frontmatter import FrontMatterSize
from packetbuilder.build.layout import ConfinedFetcher
from packetbuilder.build.plan import plan_packet, tab_label
from packetbuilder.case.load import load_case


def small_plan():
    documents = [
        SimpleNamespace(
            id=name,
            label=label,
            title=name,
            pages=pages,
            document=None,
            files=[],
            with_original=original,
        )
        for name, label, pages, original in [
            ("letter", "A", 2, None),
            ("passport", "B", 1, None),
            ("passport-en", "B", 1, "passport"),
        ]
    ]
    report = SimpleNamespace(documents=documents, forms=[])
    return plan_packet(report, FrontMatterSize(2, 1), "HP")


def test_citations_become_links_to_their_pages_and_never_break() -> None:
    formatter = CitationFormatter(small_plan())
    html = str(formatter.text("See [[passport]], [[passport-en]] and [[letter]]."))
    assert '<a class="cite" href="packet:page/7">Exhibit\u00a0B\u00a0(p.\u00a07)</a>' in html
    assert '<a class="cite" href="packet:page/4">Exhibit\u00a0A\u00a0(p.\u00a04)</a>' in html
    # A translation placed with its original: its own first page, under the original's label.
    assert '<a class="cite" href="packet:page/9">Exhibit\u00a0B\u00a0(p.\u00a09)</a>' in html


def test_case_text_is_escaped_and_unknown_citations_marked() -> None:
    formatter = CitationFormatter(small_plan())
    html = str(formatter.text("<b>x</b> {{ 7*7 }} [[nope]]"))
    text = re.sub(r"<[^>]+>", "", html)  # what the reader sees
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "{{ 7*7 }}" in text
    assert "[missing: nope]" in html


def test_paragraphs_split_on_blank_lines() -> None:
    html = str(CitationFormatter(small_plan()).paragraphs("One\nline.\n\nTwo."))
    assert html == "<p>One line.</p>\n<p>Two.</p>"


def test_long_date() -> None:
    assert long_date(dt.date(2026, 3, 2)) == "March 2, 2026"


def test_fetcher_refuses_network_and_outside_files(tmp_path: Path) -> None:
    inside = tmp_path / "templates"
    inside.mkdir()
    (inside / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    fetcher = ConfinedFetcher([inside])
    assert fetcher.fetch((inside / "logo.svg").as_uri()) is not None
    assert fetcher.fetch("data:text/plain,hello") is not None
    for url in (
        "file:///etc/passwd",
        (inside / ".." / "secret").as_uri(),
        "http://example.com/x.png",
        "https://example.com/",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


@pytest.mark.parametrize(
    ("rows", "title"),
    [(3, "Passport"), (22, "Passport"), (46, "Passport"), (71, "Passport"), (150, "Passport")]
    + [(40, "Letter from the treating physician at the regional hospital about the surgery")],
)
def test_first_guess_of_the_index_length_is_what_the_layout_measures(rows: int, title: str):
    """A wrong guess is safe but costs a second layout and a second merge (see bench/)."""
    report = check(EXAMPLES[0])
    template = report.documents[0]
    documents = tuple(
        dataclasses.replace(
            template,
            label=tab_label(i),
            entry=dataclasses.replace(template.entry, id=f"d{i}", title=f"{title} {i}"),
        )
        for i in range(rows)
    )
    report = dataclasses.replace(report, documents=documents)
    case = load_case(EXAMPLES[0]).case.complete()
    assert case is not None
    options = ComposeOptions(
        templates_dir=None,
        case_folder=EXAMPLES[0].parent,
        profile_title="Medical",
        bates_prefix="T",
        draft=False,
    )
    guess = compose.estimated_size(case, report)
    laid_out = layout.lay_out(compose.compose(case, report, options, guess))
    assert laid_out.size.index == guess.index
