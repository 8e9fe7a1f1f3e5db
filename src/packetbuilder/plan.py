"""Stage 3, plan: tab labels, the packet's page map and Bates ranges, from page counts alone."""

from __future__ import annotations

import string
from typing import Literal

LabelStyle = Literal["letters", "numbers"]


def tab_label(index: int, style: LabelStyle = "letters") -> str:
    """The label of the tab at 0-based `index`: A..Z, AA, AB... or 1, 2, 3..."""
    if style == "numbers":
        return str(index + 1)
    label = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        label = string.ascii_uppercase[remainder] + label
    return label
