"""Compose: the cover letter, index, tab pages and draft placeholders as HTML (Jinja2).

Here the templates are filled in from the case; `layout` lays the HTML out with WeasyPrint
(in this process, or in a `LayoutWorker`). Page numbers printed in the front matter depend on the
front matter's own length, so it is composed for a first guess of that length, laid out and
measured, and composed again until the length measured is the length it was composed for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..case.model import CITATION, REASON_TEXTS, Case
from ..errors import InternalError, UsageError
from ..report import CheckReport
from ..resources import shipped_templates_dir
from .frontmatter import FrontMatterSize, LayoutRequest, RenderedFrontMatter
from .plan import TAB_LINK_PREFIX, PacketPlan, TabPlan, plan_packet
from .worker import Layout

MASTER_TEMPLATE = "packet.html.j2"
STYLESHEET = "packet.css"
MAX_LAYOUT_PASSES = 6
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class ComposeOptions:
    """What composing the front matter needs besides the case and its report."""

    templates_dir: Path | None
    case_folder: Path
    profile_title: str
    bates_prefix: str
    draft: bool
    templated_tabs: frozenset[str] = frozenset()  # labels whose tab pages the templates make


def packet_title(case: Case) -> str:
    """The PDF's title."""
    return f"Request for humanitarian parole — {case.applicant.full_name}"


def compose(
    case: Case, report: CheckReport, options: ComposeOptions, size: FrontMatterSize
) -> LayoutRequest:
    """The front matter's HTML with every page number computed for a front matter of `size`."""
    plan = plan_packet(report, size, options.bates_prefix, draft=options.draft)
    environment = template_environment(options.templates_dir)
    citations = CitationFormatter(plan)
    environment.filters.update(
        cite=citations.text, paragraphs=citations.paragraphs, cite_ids=citations.ids
    )
    template_tabs = [tab for tab in plan.tabs if tab.label in options.templated_tabs]
    html = environment.get_template(MASTER_TEMPLATE).render(
        **template_context(case, plan, options),
        template_tabs=template_tabs,
        placeholder_tabs=[tab for tab in plan.tabs if tab.placeholder],
    )
    return LayoutRequest(
        html=html,
        size=size,
        stylesheet=stylesheet_path(options.templates_dir),
        base_folder=options.case_folder,
        allowed_folders=(*template_folders(options.templates_dir), options.case_folder),
        tab_labels=tuple(tab.label for tab in template_tabs),
        date=case.case.date,
    )


def settle_front_matter(
    case: Case,
    report: CheckReport,
    options: ComposeOptions,
    laid_out: RenderedFrontMatter,
    layout: Layout,
) -> RenderedFrontMatter:
    """From a first layout, compose and lay out again until the size measured is the size
    composed for (the layout writes the PDF only then)."""
    for _ in range(MAX_LAYOUT_PASSES):
        if laid_out.pdf is not None:
            return laid_out
        layout.submit(compose(case, report, options, laid_out.size))
        laid_out = layout.result()
    raise InternalError("the front matter's page count did not settle")


# Measures of the shipped stylesheet, in points, for a first guess of the length (the index's
# were fitted to WeasyPrint's page breaks for 1 to 200 rows).
USABLE_HEIGHT = 792 - 0.9 * 72 - 72
LETTER_LINE, LETTER_CHARS_PER_LINE, LETTER_HEAD = 15.0, 88, 330.0
INDEX_HEAD, INDEX_REPEATED_HEAD, INDEX_NOTE = 82.0, 16.0, 36.0
INDEX_ROW, INDEX_LINE, INDEX_CHARS_PER_LINE = 25.3, 15.0, 62


