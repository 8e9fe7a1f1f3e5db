"""Stage 5, assemble: merge the pages, make each US Letter, stamp, link and bookmark (pypdf).

In two steps: `merge_exhibits` needs no page numbers and runs while the front matter is
rendered; `assemble_packet` then inserts the front matter and tab pages, and stamps, links
and bookmarks every page.

Every exhibit page is placed on a US Letter page, portrait or landscape as it is viewed, by a
tiny content stream with a `cm` operator in front of its own content (its content streams are
never parsed or rewritten). Form fields and other annotations with an appearance are drawn
into the page, so filled values stay visible and fields of the same name cannot collide.
Stamps are real text in one more tiny stream per page, with one font shared by all pages.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import img2pdf
from PIL import Image
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from .check import DocumentReport
from .corefonts import content_stream, font_object, pdf_string, text_width
from .errors import CaseHasErrors, InternalError
from .frontmatter import RenderedFrontMatter
from .plan import LETTER, TAB_LINK_PREFIX, PacketPlan, TabPlan
from .sources import FileTimeout, Problem, SourceFile, collected_log, time_limit
from .tabs import TabPageMaker

STAMP_BAND = 36.0  # the bottom 0.5 inch carries the stamps
STAMP_MARGIN = 36.0
STAMP_BASELINE = 15.0
STAMP_SIZE = 8.5
STAMP_FONT = NameObject("/PBs")
STAMP_FONT_NAME = "Helvetica"
MAX_OUTLINE_ITEMS = 10_000
MAX_OUTLINE_DEPTH = 32
HIDDEN_FLAGS = 2 | 32  # annotation flags Hidden and NoView


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PacketMetadata:
    title: str
    author: str
    subject: str
    date: dt.date
    creator: str


@dataclass
class AssembledPacket:
    """The packet as a pypdf writer, ready to be written, and what assembling noticed."""

    writer: PdfWriter
    page_count: int
    outline_count: int
    notes: list[Problem] = field(default_factory=list)


@dataclass
class OutlineEntry:
    """A bookmark of an exhibit's own outline: title, target page in the packet, children."""

    title: str
    page: PageObject | None
    children: list[OutlineEntry] = field(default_factory=list)


@dataclass
class MergedExhibits:
    """Every exhibit page in the writer, in packet order, on Letter but not yet stamped."""

    writer: PdfWriter
    streams: StreamCache
    outlines: dict[str, list[OutlineEntry]]  # each document's own bookmarks, by label
    notes: list[Problem]
    tab_maker: TabPageMaker
    tab_pages: dict[str, PageObject] = field(default_factory=dict)  # the tab pages drawn here
    exhibit_pages: dict[str, list[PageObject]] = field(default_factory=dict)  # by label
    stamper: Stamper | None = None  # once the pages merged here are stamped


def merge_exhibits(
    documents: list[DocumentReport],
    *,
    templated_tabs: frozenset[str] = frozenset(),
    progress: Progress | None = None,
    timeout: float | None = None,
) -> MergedExhibits:
    """Add the pages of every usable document, placed on US Letter as they are viewed, each
    after its tab page unless the templates make that (`templated_tabs`, by label).

    This needs no page numbers, so it runs while the front matter is being rendered. Pages are
    only ever added at the end here: inserting one walks the page tree up to its place.
    """
    writer = PdfWriter()
    streams = StreamCache(writer)
    merged = MergedExhibits(writer, streams, {}, [], TabPageMaker(writer))
    opening = streams.get("q\n")
    for done, document in enumerate(documents, start=1):
        if document.pages is not None:
            if document.label not in templated_tabs:
                tab_page = merged.tab_maker.add(
                    document.label, document.document.title, document.pages
                )
                open_contents(tab_page, opening)
                merged.tab_pages[document.label] = tab_page
            try:
                with time_limit(timeout):
                    pages, merged.outlines[document.label] = add_exhibit_pages(merged, document)
                merged.exhibit_pages[document.label] = pages
            except FileTimeout:
                raise CaseHasErrors(
                    f"exhibit `{document.id}` took more than {timeout:g} s to convert; nothing "
                    "was written (print it to a new PDF or scan it again, or raise --timeout)"
                ) from None
        if progress:
            progress(done, len(documents))
    return merged


