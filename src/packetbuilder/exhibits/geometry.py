"""Where a PDF page is and how it is turned, read tolerantly: one place for every page box
and rotation, used by check (so that a page it passes is one the build can place) and by the
build's placement.

Viewers normalise what the PDF specification allows and more: a box given with its corners
the other way round (`[612 792 0 0]`), a crop box reaching outside the media box, a rotation
that is not a multiple of 90 or not a number, boxes missing or not numbers. So does this.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

LETTER_BOX = (0.0, 0.0, 612.0, 792.0)


@dataclass(frozen=True)
class Geometry:
    """The visible area of a page in its own user space, and its rotation for viewing."""

    x0: float
    y0: float
    width: float
    height: float
    rotation: int  # 0, 90, 180 or 270, clockwise

    @property
    def viewed(self) -> tuple[float, float]:
        """Width and height as the page is viewed (rotation applied)."""
        return (
            (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)
        )


def box(value: Any) -> tuple[float, float, float, float] | None:
    """A rectangle from a raw PDF array, corners normalised; None when it is not a usable one."""
    try:
        value = value.get_object() if hasattr(value, "get_object") else value
        numbers = [
            float(item.get_object() if hasattr(item, "get_object") else item) for item in value
        ]
    except (TypeError, ValueError, AttributeError):
        return None
    if len(numbers) != 4 or not all(math.isfinite(number) for number in numbers):
        return None
    x0, x1 = sorted((numbers[0], numbers[2]))
    y0, y1 = sorted((numbers[1], numbers[3]))
    if x1 - x0 < 1 or y1 - y0 < 1:  # under a point: not a page anyone can see
        return None
    return x0, y0, x1, y1


def intersection(
    outer: tuple[float, float, float, float], inner: tuple[float, float, float, float]
) -> tuple[float, float, float, float] | None:
    x0, y0 = max(outer[0], inner[0]), max(outer[1], inner[1])
    x1, y1 = min(outer[2], inner[2]), min(outer[3], inner[3])
    return (x0, y0, x1, y1) if x1 - x0 >= 1 and y1 - y0 >= 1 else None


def rotation(value: Any) -> int:
    """/Rotate as a multiple of 90 in 0..270 (the nearest; 0 when it is not a number)."""
    try:
        value = value.get_object() if hasattr(value, "get_object") else value
        degrees = float(value)
    except (TypeError, ValueError, AttributeError):
        return 0
    if not math.isfinite(degrees):
        return 0
    return int(round(degrees / 90.0)) * 90 % 360


def page_geometry(page: Any) -> Geometry:
    """The visible box (crop box within the media box) and the rotation of a page dictionary,
    falling back to the media box, then to US Letter, when a box is missing or broken."""
    media = box(inherited(page, "/MediaBox")) or LETTER_BOX
    crop = box(inherited(page, "/CropBox"))
    visible = intersection(media, crop) if crop else None
    x0, y0, x1, y1 = visible or media
    return Geometry(x0, y0, x1 - x0, y1 - y0, rotation(inherited(page, "/Rotate")))


MAX_INHERITANCE = 64


def inherited(page: Any, key: str) -> Any:
    """A page attribute, from the page or the nearest page-tree node above it that has it."""
    node = page
    for _ in range(MAX_INHERITANCE):
        try:
            if key in node:
                return node[key]
            parent = node.get("/Parent")
            node = parent.get_object() if parent is not None else None
        except (TypeError, ValueError, AttributeError, KeyError):
            return None
        if node is None or not hasattr(node, "get"):
            return None
    return None
