"""Stage 4, render: the cover letter, index, tab pages and draft placeholders, Jinja2 → WeasyPrint.

Page numbers printed in the front matter depend on the front matter's own length, so the
front matter is laid out, measured, and laid out again until its length stops changing.
WeasyPrint is imported here only: `packet check` never loads it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2
from markupsafe import Markup, escape

from .check import CITATION, CheckReport
from .errors import InternalError, UsageError
from .frontmatter import (
    PARAGRAPH_BREAK,
    RenderedFrontMatter,
    RenderOptions,
    estimated_size,
    packet_title,
)
from .model import Case
from .plan import TAB_LINK_PREFIX, FrontMatterSize, PacketPlan, TabPlan, plan_packet
from .resources import shipped_templates_dir
from .sharedlibs import listed_library_lookup
from .sources import is_inside

with listed_library_lookup():  # WeasyPrint finds Pango, HarfBuzz and fontconfig at import
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

MASTER_TEMPLATE = "packet.html.j2"
STYLESHEET = "packet.css"
MAX_LAYOUT_PASSES = 6


class ConfinedFetcher(URLFetcher):
    """Fetches only `data:` URLs and files inside the allowed folders: no network, no other file."""

    def __init__(self, allowed_folders: list[Path]) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.allowed_folders = [folder.resolve() for folder in allowed_folders]

    def fetch(self, url: str, headers: dict[str, str] | None = None):  # noqa: D102
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(is_inside(path, folder) for folder in self.allowed_folders):
                raise ValueError(f"refused to read {path}: outside the templates and case folders")
        elif not url.startswith("data:"):
            raise ValueError(f"refused to fetch {url}: the packet is built without the network")
        return super().fetch(url, headers)


def render_front_matter(
    case: Case, report: CheckReport, options: RenderOptions
) -> RenderedFrontMatter:
    """Render the front matter, laid out again until the page numbers it prints are exact."""
    environment = template_environment(options.templates_dir)
    stylesheet = load_stylesheet(options)
    fetcher = ConfinedFetcher(template_folders(options.templates_dir) + [options.case_folder])
    fonts = FontConfiguration()  # shared by every pass: fonts are found and loaded once

    def templated(tab: TabPlan) -> bool:
        return tab.label in options.templated_tabs

    def layout(plan: PacketPlan, with_tabs: bool):
        citations = CitationFormatter(plan)
        environment.filters.update(
            cite=citations.text, paragraphs=citations.paragraphs, cite_ids=citations.ids
        )
        template_tabs = [tab for tab in plan.tabs if templated(tab)] if with_tabs else []
        html = environment.get_template(MASTER_TEMPLATE).render(
            **template_context(case, plan, options),
            template_tabs=template_tabs,
            placeholder_tabs=[tab for tab in plan.tabs if tab.placeholder] if with_tabs else [],
        )
        document = HTML(
            string=html, base_url=str(options.case_folder) + os.sep, url_fetcher=fetcher
        ).render(stylesheets=[stylesheet], font_config=fonts)
        return document, measure(document, template_tabs)

    # Lay out the cover and index alone until their length settles, then once more with the
    # tab and placeholder pages that need the templates (most tab pages are drawn directly).
    size = estimated_size(case, report)
    for _ in range(MAX_LAYOUT_PASSES):
        plan = plan_packet(report, size, options.bates_prefix, draft=options.draft)
        document, (measured, tab_pages, placeholder_pages) = layout(plan, with_tabs=False)
        if measured == size:
            break
        size = measured
    else:
        raise InternalError("the front matter's page count did not settle")
    if plan.draft or any(templated(tab) for tab in plan.tabs):
        document, (measured, tab_pages, placeholder_pages) = layout(plan, with_tabs=True)
        if measured != size:
            raise InternalError("the tab pages changed the length of the front matter")
    with source_date_epoch(case.case.date):
        pdf = document.write_pdf()
    return RenderedFrontMatter(pdf, size, tab_pages, placeholder_pages)


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


def load_stylesheet(options: RenderOptions) -> CSS:
    for folder in template_folders(options.templates_dir):
        path = folder / STYLESHEET
        if path.is_file():
            return CSS(
                filename=str(path),
                url_fetcher=ConfinedFetcher([folder, options.case_folder]),
            )
    raise InternalError(f"{STYLESHEET} is missing from the shipped templates")


def template_context(case: Case, plan: PacketPlan, options: RenderOptions) -> dict[str, object]:
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


def measure(
    document, templated: list[TabPlan]
) -> tuple[FrontMatterSize, dict[str, int], dict[str, int]]:
    """Count the cover and index pages and find each tab and placeholder page by its anchor."""
    where: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            where.setdefault(anchor, index)
    tail = sorted(index for anchor, index in where.items() if anchor.startswith(("tab-", "pl")))
    first_tail = tail[0] if tail else len(document.pages)
    size = FrontMatterSize(cover=where["index"] - where["cover"], index=first_tail - where["index"])
    tab_pages = {tab.label: where[f"tab-{tab.label}"] for tab in templated}
    placeholder_pages = {
        anchor.removeprefix("placeholder-"): index
        for anchor, index in where.items()
        if anchor.startswith("placeholder-")
    }
    expected = size.total + len(tab_pages) + len(placeholder_pages)
    if len(document.pages) != expected or tail != list(range(first_tail, len(document.pages))):
        raise InternalError(
            "a tab or placeholder page did not fit on one page (a template override may be "
            "too long)"
        )
    return size, tab_pages, placeholder_pages


@contextlib.contextmanager
def source_date_epoch(date: dt.date) -> Iterator[None]:
    """WeasyPrint writes the time into embedded fonts; pin it to the case date."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    midnight = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
