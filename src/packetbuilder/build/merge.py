"""Merge: every usable letter and exhibit into one pypdf writer, in packet order, each page
placed on US Letter as it is viewed, each document after its tab page; then stamped.

This needs no page numbers, so it runs while the front matter is laid out. Pages are only
ever added at the end here: inserting one walks the page tree up to its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pypdf import PageObject, PdfWriter

from ..exhibits import kind_of
from ..exhibits.guard import FileTimeout, collected_log, time_limit
from ..exhibits.source import Problem, SourceFile, short
from ..options import Progress
from ..report import DocumentReport, FormReport
from ._pypdf import forget_reader
from .annotations import place_annotations
from .layers import Layers
from .outline import OutlineEntry, read_outline
from .place import StreamCache, fit_to_letter, keep_as_it_is, open_contents
from .plan import PacketPlan
from .sanitize import clean_drawing, excluded_page_keys
from .stamp import Stamper, exhibit_stamp
from .tabs import TabPageMaker

LIBRARY_LOGGERS = ("pypdf", "PIL", "img2pdf")


class ExhibitFailed(Exception):
    """A file that check found usable could not be converted: the build reports it as a
    finding of that exhibit, never as an internal error."""

    def __init__(self, document: DocumentReport | FormReport, index: int, problem: Problem) -> None:
        super().__init__(problem.message)
        self.document = document
        self.index = index  # of the file among the document's files
        self.problem = problem


@dataclass
class MergedExhibits:
    """Every form and exhibit page in the writer, in packet order; exhibit pages on Letter;
    stamped once `stamper` is set."""

    writer: PdfWriter
    streams: StreamCache
    tab_maker: TabPageMaker
    outlines: dict[str, list[OutlineEntry]] = field(default_factory=dict)  # by document id
    notes: list[Problem] = field(default_factory=list)
    form_pages: dict[str, list[PageObject]] = field(default_factory=dict)  # by form id
    tab_pages: dict[str, PageObject] = field(default_factory=dict)  # drawn here, by label
    part_pages: dict[str, list[PageObject]] = field(default_factory=dict)  # by document id
    layers: Layers = field(default_factory=Layers)
    stamper: Stamper | None = None


def merge_exhibits(
    plan: PacketPlan,
    *,
    templated_tabs: frozenset[str],
    timeout: float | None,
    progress: Progress | None = None,
) -> MergedExhibits:
    """Add the pages of every form, as they are, then of every usable document, each tab
    after its tab page unless the templates make that one (`templated_tabs`, by label).

    Only the plan's order and page counts are used: its page numbers may come from a first
    guess of the front matter's length. ExhibitFailed names a file that fails.
    """
    writer = PdfWriter()
    streams = StreamCache(writer)
    merged = MergedExhibits(writer, streams, TabPageMaker(writer))
    opening = streams.get("q\n")
    for form in plan.forms:
        merged.form_pages[form.id] = add_document(merged, form.report, timeout, placed=False)[0]
    total = len(plan.parts)
    done = 0
    for tab in plan.tabs:
        if tab.label not in templated_tabs:
            tab_page = merged.tab_maker.add(tab.label, tab.title, tab.pages)
            open_contents(tab_page, opening)
            merged.tab_pages[tab.label] = tab_page
        for part in tab.parts:
            if not part.placeholder:
                pages, outline = add_document(merged, part.report, timeout, placed=True)
                merged.part_pages[part.id] = pages
                merged.outlines[part.id] = outline
            done += 1
            if progress:
                progress("assembling", done, total)
    merged.layers.write_into(writer)
    return merged


def add_document(
    merged: MergedExhibits,
    document: DocumentReport | FormReport,
    timeout: float | None,
    *,
    placed: bool,
) -> tuple[list[PageObject], list[OutlineEntry]]:
    """Add every page of every file of a document (placed on Letter, or as it is for a form);
    return them and its own bookmarks."""
    pages: list[PageObject] = []
    outline: list[OutlineEntry] = []
    for index, source in enumerate(document.files):
        try:
            with time_limit(timeout), collected_log(*LIBRARY_LOGGERS):
                added, entries = add_file(merged, source, placed=placed)
        except FileTimeout:
            raise ExhibitFailed(
                document,
                index,
                Problem(
                    "file-timeout",
                    f"{source.path} took more than {timeout:g} s to convert and was given up; "
                    "print it to a new PDF or scan it again (or raise --timeout)",
                ),
            ) from None
        except Exception as error:  # the guard: one file's failure is that exhibit's finding
            raise ExhibitFailed(
                document,
                index,
                Problem(
                    "file-corrupt",
                    f"{source.path} could not be converted ({short(error)}); print it to a new "
                    "PDF or scan it again",
                ),
            ) from error
        if len(added) != source.pages:
            raise ExhibitFailed(
                document,
                index,
                Problem(
                    "file-corrupt",
                    f"{source.path}: {source.pages} pages were counted but {len(added)} could "
                    "be converted; print it to a new PDF",
                ),
            )
        pages.extend(added)
        outline.extend(entries)
    return pages, outline


def add_file(
    merged: MergedExhibits, source: SourceFile, *, placed: bool
) -> tuple[list[PageObject], list[OutlineEntry]]:
    """The pages of one file, added at the end, placed on Letter or left as they are (their
    annotations drawn into them either way), and its bookmarks."""
    writer = merged.writer
    reader = kind_of(source).to_pdf(source, merged.notes)
    # The file's pages by object number, and by -1 - index for destinations given as page
    # numbers: what its links and bookmarks point at, mapped to packet pages.
    added: dict[int, PageObject] = {}
    originals: list[tuple[PageObject, PageObject]] = []
    for index, original in enumerate(reader.pages):
        page = writer.add_page(original, excluded_keys=excluded_page_keys(original))
        originals.append((original, page))
        if original.indirect_reference is not None:
            added[original.indirect_reference.idnum] = page
        added[-1 - index] = page
    pages = []
    cleaned: set[int] = set()
    for original, page in originals:
        pages.append(page)
        if placed:
            matrix = fit_to_letter(page, merged.streams)
        else:  # a form: its own boxes and rotation, its content untouched
            matrix = keep_as_it_is(page, merged.streams)
        place_annotations(writer, original, page, matrix, added)
        clean_drawing(page, cleaned)
    merged.layers.add_from(reader, writer)
    outline = read_outline(reader, added)
    # What was copied is in the writer; the file's bytes (a photo's, a scan's) go now, so that
    # no image is held twice.
    forget_reader(writer, reader)
    source.opened = None
    return pages, outline


def stamp_exhibits(merged: MergedExhibits, plan: PacketPlan) -> None:
    """Stamp the pages merged so far with their packet numbers under `plan` (forms carry no
    number; in a draft, its DRAFT mark)."""
    merged.stamper = stamper = Stamper(merged.writer, plan)
    for form in plan.forms:
        for page in merged.form_pages.get(form.id, []):
            stamper.stamp(page, None, None)
    for tab in plan.tabs:
        if tab.label in merged.tab_pages:
            stamper.stamp(merged.tab_pages[tab.label], tab.tab_page, None)
        for part in tab.parts:
            for offset, page in enumerate(merged.part_pages.get(part.id, [])):
                text = exhibit_stamp(tab, part.page_in_tab + offset)
                stamper.stamp(page, part.first_page + offset, text)