def settle_exhibits(merged: MergedExhibits, plan: PacketPlan, metadata: PacketMetadata) -> None:
    """Stamp the pages merged so far with their packet numbers and set the document
    information: all that the front matter's rendering does not change."""
    merged.stamper = Stamper(merged.writer, plan)
    for tab in plan.tabs:
        if tab.label in merged.tab_pages:
            merged.stamper.stamp(merged.tab_pages[tab.label], tab.tab_page, None)
        for offset, page in enumerate(merged.exhibit_pages.get(tab.label, [])):
            merged.stamper.stamp(page, tab.first_page + offset, exhibit_stamp(tab, offset + 1))
    merged.writer.add_metadata(pdf_metadata(metadata))


def objects_still_changing(writer: PdfWriter) -> set[int]:
    """Object numbers of what `assemble_packet` changes among the objects that exist before it
    runs: the catalog (bookmarks) and the page tree's root (inserted pages). Everything else
    it touches, it creates."""
    catalog = writer.root_object
    return {catalog.indirect_reference.idnum, catalog.raw_get("/Pages").idnum}


def assemble_packet(
    merged: MergedExhibits, plan: PacketPlan, front: RenderedFrontMatter
) -> AssembledPacket:
    """Insert the front matter, templated tab pages and draft placeholders and stamp them;
    link the front matter to the tabs; bookmark every tab (after `settle_exhibits`)."""
    writer = merged.writer
    stamper = merged.stamper
    if stamper is None or stamper.plan is not plan:
        raise InternalError("the merged pages were stamped for another plan")
    if front.pdf is None or front.size != plan.front:
        raise InternalError("the front matter was laid out for another length")
    opening = merged.streams.get("q\n")
    front_reader = PdfReader(io.BytesIO(front.pdf))

    def insert(page: PageObject, number: int, exhibit_text: str | None = None) -> PageObject:
        inserted = writer.insert_page(page, number - 1)
        open_contents(inserted, opening)
        stamper.stamp(inserted, number, exhibit_text)
        return inserted

    front_pages = [insert(front_reader.pages[i], i + 1) for i in range(plan.front.total)]
    tab_pages: dict[str, PageObject] = {}
    for tab in plan.tabs:  # in order, so that every page before this tab is in place
        if tab.label in merged.tab_pages:  # drawn while merging
            tab_page = merged.tab_pages[tab.label]
        elif tab.label in front.tab_pages:  # made from the templates
            tab_page = insert(front_reader.pages[front.tab_pages[tab.label]], tab.tab_page)
        else:  # a draft's missing document
            tab_page = merged.tab_maker.add(tab.label, tab.title, tab.pages, tab.tab_page - 1)
            open_contents(tab_page, opening)
            stamper.stamp(tab_page, tab.tab_page, None)
        tab_pages[tab.label] = tab_page
        if tab.placeholder:
            placeholder = front_reader.pages[front.placeholder_pages[tab.label]]
            insert(placeholder, tab.first_page, exhibit_stamp(tab, 1))
    if len(writer.pages) != plan.total_pages:
        raise ValueError(f"planned {plan.total_pages} pages, assembled {len(writer.pages)}")

    link_front_matter(front_pages, tab_pages)
    nested = {tab.label: merged.outlines.get(tab.label, []) for tab in plan.tabs}
    outline_count = add_bookmarks(writer, plan, front_pages, tab_pages, nested)
    return AssembledPacket(writer, len(writer.pages), outline_count, merged.notes)


