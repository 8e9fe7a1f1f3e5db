"""Compose: the cover letter, index, tab pages and draft placeholders as HTML (Jinja2).

Here the templates are filled in from the case; `layout` lays the HTML out with WeasyPrint
(in this process, or in a `LayoutWorker`). Page numbers printed in the front matter depend on the
front matter's own length, so it is composed for a first guess of that length, laid out and
measured, and composed again until the length measured is the length it was composed for.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..case.data import agency_rules, fee_data
from ..case.model import REASON_TEXTS, Case, a_number_display
from ..case.profiles import LetterSection, Terms
from ..errors import InternalError, UsageError
from ..report import CheckReport
from ..resources import shipped_templates_dir
from .frontmatter import FrontMatterSize, LayoutRequest, RenderedFrontMatter
from .plan import PAGE_LINK_PREFIX, PacketPlan, plan_packet
from .worker import Layout

MASTER_TEMPLATE = "packet.html.j2"
# A citation with the word before it and the punctuation after it (in escaped HTML).
CITED_WITH_NEIGHBOURS = re.compile(
    r"(?:(?<![^\s])([^\s<>]+ ))?\[\[\s*([^\[\]\s]+)\s*\]\]([.,;:!?)]*)"
)
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
    part_starts: tuple[tuple[int, int], ...] = ()  # where Parts 2, 3... begin (plan_packet)


def packet_title(case: Case) -> str:
    """The PDF's title: "Request for humanitarian parole — Ana Reyes and 2 others"."""
    others = len(case.beneficiaries)
    more = f" and {others} other{'s' if others != 1 else ''}" if others else ""
    return f"Request for humanitarian parole — {case.applicant.full_name}{more}"


def compose(
    case: Case, report: CheckReport, options: ComposeOptions, size: FrontMatterSize
) -> LayoutRequest:
    """The front matter's HTML with every page number computed for a front matter of `size`."""
    plan = plan_packet(
        report, size, options.bates_prefix, draft=options.draft, part_starts=options.part_starts
    )
    environment = template_environment(options.templates_dir)
    citations = CitationFormatter(plan)
    environment.filters.update(
        cite=citations.text, paragraphs=citations.paragraphs, cite_ids=citations.ids
    )
    template_tabs = [tab for tab in plan.tabs if tab.label in options.templated_tabs]
    placeholders = [
        (str(index), tab, part)
        for index, (tab, part) in enumerate(
            (tab, part) for tab in plan.tabs for part in tab.parts if part.placeholder
        )
    ]
    try:
        html = environment.get_template(MASTER_TEMPLATE).render(
            **template_context(case, report, plan, options),
            template_tabs=template_tabs,
            placeholders=placeholders,
        )
    except Exception as error:
        problem = template_error(error)
        if problem is None:
            raise
        raise problem from error
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
INDEX_FORMS_HEAD, INDEX_FORM_ROW = 58.0, 21.0


