"""Annotations of an exhibit page: form fields and marked-up annotations drawn into the page
(so filled values stay visible and fields of the same name cannot collide), links kept and
moved with the page, internal links re-targeted to the packet's pages."""

from __future__ import annotations

import contextlib
from typing import Any, cast

from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from ._pypdf import add_object
from .place import apply, content_stream, fmt, transform_rect

HIDDEN_FLAGS = 2 | 32  # annotation flags Hidden and NoView
ANNOTATION_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


def place_annotations(
    writer: PdfWriter,
    original: PageObject,
    page: PageObject,
    matrix: Transformation,
    added: dict[int, PageObject],
) -> None:
    """Draw form fields and marked-up annotations into the page; keep links, moved with it."""
    annotations = original.get("/Annots")
    annotations = annotations.get_object() if annotations is not None else None
    if not isinstance(annotations, ArrayObject):
        return
    kept = ArrayObject()
    drawings: list[str] = []
    for reference in annotations:
        # One annotation that does not make sense (a Rect that is not numbers, an appearance
        # that loops) is left out, never the page: a broken annotation is no evidence.
        with contextlib.suppress(*ANNOTATION_ERRORS):
            annotation = reference.get_object()
            if not isinstance(annotation, DictionaryObject):
                continue
            subtype = annotation.get("/Subtype")
            if int(annotation.get("/F", 0)) & HIDDEN_FLAGS:
                continue
            if subtype == "/Link":
                link = relinked(writer, annotation, matrix, added)
                if link is not None:
                    kept.append(add_object(writer, link))
                continue
            drawing = draw_appearance(writer, page, annotation, len(drawings))
            if drawing:
                drawings.append(drawing)
    if drawings:
        # Appearances are in the page's own user space: drawn before the stamp closes it.
        contents = cast(ArrayObject, page["/Contents"])
        contents.append(add_object(writer, content_stream("\n".join(drawings))))
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
            NameObject("/Rect"): transform_rect(cast(ArrayObject, annotation["/Rect"]), matrix),
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


def destination_page(destination: Any, added: dict[int, PageObject]) -> PageObject | None:
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
    bbox = [float(v) for v in cast(ArrayObject, normal_object["/BBox"])]
    a, b, c, d, e, f = (float(v) for v in normal_object.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    form_matrix = Transformation((a, b, c, d, e, f))
    corners = [apply(form_matrix, x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    bx0, by0 = min(p[0] for p in corners), min(p[1] for p in corners)
    bx1, by1 = max(p[0] for p in corners), max(p[1] for p in corners)
    x1, y1, x2, y2 = (float(v) for v in cast(ArrayObject, annotation["/Rect"]))
    rx0, ry0, rx1, ry1 = min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
    if bx1 - bx0 <= 0 or by1 - by0 <= 0:
        return None
    sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
    name = NameObject(f"/PBAppearance{number}")
    xobject = normal_object.clone(writer)
    xobject[NameObject("/Type")] = NameObject("/XObject")
    xobject[NameObject("/Subtype")] = NameObject("/Form")
    resources = page_resources(page)
    xobjects: Any = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[name] = xobject.indirect_reference or add_object(writer, xobject)
    matrix = (sx, 0, 0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
    return f"q {' '.join(fmt(v) for v in matrix)} cm {name} Do Q"


def page_resources(page: PageObject) -> DictionaryObject:
    """The page's resource dictionary, created if the page has none."""
    resources: Any = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    return cast(DictionaryObject, resources.get_object())
