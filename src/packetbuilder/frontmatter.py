"""What the render stage is asked for and what it hands back; light enough to import anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Case
from .plan import FrontMatterSize


@dataclass(frozen=True)
class RenderOptions:
    templates_dir: Path | None
    case_folder: Path
    profile_title: str
    bates_prefix: str
    draft: bool
    templated_tabs: frozenset[str] = frozenset()  # labels whose tab pages the templates make


@dataclass(frozen=True)
class RenderedFrontMatter:
    """The rendered PDF, its settled size, and where each templated part is (page indexes)."""

    pdf: bytes
    size: FrontMatterSize
    tab_pages: dict[str, int]  # label -> page index of a tab page made from the templates
    placeholder_pages: dict[str, int]  # label -> page index of its draft placeholder


def packet_title(case: Case) -> str:
    return f"Request for humanitarian parole — {case.applicant.full_name}"