def exhibit_stamp(tab: TabPlan, page_number: int) -> str:
    """The left stamp of an exhibit page: "Exhibit B, page 2 of 7" (tab page not counted)."""
    return f"Exhibit {tab.label}, page {page_number} of {tab.pages}"


# --- exhibit pages ---------------------------------------------------------------------------


def add_exhibit_pages(
    merged: MergedExhibits, document: DocumentReport
) -> tuple[list[PageObject], list[OutlineEntry]]:
    """Add every page of every file of a document; return them and its own bookmarks."""
    writer = merged.writer
    pages: list[PageObject] = []
    outline: list[OutlineEntry] = []
    for source in document.files:
        reader = source_reader(source, merged.notes)
        # The file's pages by object number, and by -1 - index for destinations given as
        # page numbers: what its links and bookmarks point at, mapped to packet pages.
        added: dict[int, PageObject] = {}
        originals: list[tuple[PageObject, PageObject]] = []
        for index, original in enumerate(reader.pages):
            page = writer.add_page(original, excluded_keys=("/Annots", "/B", "/StructParents"))
            originals.append((original, page))
            if original.indirect_reference is not None:
                added[original.indirect_reference.idnum] = page
            added[-1 - index] = page
        for original, page in originals:
            pages.append(page)
            matrix = fit_to_letter(page, merged.streams)
            place_annotations(writer, original, page, matrix, added)
        outline.extend(read_outline(reader, added))
    if len(pages) != document.pages:
        raise ValueError(f"{document.id}: counted {document.pages} pages, found {len(pages)}")
    return pages, outline


def source_reader(source: SourceFile, notes: list[Problem]) -> PdfReader:
    """The opened PDF of a source file; images become one PDF page each through img2pdf."""
    if source.kind == "pdf" and source.reader is not None:
        return with_field_appearances(source.reader)
    if source.data is None:
        raise ValueError(f"{source.path} was not read")
    return PdfReader(io.BytesIO(image_to_pdf(source, notes)))


def with_field_appearances(reader: PdfReader) -> PdfReader:
    """The PDF with an appearance drawn for every filled text or choice field.

    Many producers store a field's value but leave drawing it to the viewer
    (NeedAppearances); flattening such a field would lose the value, so draw it first.
    """
    filled = {
        name: field_value
        for name, field_value in filled_fields(reader).items()
        if isinstance(field_value, str) and field_value
    }
    if not filled:
        return reader
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        on_page = {
            str(annotation.get_object().get("/T")): filled[str(annotation.get_object().get("/T"))]
            for annotation in page.get("/Annots", ArrayObject())
            if str(annotation.get_object().get("/T")) in filled
        }
        if on_page:
            writer.update_page_form_field_values(page, on_page, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    return PdfReader(buffer, strict=False)


def filled_fields(reader: PdfReader) -> dict[str, object]:
    """Text and choice field values by name; nothing for a PDF without a form."""
    try:
        fields = reader.get_fields() or {}
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return {}
    return {
        name: field.get("/V")
        for name, field in fields.items()
        if field.get("/FT") in ("/Tx", "/Ch")
    }


def image_to_pdf(source: SourceFile, notes: list[Problem]) -> bytes:
    """A PDF of an image file, a page per frame, honouring EXIF orientation; JPEGs as they are."""
    assert source.data is not None
    # Its own PDF writer always: with pikepdf installed img2pdf would otherwise use that, and
    # the same case would give different bytes on different machines.
    options = {"rotation": img2pdf.Rotation.ifvalid, "engine": img2pdf.Engine.internal}
    with collected_log("img2pdf") as collected:
        try:
            pdf = img2pdf.convert(source.data, **options)
        except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError, ValueError, OSError):
            pdf = img2pdf.convert(flattened_image(source.data), **options)
            collected.messages.append("converted to plain RGB")
    if collected.messages:
        notes.append(
            Problem(
                "image-converted",
                f"{source.path}: {'; '.join(sorted(set(collected.messages)))[:200]}; check "
                "that the page looks right in the packet",
            )
        )
    return pdf


