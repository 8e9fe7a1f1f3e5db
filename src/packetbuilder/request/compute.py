"""What the client is asked for, computed from check's report: each requirement not yet
covered, each file the office has that cannot be used, each document a finding asks for
(a translation, a signature); grouped by person when the request has beneficiaries."""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from ..case.model import PartialCase
from ..check.rules.requirements import uncovered
from ..exhibits.source import SourceFile
from ..report import CheckReport, DocumentReport
from .wording import (
    OTHER_FILE_PROBLEM,
    ClientData,
    Language,
    client_data,
    other_language,
    said,
)

# A house rule: an image under 600 pixels on its longer side (a thumbnail, a preview a
# messaging app sends) is too small to read once printed on a page. A phone photo or a
# 150 dpi scan of a page has 1,500 pixels or more.
LEGIBLE_LONG_SIDE_PX = 600
TOO_SMALL = "image-too-small"
PLACEHOLDER_PREFIX = "todo:"


@dataclass(frozen=True)
class RequestItem:
    """One thing to send: what it is, and what is wrong with the copy the office has."""

    what: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestGroup:
    """The items for one person (heading), or all of them when no one else asks (no heading)."""

    heading: str | None
    items: tuple[RequestItem, ...]


@dataclass(frozen=True)
class ClientRequest:
    """A plain-language document request to the client, in one language."""

    lang: Language
    case_id: str
    date: dt.date | None  # the case's date (the PDF's date); never the clock's
    title: str
    greeting: str
    intro: str
    needed: str  # "we still need…" or "we have every document…"
    groups: tuple[RequestGroup, ...]
    how_to_send_heading: str
    how_to_send: str
    contact: str | None
    closing: str
    disclaimers: tuple[str, ...]  # the request's language first, then the other

    @property
    def items(self) -> list[RequestItem]:
        """Every item, in the order of the groups."""
        return [item for group in self.groups for item in group.items]

    @property
    def complete(self) -> bool:
        """True when nothing is asked for."""
        return not self.items


def compose_request(case: PartialCase, report: CheckReport, lang: Language) -> ClientRequest:
    """The client's document request in `lang` for a checked case."""
    text = client_data().text
    case_id = report.case_id or report.case_path.stem
    groups = grouped(needs_of(case, report, lang), dict(report.people), lang)
    name = client_name(case)
    contact = contact_line(case)
    return ClientRequest(
        lang=lang,
        case_id=case_id,
        date=case.case.date if case.case else None,
        title=said(text.title, lang),
        greeting=(
            said(text.greeting, lang).format(name=name)
            if name
            else said(text.greeting_no_name, lang)
        ),
        intro=said(text.intro, lang).format(case_id=case_id),
        needed=said(text.needed if groups else text.nothing_needed, lang),
        groups=groups,
        how_to_send_heading=said(text.how_to_send_heading, lang),
        how_to_send=said(text.how_to_send, lang),
        contact=said(text.contact, lang).format(contact=contact) if contact else None,
        closing=said(text.closing, lang),
        disclaimers=(said(text.disclaimer, lang), said(text.disclaimer, other_language(lang))),
    )


Needs = dict[str | None, list[RequestItem]]  # by person id; None: the whole request


def needs_of(case: PartialCase, report: CheckReport, lang: Language) -> Needs:
    """Every item, by the person it is for: the requirements not covered, then each document
    in packet order with what is wrong with its files and what findings about it ask for."""
    data = client_data()
    needs: Needs = {person: [] for person in case.person_ids}
    needs[None] = []
    if report.profile is not None:
        for requirement, person in uncovered(report.profile, case, report.documents):
            what = said(requirement.client, lang) if requirement.client else requirement.description
            needs[person if person in needs else None].append(RequestItem(what))
    asked: dict[str, list[str]] = {}
    for finding in report.findings:
        wording = data.documents.get(finding.code)
        if wording is not None and finding.exhibit is not None:
            asked.setdefault(finding.exhibit, []).append(said(wording, lang))
    for document in report.documents:
        items = needs[whose(document, needs)]
        problems = file_problems(document, data, lang)
        if problems:
            items.append(RequestItem(document.title, problems))
        for wording_text in dict.fromkeys(asked.get(document.id, [])):
            items.append(RequestItem(wording_text.format(title=document.title)))
    return needs


def grouped(needs: Needs, names: dict[str, str], lang: Language) -> tuple[RequestGroup, ...]:
    """One group per person with something to send, then the whole request's, when others
    ask with the applicant; else one group without a heading."""
    text = client_data().text
    if len(needs) <= 2:  # the applicant alone (and the whole request)
        every = tuple(item for items in needs.values() for item in items)
        return (RequestGroup(None, every),) if every else ()
    groups = [
        RequestGroup(said(text.for_person, lang).format(name=names.get(person, person)), items)
        for person, listed in needs.items()
        if person is not None and (items := tuple(listed))
    ]
    if needs[None]:
        groups.append(RequestGroup(said(text.for_everyone, lang), tuple(needs[None])))
    return tuple(groups)


def file_problems(document: DocumentReport, data: ClientData, lang: Language) -> tuple[str, ...]:
    """What is wrong with each file of a document the office has, in the client's words."""
    problems: list[str] = []
    for source in document.files:
        code = source.problem.code if source.problem else (TOO_SMALL if too_small(source) else None)
        if code is None or code in data.office_only:
            continue
        wording = data.files.get(code) or data.files[OTHER_FILE_PROBLEM]
        problem = said(wording, lang).format(file=PurePath(source.path).name)
        if problem not in problems:
            problems.append(problem)
    return tuple(problems)


def too_small(source: SourceFile) -> bool:
    """True for a usable image too small to read (LEGIBLE_LONG_SIDE_PX); reads its header only."""
    if not source.usable or source.kind in (None, "pdf"):
        return False
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(source.resolved) as image:
                width, height = image.size
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return False  # not an image Pillow reads (a converted document): nothing to say
    return max(width, height) < LEGIBLE_LONG_SIDE_PX


def whose(document: DocumentReport, needs: dict[str | None, list[RequestItem]]) -> str | None:
    """The person a document is about, when it is about one person only."""
    about = set(document.entry.about)
    person = next(iter(about)) if len(about) == 1 else None
    return person if person in needs else None


def client_name(case: PartialCase) -> str | None:
    """Whom the request greets: the requestor, else the applicant (never a placeholder)."""
    names = [case.requestor.name if case.requestor else None]
    names.append(case.applicant.full_name if case.applicant else None)
    return next(
        (name for name in names if name and not name.lower().startswith(PLACEHOLDER_PREFIX)),
        None,
    )


def contact_line(case: PartialCase) -> str | None:
    """The representative's firm or name, phone and e-mail, when the case names them."""
    representative = case.representative
    if representative is None:
        return None
    parts = [representative.firm or representative.name, representative.phone, representative.email]
    shown = [part for part in parts if part and not part.lower().startswith(PLACEHOLDER_PREFIX)]
    return ", ".join(shown) or None