def estimated_size(case: Case, report: CheckReport) -> FrontMatterSize:
    """A first guess at the cover letter's and the index's length: the front matter is composed
    for it and the build stamps the exhibit pages by it while the layout runs. A wrong guess
    costs another layout and merging the exhibits again, never a wrong page number."""
    texts = [getattr(case.reason, name) or "" for name in REASON_TEXTS]
    texts += [section.text for section in case.reason.sections]
    texts += [event.what for event in case.timeline.events]
    texts += [case.timeline.departure_plan or ""]
    lines = sum(
        -(-(len(part) + 14 * part.count("[[")) // LETTER_CHARS_PER_LINE) + 0.5
        for text in texts
        for part in PARAGRAPH_BREAK.split(text)
    )
    # Headings of the extra sections, the people of the Re: block, the enclosures.
    lines += 2.5 * len(case.reason.sections) + 1.5 * len(case.beneficiaries)
    lines += 2 + len(report.forms) + (6 if case.case.fee_exception else 0)
    cover_height = LETTER_HEAD + (lines + 16) * LETTER_LINE
    # The index fills its pages row by row (a row never splits; the table's head repeats).
    index_pages, room = 1, USABLE_HEIGHT - INDEX_HEAD
    if report.forms:  # the forms enclosed: a heading, a table head and a line per form
        room -= INDEX_FORMS_HEAD + INDEX_FORM_ROW * len(report.forms)
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


def template_error(error: Exception) -> UsageError | None:
    """A mistake in a template, as a usage error naming the template, its line and the
    problem; None for a failure that is not the template's."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return UsageError(
            f"template {error.filename or error.name}:{error.lineno}: {error.message}; fix the "
            "template"
        )
    if isinstance(error, jinja2.TemplateNotFound):
        return UsageError(f"template {error.name} not found in the templates folders")
    place = None
    traceback = error.__traceback__
    while traceback is not None:  # Jinja gives each template frame its file and line
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            place = f"{filename}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    if place is None:
        return None
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return UsageError(f"template {place}: {message}; fix the template")


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
    # Sandboxed: a firm's template reaches the case data, never Python's internals (no
    # `cycler.__init__.__globals__`), and its includes stay inside the templates folders.
    environment = SandboxedEnvironment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters.update(longdate=long_date, page_href=page_href)
    return environment


def stylesheet_path(templates_dir: Path | None) -> Path:
    """packet.css from the user's templates folder if it has one, else the shipped one."""
    for folder in template_folders(templates_dir):
        path = folder / STYLESHEET
        if path.is_file():
            return path
    raise InternalError(f"{STYLESHEET} is missing from the shipped templates")


def template_context(
    case: Case, report: CheckReport, plan: PacketPlan, options: ComposeOptions
) -> dict[str, object]:
    """What the templates see."""
    profile = report.profile
    terms = agency_rules(case.case.filed_with).terms
    return {
        "case": case,
        "applicant": case.applicant,
        "people": people_lines(case, terms),
        "person_names": dict(report.people),
        "requestor_line": requestor_line(case, terms),
        "sender": letterhead(case),
        "representative": case.representative,
        "signer": signer(case, terms, options.case_folder),
        "plan": plan,
        "draft": options.draft,
        "profile_title": options.profile_title,
        "title": packet_title(case),
        "events": sorted(case.timeline.events, key=lambda event: event.date),
        "requested_days": case.timeline.requested_days,
        "why_not_visa": letter_section(
            profile.why_not_visa if profile else None,
            case.reason.why_not_visa,
            "Why no visa or other route is available",
        ),
        "departure_plan": letter_section(
            profile.departure_plan if profile else None,
            case.timeline.departure_plan,
            "Departure plan",
        ),
        "fee_exception": fee_exception(case, report),
        "enclosures": enclosures(plan),
    }


@dataclass(frozen=True)
class PersonLine:
    """A person as the Re: block names them: the agency's word, the name, then the details."""

    term: str
    name: str
    details: list[str]


def people_lines(case: Case, terms: Terms) -> list[PersonLine]:
    """The applicant and every beneficiary, with what the case gives of each."""
    lines = []
    for person_id, person in case.people:
        details = []
        if person_id != "applicant":
            details.append(getattr(person, "relationship", ""))
        details.append(f"born {long_date(person.date_of_birth)}")
        details.append(f"citizen of {person.citizenship}")
        if person.a_number:
            details.append(a_number_display(person.a_number))
        if person.passport:
            details.append(f"passport {person.passport.number} ({person.passport.country})")
        if person.location:
            details.append(f"now in {person.location}")
        lines.append(
            PersonLine(terms.applicant.capitalize(), person.full_name, [d for d in details if d])
        )
    return lines


def requestor_line(case: Case, terms: Terms) -> PersonLine | None:
    """Who asks, when it is not the applicant: name, relationship, status."""
    requestor = case.requestor
    if requestor.relationship.strip().lower() == "self":
        return None
    details = [requestor.relationship]
    if requestor.status:
        details.append(requestor.status)
    details.extend(requestor.address)
    return PersonLine(terms.requestor.capitalize(), requestor.name, details)


@dataclass(frozen=True)
class Section:
    """A text of the case the letter prints under a heading the profile gives."""

    heading: str
    text: str


def letter_section(rule: LetterSection | None, text: str | None, heading: str) -> Section | None:
    """The section, unless the profile leaves it out or the case gives no text."""
    if rule is not None and rule.use == "omit":
        return None
    if not text:
        return None
    return Section(rule.heading if rule else heading, text)


@dataclass(frozen=True)
class Signer:
    """The signature block: who signs, in what role, with which credentials."""

    name: str
    role: str | None
    credentials: list[str]
    firm: str | None
    signature: str | None  # the image, as a data: URL


ROLE_NAMES = {"attorney": "Attorney", "accredited_representative": "Accredited representative"}


def signer(case: Case, terms: Terms, folder: Path) -> Signer:
    """The representative, as the kind and the profile's terms name the role; or the requestor."""
    representative = case.representative
    if representative is None:
        requestor = case.requestor
        role = (
            None
            if requestor.relationship.strip().lower() == "self"
            else terms.requestor.capitalize()
        )
        return Signer(requestor.name, role, [], None, None)
    credentials = []
    if representative.bar is not None:
        credentials.append(f"Bar no. {representative.bar.number} ({representative.bar.state})")
    if representative.eoir_id:
        credentials.append(f"EOIR ID {representative.eoir_id}")
    role = f"{ROLE_NAMES[representative.kind]} for the {terms.represented}"
    image = signature_url(folder / representative.signature) if representative.signature else None
    return Signer(representative.name, role, credentials, representative.firm, image)


def signature_url(path: Path) -> str:
    """The signature image as a `data:` URL: the packet's bytes must not depend on where the
    case folder is (WeasyPrint names an image after its URL)."""
    data = path.read_bytes()
    kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass(frozen=True)
class FeeExceptionRequest:
    name: str
    basis: str
    description: str
    evidence: list[str]  # ids of the documents that prove it


def fee_exception(case: Case, report: CheckReport) -> FeeExceptionRequest | None:
    """The exception to the parole fee the case claims, with the documents that prove it."""
    claimed = case.case.fee_exception
    if claimed is None:
        return None
    exception = next((item for item in fee_data().exceptions if item.id == claimed), None)
    if exception is None:
        return None
    evidence = [d.id for d in report.documents if "fee_exception" in d.entry.proves]
    return FeeExceptionRequest(exception.name, exception.basis, exception.description, evidence)


def enclosures(plan: PacketPlan) -> list[str]:
    """What the letter lists as enclosed: each form, then the exhibits as a range."""
    listed = [form.title for form in plan.forms]
    if plan.tabs:
        first, last = plan.tabs[0].label, plan.tabs[-1].label
        span = first if first == last else f"{first}–{last}"
        listed.append(f"Exhibit{'s' if first != last else ''} {span}, as indexed")
    return listed


@dataclass(frozen=True)
class Letterhead:
    """Who signs the cover letter: the representative, or else the requestor."""

    name: str
    firm: str | None
    address: list[str]
    phone: str | None
    email: str | None


def letterhead(case: Case) -> Letterhead:
    """The letterhead's lines."""
    representative = case.representative
    if representative is not None:
        return Letterhead(
            representative.name,
            representative.firm,
            representative.address,
            representative.phone,
            representative.email,
        )
    requestor = case.requestor
    return Letterhead(requestor.name, None, requestor.address, None, None)


# "Mr." never ends a line apart from the name it belongs to.
HONORIFIC = re.compile(r"\b(Mr\.|Mrs\.|Ms\.|Dr\.|Sr\.|Sra\.|Srta\.) (?=\S)")


class CitationFormatter:
    """Turns `[[id]]` in case text into linked "Exhibit B (p. 7)" in escaped HTML: the tab's
    page for a tab's own document, the first page of a translation placed with its original.
    The citation never breaks across lines."""

    def __init__(self, plan: PacketPlan) -> None:
        self.plan = plan

    def link(self, document_id: str) -> str:
        tab, part = self.plan.tab(document_id), self.plan.part(document_id)
        if tab is None or part is None:
            return f'<span class="missing-citation">[missing: {escape(document_id)}]</span>'
        page = part.first_page if part.is_translation else tab.tab_page
        where = f"Part\u00a0{self.plan.part_of(page)}, " if self.plan.part_count > 1 else ""
        return (
            f'<a class="cite" href="{page_href(page)}">Exhibit\u00a0{tab.label}\u00a0'
            f"({where}p.\u00a0{page})</a>"
        )

    def text(self, value: str) -> Markup:
        """The text with each citation linked and kept on one line with the word before it
        and the punctuation after it: a citation never breaks, never starts a line, and a
        paragraph that ends with one never ends with a word alone on its last line."""
        escaped = HONORIFIC.sub("\\1\u00a0", str(escape(" ".join(value.split()))))

        def grouped(match: re.Match[str]) -> str:
            before, document_id, after = match.group(1) or "", match.group(2), match.group(3)
            link = self.link(document_id)
            return f'<span class="cite-group">{before}{link}{after}</span>'

        return Markup(CITED_WITH_NEIGHBOURS.sub(grouped, escaped))

    def paragraphs(self, value: str) -> Markup:
        parts = [part for part in PARAGRAPH_BREAK.split(value.strip()) if part.strip()]
        return Markup("\n".join(f"<p>{self.text(part)}</p>" for part in parts))

    def ids(self, document_ids: list[str]) -> Markup:
        return Markup("; ".join(self.link(document_id) for document_id in document_ids))


def page_href(packet_page: int) -> str:
    """A link target that assemble turns into a link to packet page `packet_page`."""
    return f"{PAGE_LINK_PREFIX}{packet_page}"


def long_date(value: dt.date) -> str:
    """November 20, 2026."""
    return f"{value:%B} {value.day}, {value.year}"
