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


def fake_report(*page_counts: int | None):
    documents = [
        SimpleNamespace(id=f"d{i}", label=tab_label(i), pages=pages, document=None, files=[])
        for i, pages in enumerate(page_counts)
    ]
    return SimpleNamespace(documents=documents)


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


def test_unusable_documents_need_a_draft() -> None:
    with pytest.raises(InternalError):
        plan_packet(fake_report(1, None), FrontMatterSize(1, 1), "HP")
    plan = plan_packet(fake_report(1, None), FrontMatterSize(1, 1), "HP", draft=True)
    assert plan.tabs[1].placeholder and plan.tabs[1].pages == 1


def test_default_bates_prefix() -> None:
    assert default_bates_prefix("HP-2026-0142") == "HP20260142"
    assert default_bates_prefix("cf_12") == "CF12"