def flattened_image(data: bytes) -> list[bytes]:
    """Every frame as an opaque RGB PNG, for images img2pdf cannot embed as they are."""
    frames = []
    with Image.open(io.BytesIO(data)) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frame = image.convert("RGBA")
            background = Image.new("RGB", frame.size, (255, 255, 255))
            background.paste(frame, mask=frame.getchannel("A"))
            buffer = io.BytesIO()
            background.save(buffer, "PNG", dpi=image.info.get("dpi", (150, 150)))
            frames.append(buffer.getvalue())
    return frames


def fit_to_letter(page: PageObject, streams: StreamCache) -> Transformation:
    """Place the page as viewed on US Letter above the stamp band: upright, centred, never enlarged.

    Returns the matrix from the page's own user space to the new page's, already applied.
    """
    box = page.cropbox
    matrix, opening, target = placement(
        float(box.left), float(box.bottom), float(box.width), float(box.height), page.rotation % 360
    )
    open_contents(page, streams.get(opening))
    page[NameObject("/MediaBox")] = RectangleObject((0, 0, *target))
    for key in ("/CropBox", "/Rotate", "/TrimBox", "/BleedBox", "/ArtBox", "/UserUnit"):
        if key in page:
            del page[key]
    return matrix


@functools.lru_cache(maxsize=256)  # the pages of a document mostly share their geometry
def placement(
    x0: float, y0: float, width: float, height: float, rotation: int
) -> tuple[Transformation, str, tuple[float, float]]:
    """For a page box and rotation: the placing matrix, the stream that applies it (and clips
    to the box), and the Letter page size, portrait or landscape."""
    viewed = (height, width) if rotation in (90, 270) else (width, height)
    target_w, target_h = (LETTER[1], LETTER[0]) if viewed[0] > viewed[1] else LETTER
    usable_h = target_h - STAMP_BAND
    scale = min(1.0, target_w / viewed[0], usable_h / viewed[1])
    offset_x = (target_w - viewed[0] * scale) / 2
    offset_y = STAMP_BAND + (usable_h - viewed[1] * scale) / 2
    # /Rotate turns the page clockwise for viewing; these matrices do the same to the content.
    turn = {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, -1, 1, 0, 0, width),
        180: (-1, 0, 0, -1, width, height),
        270: (0, 1, -1, 0, height, 0),
    }[rotation]
    matrix = (
        Transformation()
        .translate(-x0, -y0)
        .transform(Transformation(turn))
        .scale(scale, scale)
        .translate(offset_x, offset_y)
    )
    clip = f"{fmt(x0)} {fmt(y0)} {fmt(width)} {fmt(height)} re W n"
    return matrix, f"q {' '.join(fmt(v) for v in matrix.ctm)} cm {clip}\n", (target_w, target_h)


class StreamCache:
    """Tiny content streams that many pages share (same placement), each stored once."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.references: dict[str, IndirectObject] = {}

    def get(self, text: str) -> IndirectObject:
        if text not in self.references:
            self.references[text] = self.writer._add_object(content_stream(text))
        return self.references[text]


def open_contents(page: PageObject, opening: IndirectObject) -> None:
    """Put a shared stream that opens with `q` before the page's own content, unparsed.

    The page's stamp stream, added last, starts with the matching `Q`.
    """
    existing = page.get("/Contents")
    streams: list = []
    if existing is not None:
        resolved = existing.get_object()
        streams = list(resolved) if isinstance(resolved, ArrayObject) else [existing]
    page[NameObject("/Contents")] = ArrayObject([opening, *streams])


def fmt(value: float, places: int = 4) -> str:
    """A number as PDF writes it: short, no exponent."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def apply(matrix: Transformation, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix.ctm
    return a * x + c * y + e, b * x + d * y + f


