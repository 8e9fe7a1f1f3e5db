"""What of an exhibit page may go into a packet: one allow-list, applied as each page is added.

A packet is printed, uploaded and read by agencies: nothing in it may run or fetch. A page
keeps only the keys that draw it (an allow-list, so that a key added by some producer or a
future PDF version stays out); its annotations are rebuilt elsewhere (links, drawn
appearances); and everything it draws with is walked once to drop actions, scripts and
external streams (a stream's data read from another file or a URL).
"""

from __future__ import annotations

import re
from typing import Any

from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")

# The keys of a page dictionary that draw it; everything else stays out (/AA: scripts run
# when the page opens; /AF: attached files; /Annots: rebuilt by `annotations`; /B, /Thumb,
# /PieceInfo, /Metadata, /StructParents and the rest: navigation, editing or tagging data of
# the source document that a packet has no use for).
PAGE_KEYS = frozenset(
    {
        "/Type",
        "/Parent",
        "/Resources",
        "/MediaBox",
        "/CropBox",
        "/BleedBox",
        "/TrimBox",
        "/ArtBox",
        "/Rotate",
        "/Contents",
        "/Group",
        "/UserUnit",
    }
)
# Keys that make a PDF act or fetch, wherever they are: additional actions, JavaScript, an
# action to run on opening, and a stream's external file (/F on a stream dictionary).
ACTIVE_KEYS = ("/AA", "/JS", "/JavaScript", "/OpenAction", "/Launch", "/SubmitForm")
EXTERNAL_STREAM_KEYS = ("/F", "/FFilter", "/FDecodeParms", "/DL")
MAX_WALK = 200_000  # objects; a page that reaches more is walked this far


def excluded_page_keys(page: DictionaryObject) -> list[str]:
    """The keys of a source page that are not copied into the packet."""
    return [str(key) for key in page if str(key) not in PAGE_KEYS]


def clean_drawing(page: PageObject, seen: set[int]) -> None:
    """Drop actions, scripts and external streams from what the page draws with; `seen`
    holds what is already clean (the pages of one file share their resources)."""
    pending: list[Any] = [page.get("/Resources"), page.get("/Contents")]
    while pending and len(seen) < MAX_WALK:
        item = pending.pop()
        if item is None:
            continue
        obj = item.get_object() if hasattr(item, "get_object") else item
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, DictionaryObject):
            for key in ACTIVE_KEYS:
                if key in obj:
                    del obj[key]
            if isinstance(obj, StreamObject):
                for key in EXTERNAL_STREAM_KEYS:
                    if key in obj:
                        del obj[key]
            for key, value in obj.items():
                if key != "/Parent":
                    pending.append(value)
        elif isinstance(obj, ArrayObject):
            if any(isinstance(item, NameObject) and "\x00" in item for item in obj):
                obj[:] = split_nul_names(obj)
            pending.extend(obj)


def split_nul_names(items: ArrayObject) -> list[Any]:
    """NUL is whitespace between PDF tokens, but pypdf reads it into a name
    (`/DeviceRGB\x00255`): split such a name back into the tokens it was."""
    repaired: list[Any] = []
    for item in items:
        if not (isinstance(item, NameObject) and "\x00" in item):
            repaired.append(item)
            continue
        first, *rest = [part for part in str(item).split("\x00") if part]
        repaired.append(NameObject(first))
        for token in rest:
            if token.startswith("/"):
                repaired.append(NameObject(token))
            elif NUMBER.fullmatch(token):
                repaired.append(NumberObject(token) if "." not in token else FloatObject(token))
            else:
                repaired.append(NameObject("/" + token))
    return repaired