def estimated_size(case: Case, report: CheckReport) -> FrontMatterSize:
    """A first guess at the cover letter's and the index's length: the front matter is composed
    for it and the build stamps the exhibit pages by it while the layout runs. A wrong guess
    costs another layout and merging the exhibits again, never a wrong page number."""
    texts = [*(getattr(case.reason, name) for name in REASON_TEXTS)]
    texts += [event.what for event in case.timeline.events]
    texts += [case.timeline.departure_plan or ""]
    lines = sum(
        -(-(len(part) + 14 * part.count("[[")) // LETTER_CHARS_PER_LINE) + 0.5
        for text in texts
        for part in PARAGRAPH_BREAK.split(text)
    )
    cover_height = LETTER_HEAD + (lines + 16) * LETTER_LINE
    # The index fills its pages row by row (a row never splits; the table's head repeats).
    index_pages, room = 1, USABLE_HEIGHT - INDEX_HEAD
    for document in report.documents:
        row = INDEX_ROW + INDEX_LINE * (len(document.title) // INDEX_CHARS_PER_LINE)
        if row > room:
            index_pages, room = index_pages + 1, USABLE_HEIGHT - INDEX_REPEATED_HEAD
        room -= row
    if room < INDEX_NOTE:  # the note below the table moves to a page of its own
        index_pages += 1
    return FrontMatterSize(
        cover=max(1, -(-int(cover_height) // int(USABLE_HEIGHT))), index=index_pages
    )


def template_folders(templates_dir: Path | None) -> list[Path]:
    """The user's templates folder first (it overrides by file name), then the shipped one."""
    return ([templates_dir] if templates_dir else []) + [shipped_templates_dir()]


def template_environment(templates_dir: Path | None) -> jinja2.Environment:
    """Jinja2 with autoescape and StrictUndefined: case text prints as written, typos fail."""
    if templates_dir is not None and not templates_dir.is_dir():
        raise UsageError(f"--templates {templates_dir}: not a folder")
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(folder) for folder in template_folders(templates_dir)]
    )
    environment = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters.update(longdate=long_date, tab_href=tab_href)
    return environment


def stylesheet_path(templates_dir: Path | None) -> Path:
    """packet.css from the user's templates folder if it has one, else the shipped one."""
    for folder in template_folders(templates_dir):
        path = folder / STYLESHEET
        if path.is_file():
            return path
    raise InternalError(f"{STYLESHEET} is missing from the shipped templates")


def template_context(case: Case, plan: PacketPlan, options: ComposeOptions) -> dict[str, object]:
    """What the templates see."""
    applicant = case.applicant
    return {
        "case": case,
        "applicant": applicant,
        "sender": letterhead(case),
        "representative": case.representative,
        "plan": plan,
        "draft": options.draft,
        "profile_title": options.profile_title,
        "title": packet_title(case),
        "events": sorted(case.timeline.events, key=lambda event: event.date),
        "requested_days": case.timeline.requested_days,
    }


@dataclass(frozen=True)
class Letterhead:
    """Who signs the cover letter: the representative, or else the requestor."""

    name: str
    firm: str | None
    address: list[str]
    phone: str | None
    email: str | None


def letterhead(case: Case) -> Letterhead:
    if case.representative is not None:
        return Letterhead(**case.representative.model_dump())
    requestor = case.requestor
    return Letterhead(requestor.name, None, requestor.address, None, None)


class CitationFormatter:
    """Turns `[[id]]` in case text into linked "Exhibit B (p. 7)" in escaped HTML."""

    def __init__(self, plan: PacketPlan) -> None:
        self.plan = plan

    def link(self, document_id: str) -> str:
        tab = self.plan.tab(document_id)
        if tab is None:
            return f'<span class="missing-citation">[missing: {escape(document_id)}]</span>'
        return f'<a class="cite" href="{tab_href(tab)}">Exhibit {tab.label} (p. {tab.tab_page})</a>'

    def text(self, value: str) -> Markup:
        escaped = str(escape(" ".join(value.split())))
        return Markup(CITATION.sub(lambda match: self.link(match.group(1)), escaped))

    def paragraphs(self, value: str) -> Markup:
        parts = [part for part in PARAGRAPH_BREAK.split(value.strip()) if part.strip()]
        return Markup("\n".join(f"<p>{self.text(part)}</p>" for part in parts))

    def ids(self, document_ids: list[str]) -> Markup:
        return Markup("; ".join(self.link(document_id) for document_id in document_ids))


def tab_href(tab: TabPlan) -> str:
    """A link target that assemble turns into a link to the tab's page."""
    return f"{TAB_LINK_PREFIX}{tab.label}"


def long_date(value: dt.date) -> str:
    """November 20, 2026."""
    return f"{value:%B} {value.day}, {value.year}"