def transform_rect(rect: ArrayObject, matrix: Transformation) -> RectangleObject:
    x1, y1, x2, y2 = (float(v) for v in rect)
    corners = [apply(matrix, x, y) for x in (x1, x2) for y in (y1, y2)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return RectangleObject((min(xs), min(ys), max(xs), max(ys)))


def place_annotations(
    writer: PdfWriter,
    original: PageObject,
    page: PageObject,
    matrix: Transformation,
    added: dict[int, PageObject],
) -> None:
    """Draw form fields and marked-up annotations into the page; keep links, moved with it."""
    annotations = original.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject()
    drawings: list[str] = []
    for reference in annotations.get_object():
        annotation = reference.get_object()
        if not isinstance(annotation, DictionaryObject):
            continue
        subtype = annotation.get("/Subtype")
        if int(annotation.get("/F", 0)) & HIDDEN_FLAGS:
            continue
        if subtype == "/Link":
            link = relinked(writer, annotation, matrix, added)
            if link is not None:
                kept.append(writer._add_object(link))
            continue
        drawing = draw_appearance(writer, page, annotation, len(drawings))
        if drawing:
            drawings.append(drawing)
    if drawings:
        # Appearances are in the page's own user space: drawn before the stamp closes it.
        page["/Contents"].append(writer._add_object(content_stream("\n".join(drawings))))
    if kept:
        page[NameObject("/Annots")] = kept


def relinked(
    writer: PdfWriter,
    annotation: DictionaryObject,
    matrix: Transformation,
    added: dict[int, PageObject],
) -> DictionaryObject | None:
    """A link annotation moved with its page; internal links re-targeted or dropped."""
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): transform_rect(annotation["/Rect"], matrix),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
        }
    )
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if isinstance(action, DictionaryObject) and action.get("/S") == "/URI":
        link[NameObject("/A")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject(str(action.get("/URI", ""))),
            }
        )
        return link
    destination = annotation.get("/Dest")
    if destination is None and isinstance(action, DictionaryObject):
        destination = action.get("/D") if action.get("/S") == "/GoTo" else None
    target = destination_page(destination, added)
    if target is None:
        return None
    link[NameObject("/Dest")] = ArrayObject([target.indirect_reference, NameObject("/Fit")])
    return link


def destination_page(destination, added: dict[int, PageObject]) -> PageObject | None:
    """The packet page an explicit destination points at, if it is one of this file's pages."""
    if destination is None:
        return None
    destination = destination.get_object()
    if isinstance(destination, ArrayObject) and destination:
        first = destination[0]
        if isinstance(first, IndirectObject):
            return added.get(first.idnum)
        if isinstance(first, NumberObject):
            return added.get(-1 - int(first))
    return None


