"""Plan: labels, the page map and Bates numbers, from page counts alone."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from packetbuilder.build.frontmatter import FrontMatterSize
from packetbuilder.build.plan import default_bates_prefix, plan_packet, tab_label
from packetbuilder.errors import InternalError


@pytest.mark.parametrize(
    ("index", "letters", "numbers"),
    [
        (0, "A", "1"),
        (25, "Z", "26"),
        (26, "AA", "27"),
        (27, "AB", "28"),
        (51, "AZ", "52"),
        (52, "BA", "53"),
        (701, "ZZ", "702"),
        (702, "AAA", "703"),
    ],
)
def test_tab_labels(index: int, letters: str, numbers: str) -> None:
    assert tab_label(index) == letters
    assert tab_label(index, "numbers") == numbers


def fake_document(index: int, pages: int | None, with_original: str | None = None, label=None):
    return SimpleNamespace(
        id=f"d{index}",
        label=label or tab_label(index),
        title=f"Document {index}",
        pages=pages,
        document=None,
        files=[],
        with_original=with_original,
    )


def fake_report(*page_counts: int | None, forms=()):
    documents = [fake_document(i, pages) for i, pages in enumerate(page_counts)]
    return SimpleNamespace(documents=documents, forms=list(forms))


def test_page_map() -> None:
    plan = plan_packet(fake_report(2, 1, 7), FrontMatterSize(cover=2, index=1), "HP")
    assert [(t.tab_page, t.first_page, t.last_page) for t in plan.tabs] == [
        (4, 5, 6),
        (7, 8, 8),
        (9, 10, 16),
    ]
    assert plan.total_pages == 3 + 3 + 2 + 1 + 7 == 16
    assert plan.index_page == 3
    assert plan.bates(16) == "HP-000016"
    assert plan.tab("d1").label == "B" and plan.tab("nope") is None
    assert plan.pdf_index(1) == 0 and plan.form_pages == 0


def test_a_translation_sits_under_its_originals_tab() -> None:
    documents = [
        fake_document(0, 2),
        fake_document(1, 3),
        fake_document(2, 1, with_original="d1", label="B"),
        fake_document(3, 4, label="C"),
    ]
    report = SimpleNamespace(documents=documents, forms=[])
    plan = plan_packet(report, FrontMatterSize(cover=2, index=1), "HP")
    assert [tab.label for tab in plan.tabs] == ["A", "B", "C"]
    tab = plan.tabs[1]
    assert (tab.tab_page, tab.pages, tab.last_page) == (7, 4, 11)
    original, translation = tab.parts
    assert (original.first_page, original.last_page, original.page_in_tab) == (8, 10, 1)
    assert (translation.first_page, translation.last_page, translation.page_in_tab) == (11, 11, 4)
    assert plan.tab("d2") is tab and plan.part("d2").is_translation
    assert plan.tabs[2].tab_page == 12


def test_forms_come_before_page_one() -> None:
    forms = [
        SimpleNamespace(id="g28", pages=2, title="Form G-28"),
        SimpleNamespace(id="i131", pages=5, title="Form I-131"),
    ]
    plan = plan_packet(fake_report(1, forms=forms), FrontMatterSize(cover=1, index=1), "HP")
    assert [(form.first_index, form.pages) for form in plan.forms] == [(0, 2), (2, 5)]
    assert plan.form_pages == 7
    assert plan.pdf_index(1) == 7  # the cover letter: packet page 1, eighth page of the file
    assert plan.last_page == 1 + 1 + 1 + 1 and plan.total_pages == 7 + 4


def test_unusable_documents_need_a_draft() -> None:
    with pytest.raises(InternalError):
        plan_packet(fake_report(1, None), FrontMatterSize(1, 1), "HP")
    plan = plan_packet(fake_report(1, None), FrontMatterSize(1, 1), "HP", draft=True)
    assert plan.tabs[1].placeholder and plan.tabs[1].pages == 1


def test_default_bates_prefix() -> None:
    assert default_bates_prefix("HP-2026-0142") == "HP20260142"
    assert default_bates_prefix("cf_12") == "CF12"