def draw_appearance(
    writer: PdfWriter, page: PageObject, annotation: DictionaryObject, number: int
) -> str | None:
    """Make an annotation's normal appearance part of the page and return the drawing code."""
    appearance = annotation.get("/AP")
    if appearance is None or "/Rect" not in annotation:
        return None
    normal = appearance.get_object().get("/N")
    if normal is None:
        return None
    normal_object = normal.get_object()
    if isinstance(normal_object, DictionaryObject) and not isinstance(normal_object, StreamObject):
        state = annotation.get("/AS")
        normal = normal_object.get(state) if state is not None else None
        if normal is None:
            return None
        normal_object = normal.get_object()
    if not isinstance(normal_object, StreamObject) or "/BBox" not in normal_object:
        return None
    bbox = [float(v) for v in normal_object["/BBox"]]
    form_matrix = Transformation(
        tuple(float(v) for v in normal_object.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    )
    corners = [apply(form_matrix, x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    bx0, by0 = min(p[0] for p in corners), min(p[1] for p in corners)
    bx1, by1 = max(p[0] for p in corners), max(p[1] for p in corners)
    x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
    rx0, ry0, rx1, ry1 = min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
    if bx1 - bx0 <= 0 or by1 - by0 <= 0:
        return None
    sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
    name = NameObject(f"/PBAppearance{number}")
    xobject = normal_object.clone(writer)
    xobject[NameObject("/Type")] = NameObject("/XObject")
    xobject[NameObject("/Subtype")] = NameObject("/Form")
    resources = page_resources(page)
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[name] = xobject.indirect_reference or writer._add_object(xobject)
    matrix = (sx, 0, 0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
    return f"q {' '.join(fmt(v) for v in matrix)} cm {name} Do Q"


def page_resources(page: PageObject) -> DictionaryObject:
    """The page's resource dictionary, created if the page has none."""
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    return resources.get_object()


# --- outlines --------------------------------------------------------------------------------


def read_outline(reader: PdfReader, added: dict[int, PageObject]) -> list[OutlineEntry]:
    """An exhibit's own bookmarks, walked with a guard: loops and deep nesting end the walk."""
    try:
        root = reader.trailer["/Root"].get_object().get("/Outlines")
        if root is None:
            return []
        seen: set[int] = set()
        return list(outline_children(reader, root.get_object(), added, seen, 0))
    except (KeyError, AttributeError, TypeError, ValueError, RecursionError):
        return []


def outline_children(
    reader: PdfReader,
    parent: DictionaryObject,
    added: dict[int, PageObject],
    seen: set[int],
    depth: int,
) -> Iterator[OutlineEntry]:
    if depth > MAX_OUTLINE_DEPTH:
        return
    reference = parent.get("/First")
    while isinstance(reference, IndirectObject) and len(seen) < MAX_OUTLINE_ITEMS:
        if reference.idnum in seen:
            return  # a /Next or /First that loops back: stop here
        seen.add(reference.idnum)
        item = reference.get_object()
        if not isinstance(item, DictionaryObject):
            return
        entry = OutlineEntry(
            title=str(item.get("/Title", "")).strip() or "(untitled)",
            page=outline_target(reader, item, added),
        )
        entry.children = list(outline_children(reader, item, added, seen, depth + 1))
        yield entry
        reference = item.get("/Next")


def outline_target(
    reader: PdfReader, item: DictionaryObject, added: dict[int, PageObject]
) -> PageObject | None:
    destination = item.get("/Dest")
    action = item.get("/A")
    if destination is None and action is not None:
        action = action.get_object()
        if isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
            destination = action.get("/D")
    if destination is None:
        return None
    resolved = destination.get_object()
    if not isinstance(resolved, ArrayObject):  # a named destination
        named = reader.named_destinations.get(str(resolved))
        if named is None:
            return None
        number = reader.get_destination_page_number(named)
        return added.get(-1 - number) if number is not None and number >= 0 else None
    return destination_page(resolved, added)


def add_bookmarks(
    writer: PdfWriter,
    plan: PacketPlan,
    front_pages: list[PageObject],
    tab_pages: dict[str, PageObject],
    nested: dict[str, list[OutlineEntry]],
) -> int:
    """Cover letter, index, then one bookmark per tab with the exhibit's own nested below."""
    count = 0
    writer.add_outline_item(title="Cover letter", page_number=front_pages[0])
    writer.add_outline_item(title="Index of exhibits", page_number=front_pages[plan.front.cover])
    count += 2
    for tab in plan.tabs:
        title = f"{tab.label}. {tab.title}" + (" (missing)" if tab.placeholder else "")
        parent = writer.add_outline_item(
            title=title, page_number=tab_pages[tab.label], is_open=False
        )
        count += 1 + add_nested(writer, parent, nested[tab.label], tab_pages[tab.label])
    return count


def add_nested(writer: PdfWriter, parent, entries: list[OutlineEntry], fallback: PageObject) -> int:
    count = 0
    for entry in entries:
        item = writer.add_outline_item(
            title=entry.title, page_number=entry.page or fallback, parent=parent, is_open=False
        )
        count += 1 + add_nested(writer, item, entry.children, entry.page or fallback)
    return count


def link_front_matter(front_pages: list[PageObject], tab_pages: dict[str, PageObject]) -> None:
    """Turn the rendered `packet:tab/B` links of the cover and index into links to tab pages."""
    for page in front_pages:
        for reference in page.get("/Annots", ArrayObject()):
            annotation = reference.get_object()
            action = annotation.get("/A")
            action = action.get_object() if action is not None else None
            uri = str(action.get("/URI", "")) if isinstance(action, DictionaryObject) else ""
            if not uri.startswith(TAB_LINK_PREFIX):
                continue
            target = tab_pages[uri.removeprefix(TAB_LINK_PREFIX)]
            del annotation["/A"]
            annotation[NameObject("/Dest")] = ArrayObject(
                [
                    target.indirect_reference,
                    NameObject("/XYZ"),
                    NullObject(),
                    NullObject(),
                    NullObject(),
                ]
            )


# --- stamps and metadata ---------------------------------------------------------------------


class Stamper:
    """Writes the stamps of each page with one font object shared by the whole packet."""

    def __init__(self, writer: PdfWriter, plan: PacketPlan) -> None:
        self.writer = writer
        self.plan = plan
        self.font = font_object(writer, STAMP_FONT_NAME)

    def stamp(self, page: PageObject, number: int, exhibit_text: str | None) -> None:
        """Stamp packet page `number`: Bates number right, exhibit page left, DRAFT across.

        The page's contents must have been opened with a `q` (open_contents).
        """
        bates = self.plan.bates(number)
        width = float(page.mediabox.width)
        height = float(page.mediabox.height)
        # Q closes the page's own content; the state is then the page's initial one (black).
        # One text object with relative moves: this stream is the only per-page cost.
        bates_x = width - STAMP_MARGIN - text_width(bates, STAMP_FONT_NAME, STAMP_SIZE)
        text = f"BT{STAMP_FONT} {fmt(STAMP_SIZE)} Tf "
        if exhibit_text:
            text += f"{fmt(STAMP_MARGIN)} {fmt(STAMP_BASELINE)} Td{pdf_string(exhibit_text)}Tj "
            text += f"{fmt(bates_x - STAMP_MARGIN, 1)} 0 Td{pdf_string(bates)}Tj ET"
        else:
            text += f"{fmt(bates_x, 1)} {fmt(STAMP_BASELINE)} Td{pdf_string(bates)}Tj ET"
        parts = ["Q", text]
        if self.plan.draft:
            parts.append(draft_mark(width, height))
        fonts = page_resources(page).get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            page_resources(page)[NameObject("/Font")] = fonts
        fonts.get_object()[STAMP_FONT] = self.font
        stream = self.writer._add_object(content_stream("\n".join(parts)))
        page["/Contents"].append(stream)


def draft_mark(width: float, height: float) -> str:
    """A large outlined DRAFT across the page, diagonal, that leaves the content readable."""
    size = 120.0
    angle = math.atan2(height, width)
    cos, sin = math.cos(angle), math.sin(angle)
    text_w = text_width("DRAFT", STAMP_FONT_NAME, size)
    cx, cy = width / 2, height / 2
    x = cx - cos * text_w / 2 + sin * size * 0.35
    y = cy - sin * text_w / 2 - cos * size * 0.35
    return (
        f"q 0.85 0.15 0.15 RG 1.2 w BT 1 Tr {STAMP_FONT} {fmt(size)} Tf "
        f"{fmt(cos)} {fmt(sin)} {fmt(-sin)} {fmt(cos)} {fmt(x)} {fmt(y)} Tm (DRAFT) Tj ET Q"
    )


def pdf_date(date: dt.date) -> str:
    return f"D:{date:%Y%m%d}000000Z"


def pdf_metadata(metadata: PacketMetadata) -> dict[str, str]:
    return {
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Subject": metadata.subject,
        "/Creator": metadata.creator,
        "/Producer": metadata.creator,
        "/CreationDate": pdf_date(metadata.date),
        "/ModDate": pdf_date(metadata.date),
    }
